package org.vigil.knowledge;

/** A document Vigil cites: a guideline, a paper or a standard. */
public record Guideline(String id, String title, String authors, String publication, Integer year, String knowledgeRef) {}
