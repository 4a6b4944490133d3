package org.vigil.engine.monitor;

import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * A level a rule can reach. {@code rank} 0 is the most severe band of its rule. With {@code all} every
 * criterion must hold; otherwise any one that can be evaluated. A band may apply to one sex only (waist).
 */
public record Band(
    int rank, String level, String label, Severity severity, boolean all, List<Threshold> criteria,
    String recommendedAction, Optional<String> sex, String criteriaText) {

  public Band {
    criteria = List.copyOf(criteria);
  }

  public Band(int rank, String level, String label, Severity severity, boolean all, List<Threshold> criteria,
      String recommendedAction, Optional<String> sex) {
    this(rank, level, label, severity, all, criteria, recommendedAction, sex, describe(all, criteria));
  }

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

  /** Whether the band applies to a member of this sex (a sex-specific band never applies when sex is unknown). */
  public boolean appliesTo(Optional<String> memberSex) {
    return sex.isEmpty() || sex.equals(memberSex);
  }

  /** "systolic blood pressure >= 140 mmHg or diastolic blood pressure >= 90 mmHg", computed once. */
  public String describeCriteria() {
    return criteriaText;
  }

  private static String describe(boolean all, List<Threshold> criteria) {
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
