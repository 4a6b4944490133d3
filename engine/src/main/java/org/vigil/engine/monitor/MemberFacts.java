package org.vigil.engine.monitor;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

/**
 * What the monitor knows about a member beyond readings: sex, date of birth, conditions (diabetes, gout, ...)
 * and the risk category from risk stratification when one exists. Rules use them to decide whom they apply to
 * and which target counts.
 *
 * @param sex {@code male}, {@code female}, or empty when unknown
 */
public record MemberFacts(
    Optional<String> sex, Optional<LocalDate> birthDate, Set<String> conditions, Optional<String> riskCategory) {

  public static final MemberFacts UNKNOWN = new MemberFacts(Optional.empty(), Optional.empty(), Set.of(),
      Optional.empty());

  public MemberFacts {
    conditions = Set.copyOf(conditions);
  }

  public boolean has(String condition) {
    return conditions.contains(condition);
  }

  /** Age in whole years on the member's local date of {@code at} (their readings' offset), when known. */
  public Optional<Integer> ageAt(Instant at, ZoneOffset offset) {
    return birthDate.map(b -> Period.between(b, LocalDate.ofInstant(at, offset)).getYears());
  }

  public MemberFacts withConditions(Set<String> more) {
    java.util.Set<String> all = new java.util.HashSet<>(conditions);
    all.addAll(more);
    return new MemberFacts(sex, birthDate, all, riskCategory);
  }
}
