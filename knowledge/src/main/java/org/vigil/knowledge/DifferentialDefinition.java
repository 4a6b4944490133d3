package org.vigil.knowledge;

/**
 * An alternative explanation a rule considers, and the check that tells whether the evidence excludes it.
 * Checks: {@code repeated-readings} (at least {@code min} readings), {@code separate-days} (at least
 * {@code min} distinct days), {@code other-rule-met} (rule {@code rule} is met on the same member).
 */
public record DifferentialDefinition(
    String id, String name, String check, Integer min, String rule, String excludedText, String notExcludedText) {}
