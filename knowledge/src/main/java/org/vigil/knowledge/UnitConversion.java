package org.vigil.knowledge;

import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * How a value of an analyte in some UCUM unit becomes a value in the analyte's canonical unit: by UCUM when the
 * units measure the same kind of quantity, by the knowledge pack's mass/molar factor for that analyte (C6)
 * between mass and molar concentrations, or by an affine relation (HbA1c IFCC to NGSP).
 */
public final class UnitConversion {
  private UnitConversion() {}

  /** The conversion to the canonical unit, or empty when {@code unit} cannot become it for this analyte. */
  public static Optional<DoubleUnaryOperator> toCanonical(AnalyteDefinition analyte, String unit) {
    String canonical = analyte.canonicalUnit();
    if (unit.equals(canonical)) {
      return Optional.of(DoubleUnaryOperator.identity());
    }
    for (AffineUnit af : analyte.affine()) {
      if (af.unit().equals(unit)) {
        return Optional.of(af::toCanonical);
      }
    }
    if (Ucum.comparable(unit, canonical)) {
      Optional<Double> f = Ucum.factor(unit, canonical);
      if (f.isPresent()) {
        double factor = f.get();
        return Optional.of(v -> v * factor);
      }
    }
    MassMolar mm = analyte.massMolar();
    if (mm != null && Ucum.comparable(unit, mm.massUnit())) {
      Optional<Double> toMass = Ucum.factor(unit, mm.massUnit());
      Optional<Double> toCanonical = Ucum.factor(mm.molarUnit(), canonical);
      if (toMass.isPresent() && toCanonical.isPresent()) {
        double a = toMass.get();
        double b = toCanonical.get();
        return Optional.of(v -> mm.molarFromMass(v * a) * b);
      }
    }
    return Optional.empty();
  }
}
