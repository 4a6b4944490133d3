package org.vigil.knowledge;

import java.util.List;

/**
 * When a member belongs to a category: their risk category is one of {@code riskCategories}, or they have every
 * condition in {@code conditions} (and are at least {@code minAge}). Empty parts do not constrain.
 */
public record CategoryWhen(List<String> riskCategories, List<String> conditions, Integer minAge) {
  public CategoryWhen {
    riskCategories = riskCategories == null ? List.of() : List.copyOf(riskCategories);
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }
}
