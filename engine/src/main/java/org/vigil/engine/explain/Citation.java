package org.vigil.engine.explain;

/**
 * A resolved citation: the guideline document with the section, the strength of the source as graded by the
 * knowledge pack (P primary, S secondary) and the class of recommendation / level of evidence where given.
 */
public record Citation(
    String guidelineId,
    String title,
    String authors,
    String publication,
    int year,
    boolean yearVerified,
    String section,
    String strength,
    String recommendationClass,
    String evidenceLevel,
    String knowledgeRef) {}
