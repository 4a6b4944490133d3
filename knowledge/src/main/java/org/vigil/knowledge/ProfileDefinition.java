package org.vigil.knowledge;

import java.util.List;

/** A guideline profile (China, international): the set of rules a tenant or region runs. */
public record ProfileDefinition(String id, String name, String description, List<String> rules) {
  public ProfileDefinition {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
