package org.vigil.engine.units;

import org.vigil.knowledge.AnalyteDefinition;

/** One value after normalization: the analyte it measures and the value in that analyte's canonical unit. */
public record Normalized(AnalyteDefinition analyte, String code, Quantity canonical, Quantity original) {}
