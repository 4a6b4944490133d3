package org.vigil.knowledge.risk;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code knowledge/risk/china-par.yaml}: China-PAR's named coefficient sets (men's and women's Cox equations), the
 * derivation age range, the model's own cholesterol factor and the 2019 Chinese guideline's risk categories.
 *
 * @param citationId the id a result's citation carries
 * @param cholesterolMmolPerMgdl China-PAR's factor (0.0259), not the 38.67 other models use (pack C6)
 */
public record ChinaParCoefficients(
    String citationId,
    String model,
    String defaultSet,
    RiskSource source,
    Bounds age,
    double cholesterolMmolPerMgdl,
    List<Category> categories,
    RiskSource categorySource,
    List<CoefficientSet> sets) {

  public static final String FILE = "china-par.yaml";

  public ChinaParCoefficients {
    Objects.requireNonNull(citationId, "citationId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(age, "age");
    categories = List.copyOf(categories);
    sets = List.copyOf(sets);
    if (sets.stream().noneMatch(s -> s.name().equals(defaultSet))) {
      throw new IllegalArgumentException("defaultSet " + defaultSet + " is not one of the coefficient sets");
    }
  }

  public static ChinaParCoefficients load() {
    return RiskKnowledge.yaml(FILE, ChinaParCoefficients.class);
  }

  public Optional<CoefficientSet> set(String name) {
    return sets.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** An accepted range, inclusive (here the derivation age range, years). */
  public record Bounds(double min, double max) {}

  /** A risk band: 10-year risk (0–1) below {@code below}; the last band has none. */
  public record Category(String id, String label, Double below) {
    public Optional<Double> upperBound() {
      return Optional.ofNullable(below);
    }
  }

  /**
   * One named, versioned set: both sexes' equations and where the numbers come from.
   *
   * @param caveat what every result computed with this set should say about it (absent for the default set)
   */
  public record CoefficientSet(String name, String description, RiskSource source, String caveat, Equation men,
      Equation women) {
    public CoefficientSet {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, name + ".source");
      Objects.requireNonNull(men, name + ".men");
      Objects.requireNonNull(women, name + ".women");
    }

    public Optional<String> caveatText() {
      return Optional.ofNullable(caveat);
    }
  }

  /**
   * One sex's equation: coefficient per term (in the file's order), the mean sum and 10-year baseline survival.
   *
   * @param inputsNotUsed inputs this equation has no term for (women: area and family history)
   */
  public record Equation(Map<String, Double> terms, double meanSum, double s10, List<String> inputsNotUsed) {
    public Equation {
      // Map.copyOf would lose the file's order, which is the order contributions are shown in.
      terms = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(terms));
      inputsNotUsed = List.copyOf(inputsNotUsed);
      if (terms.isEmpty() || terms.containsValue(null) || s10 <= 0 || s10 >= 1) {
        throw new IllegalArgumentException("an equation needs a value for every term and a baseline survival between 0 and 1");
      }
    }
  }
}
