package org.vigil.engine.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a member stands on one of the Five Highs: uncontrolled (a rule holds, with its findings), controlled
 * (rules with enough data hold none), or unknown (no rule can say yet).
 */
public record ConditionStatus(
    Condition condition, Status status, List<Finding> findings, List<String> clearRules,
    Optional<Instant> lastReading) {

  public enum Status {
    UNCONTROLLED, CONTROLLED, UNKNOWN;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ConditionStatus {
    findings = List.copyOf(findings);
    clearRules = List.copyOf(clearRules);
  }
}
