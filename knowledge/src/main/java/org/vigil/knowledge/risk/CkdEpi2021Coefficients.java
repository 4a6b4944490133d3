package org.vigil.knowledge.risk;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code knowledge/risk/ckd-epi-2021.yaml}: the CKD-EPI 2021 creatinine and creatinine–cystatin C equations, the
 * creatinine factor (88.4) and KDIGO's GFR categories.
 */
public record CkdEpi2021Coefficients(
    String citationId,
    String model,
    String set,
    RiskSource source,
    Bounds age,
    Bounds cystatinC,
    double creatinineUmolPerMgdl,
    CreatinineEquation creatinine,
    CystatinEquation creatinineCystatin,
    List<Category> categories) {

  public static final String FILE = "ckd-epi-2021.yaml";

  public CkdEpi2021Coefficients {
    Objects.requireNonNull(citationId, "citationId");
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(age, "age");
    Objects.requireNonNull(cystatinC, "cystatinC");
    Objects.requireNonNull(creatinine, "creatinine");
    Objects.requireNonNull(creatinineCystatin, "creatinineCystatin");
    categories = List.copyOf(categories);
    for (int i = 1; i < categories.size(); i++) {
      if (categories.get(i).atLeast() >= categories.get(i - 1).atLeast()) {
        throw new IllegalArgumentException("categories must be listed from the highest eGFR down");
      }
    }
    if (categories.isEmpty() || categories.getLast().atLeast() != 0) {
      throw new IllegalArgumentException("the last category must start at 0");
    }
  }

  public static CkdEpi2021Coefficients load() {
    return RiskKnowledge.yaml(FILE, CkdEpi2021Coefficients.class);
  }

  /** The category of a reported (whole-number) eGFR. */
  public Category category(double reportedEgfr) {
    return categories.stream().filter(c -> reportedEgfr >= c.atLeast()).findFirst().orElse(categories.getLast());
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

  /** Per sex: the creatinine knot κ, the exponent α below it and the sex factor. */
  public record SexTerms(double kappa, double alpha, double factor) {}

  /** eGFRcr. */
  public record CreatinineEquation(double constant, double creatinineAbove, double ageBase, SexTerms female,
      SexTerms male) {
    public CreatinineEquation {
      Objects.requireNonNull(female, "creatinine.female");
      Objects.requireNonNull(male, "creatinine.male");
    }
  }

  /** eGFRcr-cys. */
  public record CystatinEquation(double constant, double creatinineAbove, double cystatinKnot, double cystatinBelow,
      double cystatinAbove, double ageBase, SexTerms female, SexTerms male) {
    public CystatinEquation {
      Objects.requireNonNull(female, "creatinineCystatin.female");
      Objects.requireNonNull(male, "creatinineCystatin.male");
    }
  }

  /** A KDIGO GFR category: eGFR at or above {@code atLeast} (and below the category before it). */
  public record Category(String id, double atLeast) {}
}
