package org.vigil.knowledge;

import java.util.List;

/** One category of a target-by-category rule: who belongs to it and the bands that mean "above target". */
public record CategoryDefinition(
    String category, String label, String note, CategoryWhen when, List<BandDefinition> bands) {
  public CategoryDefinition {
    bands = bands == null ? List.of() : List.copyOf(bands);
  }
}
