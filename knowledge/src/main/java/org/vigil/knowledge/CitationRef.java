package org.vigil.knowledge;

/**
 * Where a rule's numbers come from: a guideline id, the section, the strength of the source as the
 * knowledge pack grades it (P primary seen, S secondary reproduction), and the class of recommendation and
 * level of evidence where the source gives them.
 */
public record CitationRef(
    String guideline, String section, String strength, String recommendationClass, String evidenceLevel) {}
