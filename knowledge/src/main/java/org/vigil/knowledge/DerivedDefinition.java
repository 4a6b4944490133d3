package org.vigil.knowledge;

import java.util.List;

/**
 * An analyte computed from others: {@code bmi} (weight kg / (height m)^2; the latest height at or before the
 * weight) or {@code difference} (first input minus second, from the same local day when {@code sameDay}).
 */
public record DerivedDefinition(String analyte, String formula, List<String> inputs, Boolean sameDay,
    String knowledgeRef) {
  public DerivedDefinition {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
  }
}
