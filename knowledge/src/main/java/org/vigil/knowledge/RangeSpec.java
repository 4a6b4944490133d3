package org.vigil.knowledge;

/** The range a time-in-range rule counts readings within, inclusive, in {@code unit}. */
public record RangeSpec(String analyte, Double low, Double high, String unit) {}
