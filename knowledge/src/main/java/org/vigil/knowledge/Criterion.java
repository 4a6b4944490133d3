package org.vigil.knowledge;

/** One comparison of an analyte against a threshold, in the unit the source states. */
public record Criterion(String analyte, String op, Double value, String unit) {}
