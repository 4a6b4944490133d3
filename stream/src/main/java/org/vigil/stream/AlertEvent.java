package org.vigil.stream;

import org.vigil.engine.monitor.Cleared;
import org.vigil.engine.monitor.Finding;

/**
 * What the monitor decided, on the alerts topic keyed by member: a finding (with everything an alert shows — rule,
 * guideline, readings, thresholds, explanation) or a rule that no longer holds. {@link #id()} is unique per decision,
 * so a consumer that persists alerts can do it idempotently.
 *
 * @param cause the reading that led to it, or the punctuation time (epoch ms, negated) for a scheduled check
 */
public record AlertEvent(Kind kind, String patientId, long cause, Finding finding, Cleared cleared) {
  public enum Kind { FINDING, CLEARED }

  public static AlertEvent finding(Finding f, long cause) {
    return new AlertEvent(Kind.FINDING, f.patientId(), cause, f, null);
  }

  public static AlertEvent cleared(Cleared c, long cause) {
    return new AlertEvent(Kind.CLEARED, c.patientId(), cause, null, c);
  }

  public String ruleId() {
    return kind == Kind.FINDING ? finding.ruleId() : cleared.ruleId();
  }

  /** One decision: member, rule, what caused it and whether it is a finding or a clearing. */
  public String id() {
    return patientId + '|' + ruleId() + '|' + cause + '|' + kind;
  }
}
