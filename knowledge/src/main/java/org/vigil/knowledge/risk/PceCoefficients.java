package org.vigil.knowledge.risk;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The Pooled Cohort Equations as data ({@code knowledge/risk/pce.yaml}): the named coefficient sets, the default one
 * and why, the cholesterol unit factor, the validated input ranges and the risk bands. Every number is checked
 * present on load, so a coefficient missing from the file stops start-up instead of silently becoming 0.
 *
 * @param citationId the id a result's citation carries (e.g. "pce-goff-2013")
 * @param mgDlPerMmolL cholesterol mg/dL per mmol/L (clinical-knowledge.md C6)
 */
public record PceCoefficients(
    String model,
    String citationId,
    String defaultSet,
    String defaultSetReason,
    Double mgDlPerMmolL,
    Ranges ranges,
    Categories categories,
    List<CoefficientSet> sets) {

  public static final String FILE = "pce.yaml";

  public PceCoefficients {
    require(model, "model");
    require(citationId, "citationId");
    require(defaultSet, "defaultSet");
    require(defaultSetReason, "defaultSetReason");
    require(mgDlPerMmolL, "mgDlPerMmolL");
    require(ranges, "ranges");
    require(categories, "categories");
    sets = List.copyOf(require(sets, "sets"));
    Set<String> names = new HashSet<>();
    for (CoefficientSet s : sets) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException("coefficient set " + s.name() + " is defined twice");
      }
    }
    if (!names.contains(defaultSet)) {
      throw new IllegalArgumentException("defaultSet " + defaultSet + " is not one of the sets " + names);
    }
  }

  /** Reads and checks {@code knowledge/risk/pce.yaml}. */
  public static PceCoefficients load() {
    return RiskKnowledge.yaml(FILE, PceCoefficients.class);
  }

  public Optional<CoefficientSet> set(String name) {
    return sets.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public List<String> setNames() {
    return sets.stream().map(CoefficientSet::name).toList();
  }

  /** One named, versioned coefficient set with its own source (the citation of every result it produces). */
  public record CoefficientSet(String name, String version, String description, RiskSource source, Groups groups) {
    public CoefficientSet {
      require(name, "sets[].name");
      require(version, name + ".version");
      require(description, name + ".description");
      require(source, name + ".source");
      require(groups, name + ".groups");
    }
  }

  /** The four sex-and-race equations; races other than African-American use the White ones (A1). */
  public record Groups(Group whiteWomen, Group africanAmericanWomen, Group whiteMen, Group africanAmericanMen) {
    public Groups {
      require(whiteWomen, "groups.whiteWomen");
      require(africanAmericanWomen, "groups.africanAmericanWomen");
      require(whiteMen, "groups.whiteMen");
      require(africanAmericanMen, "groups.africanAmericanMen");
    }

    public Group of(boolean female, boolean africanAmerican) {
      return female ? (africanAmerican ? africanAmericanWomen : whiteWomen)
          : (africanAmerican ? africanAmericanMen : whiteMen);
    }
  }

  /**
   * One equation: coefficients of the log-transformed terms (0 where the group has no such term), the mean of
   * coefficient x value in the derivation cohort and the 10-year baseline survival.
   */
  public record Group(
      Double lnAge, Double lnAgeSquared, Double lnTotalCholesterol, Double lnAgeXLnTotalCholesterol,
      Double lnHdl, Double lnAgeXLnHdl, Double lnTreatedSbp, Double lnAgeXLnTreatedSbp,
      Double lnUntreatedSbp, Double lnAgeXLnUntreatedSbp, Double smoker, Double lnAgeXSmoker,
      Double diabetes, Double meanSum, Double baselineSurvival) {

    public Group {
      List<String> missing = new ArrayList<>();
      check(missing, lnAge, "lnAge");
      check(missing, lnAgeSquared, "lnAgeSquared");
      check(missing, lnTotalCholesterol, "lnTotalCholesterol");
      check(missing, lnAgeXLnTotalCholesterol, "lnAgeXLnTotalCholesterol");
      check(missing, lnHdl, "lnHdl");
      check(missing, lnAgeXLnHdl, "lnAgeXLnHdl");
      check(missing, lnTreatedSbp, "lnTreatedSbp");
      check(missing, lnAgeXLnTreatedSbp, "lnAgeXLnTreatedSbp");
      check(missing, lnUntreatedSbp, "lnUntreatedSbp");
      check(missing, lnAgeXLnUntreatedSbp, "lnAgeXLnUntreatedSbp");
      check(missing, smoker, "smoker");
      check(missing, lnAgeXSmoker, "lnAgeXSmoker");
      check(missing, diabetes, "diabetes");
      check(missing, meanSum, "meanSum");
      check(missing, baselineSurvival, "baselineSurvival");
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("a PCE group lacks " + missing);
      }
      if (baselineSurvival <= 0 || baselineSurvival >= 1) {
        throw new IllegalArgumentException("baselineSurvival " + baselineSurvival + " is not a probability");
      }
    }

    private static void check(List<String> missing, Double v, String name) {
      if (v == null) {
        missing.add(name);
      }
    }
  }

  /** The validated ranges (A1), in the units the equation uses. */
  public record Ranges(Bounds age, Bounds totalCholesterol, Bounds hdlCholesterol, Bounds systolicBp) {
    public Ranges {
      require(age, "ranges.age");
      require(totalCholesterol, "ranges.totalCholesterol");
      require(hdlCholesterol, "ranges.hdlCholesterol");
      require(systolicBp, "ranges.systolicBp");
    }
  }

  /** Risk bands by lower bound in percent, ascending; a risk falls in the last band whose bound it reaches. */
  public record Categories(String basis, String strength, List<Band> bands) {
    public Categories {
      require(basis, "categories.basis");
      require(strength, "categories.strength");
      bands = List.copyOf(require(bands, "categories.bands"));
      for (int i = 1; i < bands.size(); i++) {
        if (bands.get(i).fromPercent() <= bands.get(i - 1).fromPercent()) {
          throw new IllegalArgumentException("categories.bands must ascend by fromPercent");
        }
      }
    }

    public Optional<Band> bandFor(double percent) {
      Band found = null;
      for (Band b : bands) {
        if (percent >= b.fromPercent()) {
          found = b;
        }
      }
      return Optional.ofNullable(found);
    }
  }

  /** An inclusive validated range in {@code unit} (UCUM; "a" for years of age). */
  public record Bounds(Double min, Double max, String unit) {
    public Bounds {
      require(min, "ranges[].min");
      require(max, "ranges[].max");
      require(unit, "ranges[].unit");
      if (min > max) {
        throw new IllegalArgumentException("range " + min + "-" + max + " is empty");
      }
    }
  }

  public record Band(String id, String label, Double fromPercent) {
    public Band {
      require(id, "categories.bands[].id");
      require(fromPercent, "categories.bands[].fromPercent");
      require(label, "categories.bands[].label");
    }
  }

  static <T> T require(T value, String what) {
    return Objects.requireNonNull(value, () -> what + " is missing");
  }
}
