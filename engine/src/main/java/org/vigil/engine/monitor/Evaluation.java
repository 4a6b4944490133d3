package org.vigil.engine.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The monitor's answer: the member's next state, the findings the reading produced, and the rules it showed no
 * longer hold (whose alerts may resolve themselves).
 *
 * <p>The decision — which rules hold, at which level — is made when the evaluation is made. The explained
 * findings (evidence lists, thresholds, differentials, text) are built on first access: everything they need is
 * immutable, so building them later gives exactly the same findings, and a caller that only needs the decision
 * (a replay, a benchmark of the rules) does not pay for the prose.
 */
public final class Evaluation {
  private final PatientState state;
  private final List<Supplier<Finding>> pending;
  private final List<Cleared> cleared;
  private List<Finding> findings;

  Evaluation(PatientState state, List<Supplier<Finding>> pending, List<Cleared> cleared, boolean lazy) {
    this.state = state;
    this.pending = List.copyOf(pending);
    this.cleared = List.copyOf(cleared);
  }

  public Evaluation(PatientState state, List<Finding> findings, List<Cleared> cleared) {
    this.state = state;
    this.pending = List.of();
    this.findings = List.copyOf(findings);
    this.cleared = List.copyOf(cleared);
  }

  public Evaluation(PatientState state, List<Finding> findings) {
    this(state, findings, List.of());
  }

  public PatientState state() {
    return state;
  }

  /** The explained findings (built once, on first call). */
  public List<Finding> findings() {
    if (findings == null) {
      List<Finding> built = new ArrayList<>(pending.size());
      pending.forEach(s -> built.add(s.get()));
      findings = List.copyOf(built);
    }
    return findings;
  }

  /** How many rules hold, without building their explanations. */
  public int findingCount() {
    return findings != null ? findings.size() : pending.size();
  }

  public List<Cleared> cleared() {
    return cleared;
  }
}
