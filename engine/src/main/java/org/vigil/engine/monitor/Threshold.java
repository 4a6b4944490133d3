package org.vigil.engine.monitor;

import org.vigil.engine.units.Quantity;

/**
 * A compiled criterion: analyte, comparison and threshold in the analyte's canonical unit. A threshold without
 * a value is an operator-configurable parameter not yet set; a rule holding one is inactive.
 */
public record Threshold(String analyte, String analyteDisplay, Operator op, Quantity limit) {
  /**
   * Compared at float precision: states keep values as float, and a result printed at a threshold (LDL 1.8,
   * TG 5.6) must meet it exactly, not miss it by the rounding of its storage.
   */
  public boolean test(double value) {
    return op.test((float) value, (float) limit.value());
  }

  public boolean configured() {
    return !Double.isNaN(limit.value());
  }

  /** "systolic blood pressure > 180 mmHg". */
  public String describe() {
    return analyteDisplay + " " + op.symbol() + " "
        + (configured() ? limit.formattedValue(2) : "(not configured)") + " " + limit.displayUnit();
  }
}
