package org.vigil.knowledge;

import java.util.List;

/** Which members a rule applies to: conditions they must have or must not have, sex, minimum age. */
public record MemberFilter(List<String> conditions, List<String> withoutConditions, String sex, Integer minAge) {
  public MemberFilter {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
    withoutConditions = withoutConditions == null ? List.of() : List.copyOf(withoutConditions);
  }
}
