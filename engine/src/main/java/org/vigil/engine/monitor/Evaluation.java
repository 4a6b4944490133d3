package org.vigil.engine.monitor;

import java.util.List;

/** The monitor's answer: the member's next state and the findings the reading produced. */
public record Evaluation(PatientState state, List<Finding> findings) {
  public Evaluation {
    findings = List.copyOf(findings);
  }
}
