package org.vigil.knowledge;

import java.util.List;

/** Something Vigil measures: its canonical UCUM unit, the LOINC codes that carry it and its conversions. */
public record AnalyteDefinition(
    String id,
    String display,
    String canonicalUnit,
    List<String> loinc,
    MassMolar massMolar,
    List<AffineUnit> affine,
    Range plausible,
    String fastingVariant) {

  public AnalyteDefinition {
    loinc = loinc == null ? List.of() : List.copyOf(loinc);
    affine = affine == null ? List.of() : List.copyOf(affine);
  }

  /** The code Vigil writes when it reports this analyte: the first LOINC code listed. */
  public String primaryCode() {
    return loinc.getFirst();
  }
}
