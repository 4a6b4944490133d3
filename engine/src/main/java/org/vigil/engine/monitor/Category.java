package org.vigil.engine.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One category of a target-by-category rule: who belongs (a risk category, or conditions and a minimum age)
 * and the bands that mean "above this category's target".
 */
public record Category(
    String category, String label, Optional<String> note, Set<String> riskCategories, Set<String> conditions,
    Optional<Integer> minAge, List<Band> bands) {

  public Category {
    riskCategories = Set.copyOf(riskCategories);
    conditions = Set.copyOf(conditions);
    bands = List.copyOf(bands);
  }

  public boolean includes(MemberFacts facts, Instant now, java.time.ZoneOffset offset) {
    if (!riskCategories.isEmpty()) {
      return facts.riskCategory().map(riskCategories::contains).orElse(false);
    }
    for (String c : conditions) {
      if (!facts.has(c)) {
        return false;
      }
    }
    if (minAge.isPresent()) {
      Optional<Integer> age = facts.ageAt(now, offset);
      return age.isPresent() && age.get() >= minAge.get();
    }
    return true;
  }
}
