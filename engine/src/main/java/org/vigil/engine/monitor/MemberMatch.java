package org.vigil.engine.monitor;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.vigil.knowledge.MemberFilter;

/** A compiled member filter: conditions required and excluded, sex, minimum age. */
public record MemberMatch(Set<String> conditions, Set<String> without, Optional<String> sex, Optional<Integer> minAge) {
  public static final MemberMatch ANYONE = new MemberMatch(Set.of(), Set.of(), Optional.empty(), Optional.empty());

  static MemberMatch of(MemberFilter f) {
    if (f == null) {
      return ANYONE;
    }
    return new MemberMatch(Set.copyOf(f.conditions()), Set.copyOf(f.withoutConditions()),
        Optional.ofNullable(f.sex()), Optional.ofNullable(f.minAge()));
  }

  public boolean matches(MemberFacts facts, Instant now, java.time.ZoneOffset offset) {
    for (String c : conditions) {
      if (!facts.has(c)) {
        return false;
      }
    }
    for (String c : without) {
      if (facts.has(c)) {
        return false;
      }
    }
    if (sex.isPresent() && !sex.equals(facts.sex())) {
      return false;
    }
    if (minAge.isPresent()) {
      Optional<Integer> age = facts.ageAt(now, offset);
      return age.isPresent() && age.get() >= minAge.get();
    }
    return true;
  }
}
