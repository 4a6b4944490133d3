package org.vigil.server.export;

import java.util.List;

/**
 * How far a de-identified export generalizes before k-anonymity: which geography levels may be released (finest
 * first) and whether the set of conditions is a quasi-identifier.
 *
 * @param geographyLevels see {@link GeographyHierarchy}; the default {@code postal4, postal2}
 * @param conditionsQuasiIdentifier treat the member's set of active conditions as a quasi-identifier (it is then
 *     generalized with the others, and alerts lose their condition, family and rule when it is)
 */
public record DeidentificationPolicy(List<String> geographyLevels, boolean conditionsQuasiIdentifier) {
  public static final DeidentificationPolicy DEFAULT = new DeidentificationPolicy(List.of("postal4", "postal2"), false);

  public DeidentificationPolicy {
    geographyLevels = List.copyOf(geographyLevels);
  }
}
