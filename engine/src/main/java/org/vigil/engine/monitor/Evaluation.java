package org.vigil.engine.monitor;

import java.util.List;

/**
 * The monitor's answer: the member's next state, the findings the reading produced, and the rules it showed
 * no longer hold (whose alerts may resolve themselves).
 */
public record Evaluation(PatientState state, List<Finding> findings, List<Cleared> cleared) {
  public Evaluation {
    findings = List.copyOf(findings);
    cleared = List.copyOf(cleared);
  }

  public Evaluation(PatientState state, List<Finding> findings) {
    this(state, findings, List.of());
  }
}
