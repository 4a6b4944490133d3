package org.vigil.knowledge.risk;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code knowledge/risk/galad.yaml}: the GALAD logistic model's coefficients (log10 of AFP and DCP), its cut-off and
 * the ranges Vigil accepts.
 */
public record GaladCoefficients(
    String citationId,
    String model,
    String set,
    RiskSource source,
    Coefficients coefficients,
    double cutoff,
    Ranges ranges) {

  public static final String FILE = "galad.yaml";

  public GaladCoefficients {
    Objects.requireNonNull(citationId, "citationId");
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(coefficients, "coefficients");
    Objects.requireNonNull(ranges, "ranges");
  }

  public static GaladCoefficients load() {
    return RiskKnowledge.yaml(FILE, GaladCoefficients.class);
  }

  /** Z's terms; {@code male} applies when the sex is male (1), female is 0. */
  public record Coefficients(double intercept, double age, double male, double log10Afp, double afpL3,
      double log10Dcp) {}

  /** The accepted range of each input, in the model's units. */
  public record Ranges(Bounds age, Bounds afp, Bounds afpL3, Bounds dcp) {
    public Ranges {
      Objects.requireNonNull(age, "ranges.age");
      Objects.requireNonNull(afp, "ranges.afp");
      Objects.requireNonNull(afpL3, "ranges.afpL3");
      Objects.requireNonNull(dcp, "ranges.dcp");
    }
  }

  /** An accepted range, inclusive; either end may be open. */
  public record Bounds(Double min, Double max) {
    public Optional<Double> lower() {
      return Optional.ofNullable(min);
    }

    public Optional<Double> upper() {
      return Optional.ofNullable(max);
    }
  }
}
