package org.vigil.engine.monitor;

import org.vigil.engine.units.Quantity;

/** A compiled criterion: analyte, comparison and threshold in the analyte's canonical unit. */
public record Threshold(String analyte, String analyteDisplay, Operator op, Quantity limit) {
  public boolean test(double value) {
    return op.test(value, limit.value());
  }

  /** "systolic blood pressure > 180 mmHg". */
  public String describe() {
    return analyteDisplay + " " + op.symbol() + " " + limit.formattedValue(2) + " " + limit.displayUnit();
  }
}
