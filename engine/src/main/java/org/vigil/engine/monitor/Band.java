package org.vigil.engine.monitor;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A level a rule can reach. {@code rank} 0 is the most severe band of its rule. With {@code all} every
 * criterion must hold; otherwise any one that can be evaluated.
 */
public record Band(
    int rank, String level, String label, Severity severity, boolean all, List<Threshold> criteria,
    String recommendedAction) {

  /** Whether the band holds over values looked up by analyte (NaN = no value for that analyte). */
  public boolean holds(ToDoubleFunction<String> valueOf) {
    boolean any = false;
    for (Threshold t : criteria) {
      double v = valueOf.applyAsDouble(t.analyte());
      boolean met = !Double.isNaN(v) && t.test(v);
      if (all && !met) {
        return false;
      }
      any |= met;
    }
    return any;
  }

  /** "systolic blood pressure >= 140 mmHg or diastolic blood pressure >= 90 mmHg". */
  public String describeCriteria() {
    StringBuilder sb = new StringBuilder();
    for (Threshold t : criteria) {
      if (!sb.isEmpty()) {
        sb.append(all ? " and " : " or ");
      }
      sb.append(t.describe());
    }
    return sb.toString();
  }
}
