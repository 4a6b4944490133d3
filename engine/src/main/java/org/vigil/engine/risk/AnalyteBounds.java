package org.vigil.engine.risk;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.vigil.knowledge.AnalyteDefinition;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.UnitConversion;

/**
 * Quantity fields whose source gives no validated range: they take the analyte's plausibility bounds
 * (analytes.yaml), converted to the model's unit. Those bounds are not clinical; they exist because the validator
 * checks only a field's own range, and a logarithm or ratio of zero would otherwise reach the equation.
 */
final class AnalyteBounds {
  private AnalyteBounds() {}

  /** A required quantity field bounded by the analyte's plausible range in {@code unit}; fails at start-up if the
   *  knowledge has no such analyte or cannot express it in {@code unit}. */
  static Field field(KnowledgeBase knowledge, String name, String analyteId, String unit, String description) {
    AnalyteDefinition analyte = knowledge.analyte(analyteId)
        .orElseThrow(() -> new IllegalStateException("field " + name + ": no analyte " + analyteId + " in the knowledge"));
    double canonicalPerUnit = UnitConversion.toCanonical(analyte, unit)
        .orElseThrow(() -> new IllegalStateException("field " + name + ": " + analyteId + " cannot be given in " + unit))
        .applyAsDouble(1.0);
    // Rounded outward to three significant digits so the refusal message names a readable range that still
    // contains every plausible value.
    double min = round(analyte.plausible().min() / canonicalPerUnit, RoundingMode.FLOOR);
    double max = round(analyte.plausible().max() / canonicalPerUnit, RoundingMode.CEILING);
    return Field.quantity(name, analyteId, unit, min, max, description);
  }

  private static double round(double v, RoundingMode mode) {
    return BigDecimal.valueOf(v).round(new MathContext(3, mode)).doubleValue();
  }
}
