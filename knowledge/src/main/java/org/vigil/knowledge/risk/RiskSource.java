package org.vigil.knowledge.risk;

/**
 * Where a risk model's coefficients come from: the paper or standard, its section or table, the knowledge pack's
 * grading of the source and the place in the pack (e.g. "clinical-knowledge.md A1").
 */
public record RiskSource(
    String title, String authors, String publication, Integer year, String section, String strength,
    String knowledgeRef) {}
