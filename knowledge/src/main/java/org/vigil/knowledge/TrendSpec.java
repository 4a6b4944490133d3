package org.vigil.knowledge;

import java.time.Duration;

/** A trend rule's analyte and the period its slope is expressed per (kg per 7 days). */
public record TrendSpec(String analyte, Duration per) {}
