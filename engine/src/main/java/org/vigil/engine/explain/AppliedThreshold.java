package org.vigil.engine.explain;

import org.vigil.engine.units.Quantity;

/**
 * A threshold the rule applied: the analyte, the comparison, the threshold, the value it was compared with
 * (a reading, or a mean) and whether it was met.
 */
public record AppliedThreshold(
    String analyte, String operator, Quantity threshold, Quantity observed, String observedAs, boolean met) {}
