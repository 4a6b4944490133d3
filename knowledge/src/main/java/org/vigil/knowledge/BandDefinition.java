package org.vigil.knowledge;

import java.util.List;

/**
 * One level a rule can reach (stage 2, grade 1, crisis): its criteria, how they combine ({@code any} or
 * {@code all}), the severity Vigil gives it and the action it recommends.
 */
public record BandDefinition(
    String level,
    String label,
    String severity,
    String match,
    List<Criterion> criteria,
    String recommendedAction,
    String sex) {

  public BandDefinition {
    criteria = criteria == null ? List.of() : List.copyOf(criteria);
  }
}
