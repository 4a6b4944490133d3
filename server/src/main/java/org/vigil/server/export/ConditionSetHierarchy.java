package org.vigil.server.export;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A member's set of active conditions ({@code diabetes+hypertension}, {@code none}) → how many there are
 * ({@code 2 conditions}) → {@code *}. Optional quasi-identifier: a diagnosis list can be known to an attacker (an
 * insurer, an employer) as well as an age.
 */
public final class ConditionSetHierarchy implements Hierarchy<Set<String>> {
  @Override
  public String attribute() {
    return "conditions";
  }

  @Override
  public List<String> levels() {
    return List.of("condition set", "number of conditions", SUPPRESSED);
  }

  @Override
  public List<String> ladder(Set<String> conditions) {
    String set = conditions.isEmpty() ? "none" : String.join("+", new TreeSet<>(conditions));
    String count = conditions.size() + (conditions.size() == 1 ? " condition" : " conditions");
    return List.of(set, count, SUPPRESSED);
  }
}
