package org.vigil.knowledge.risk;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.vigil.knowledge.KnowledgeException;

/**
 * The PREVENT equations as data: {@code knowledge/risk/prevent.yaml} (source, named sets, ranges, unit factor,
 * decisions) and the coefficient sheets of {@code prevent-coefficients.json} (sheet → term → "women_cvd"… →
 * coefficient). Loading checks that every declared sheet exists and that each sheet gives every term for every
 * outcome of both sexes, so a hole in the transcription stops start-up instead of becoming a silent 0.
 */
public record PreventCoefficients(Definition definition, Map<String, Map<String, Map<String, Double>>> sheets) {

  public static final String FILE = "prevent.yaml";
  public static final List<String> SEXES = List.of("women", "men");

  public PreventCoefficients {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(sheets, "sheets");
    List<String> problems = new ArrayList<>();
    Set<String> termsOfFirst = null;
    for (CoefficientSet set : definition.sets()) {
      Map<String, Map<String, Double>> sheet = sheets.get(set.sheet());
      if (sheet == null) {
        problems.add(definition.coefficientsFile() + ": sheet " + set.sheet() + " of " + set.name() + " is missing");
        continue;
      }
      if (termsOfFirst == null) {
        termsOfFirst = sheet.keySet();
      } else if (!termsOfFirst.equals(sheet.keySet())) {
        problems.add(definition.coefficientsFile() + ": sheet " + set.sheet() + " has other terms than the rest");
      }
      for (var term : sheet.entrySet()) {
        for (String sex : SEXES) {
          for (Outcome o : definition.outcomes()) {
            if (term.getValue().get(sex + "_" + o.column()) == null) {
              problems.add(definition.coefficientsFile() + ": " + set.sheet() + "." + term.getKey() + " has no "
                  + sex + "_" + o.column());
            }
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new KnowledgeException(problems);
    }
    Map<String, Map<String, Map<String, Double>>> copy = new LinkedHashMap<>();
    sheets.forEach((sheet, terms) -> {
      Map<String, Map<String, Double>> t = new LinkedHashMap<>();
      terms.forEach((term, byColumn) -> t.put(term, Collections.unmodifiableMap(new LinkedHashMap<>(byColumn))));
      copy.put(sheet, Collections.unmodifiableMap(t));
    });
    sheets = Collections.unmodifiableMap(copy);
  }

  /** Reads and checks prevent.yaml and the coefficient sheets it names. */
  public static PreventCoefficients load() {
    Definition d = RiskKnowledge.yaml(FILE, Definition.class);
    Sheets s = RiskKnowledge.json(d.coefficientsFile(), Sheets.class);
    return new PreventCoefficients(d, s.bySheet());
  }

  /** The coefficients of one sheet for one sex ("women"/"men") and outcome column ("cvd"…), by term key. */
  public Map<String, Double> column(String sheet, String sex, String outcomeColumn) {
    Map<String, Double> out = new LinkedHashMap<>();
    sheets.get(sheet).forEach((term, byColumn) -> out.put(term, byColumn.get(sex + "_" + outcomeColumn)));
    return out;
  }

  /** The term keys every sheet carries (they are checked equal across sheets on load). */
  public Set<String> termKeys() {
    return sheets.get(definition.sets().getFirst().sheet()).keySet();
  }

  /** prevent.yaml. */
  public record Definition(
      String model,
      String citationId,
      RiskSource source,
      String coefficientsFile,
      Double mmolLPerMgDl,
      List<Outcome> outcomes,
      List<CoefficientSet> sets,
      Ranges ranges,
      ThirtyYear thirtyYear,
      Note sdi,
      Quirk womenAscvdMissingSdi,
      Categories categories,
      Note population) {

    public Definition {
      require(model, "model");
      require(citationId, "citationId");
      require(source, "source");
      require(coefficientsFile, "coefficientsFile");
      require(mmolLPerMgDl, "mmolLPerMgDl");
      outcomes = List.copyOf(require(outcomes, "outcomes"));
      sets = List.copyOf(require(sets, "sets"));
      require(ranges, "ranges");
      require(thirtyYear, "thirtyYear");
      require(sdi, "sdi");
      require(womenAscvdMissingSdi, "womenAscvdMissingSdi");
      require(categories, "categories");
      require(population, "population");
      Set<String> names = new HashSet<>();
      Set<String> variantYears = new HashSet<>();
      for (CoefficientSet s : sets) {
        if (!names.add(s.name()) || !variantYears.add(s.variant() + "/" + s.years())) {
          throw new IllegalArgumentException("coefficient set " + s.name() + " duplicates a name or variant/years");
        }
      }
    }

    /** The set of a variant ("base", "acr", "hba1c", "sdi", "full") and horizon, if the file declares one. */
    public Optional<CoefficientSet> set(String variant, int years) {
      return sets.stream().filter(s -> s.variant().equals(variant) && s.years() == years).findFirst();
    }
  }

  /** A sheet column ("cvd") and the outcome id results carry ("total-cvd"). */
  public record Outcome(String column, String id, String label) {
    public Outcome {
      require(column, "outcomes[].column");
      require(id, "outcomes[].id");
      require(label, "outcomes[].label");
    }
  }

  /** A named, versioned coefficient set: one sheet of the JSON, its model variant and horizon in years. */
  public record CoefficientSet(String name, String sheet, String variant, Integer years) {
    public CoefficientSet {
      require(name, "sets[].name");
      require(sheet, name + ".sheet");
      require(variant, name + ".variant");
      require(years, name + ".years");
    }
  }

  /** Validated ranges in the equation's units; optional inputs may have no bound where the pack gives none. */
  public record Ranges(
      Bounds age, Bounds totalCholesterol, Bounds hdlCholesterol, Bounds systolicBp, Bounds bmi, Bounds egfr,
      Bounds uacr, Bounds hba1c, Bounds sdiDecile) {
    public Ranges {
      bounded(age, "age");
      bounded(totalCholesterol, "totalCholesterol");
      bounded(hdlCholesterol, "hdlCholesterol");
      bounded(systolicBp, "systolicBp");
      bounded(bmi, "bmi");
      bounded(egfr, "egfr");
      require(uacr, "ranges.uacr");
      require(hba1c, "ranges.hba1c");
      require(sdiDecile, "ranges.sdiDecile");
    }

    /** The required inputs' ranges must be closed: the pack gives both ends for each. */
    private static void bounded(Bounds b, String name) {
      if (b == null || b.min() == null || b.max() == null) {
        throw new IllegalArgumentException("ranges." + name + " needs min and max");
      }
    }
  }

  /** An inclusive range (either end may be absent) in {@code unit}, and where it comes from. */
  public record Bounds(Double min, Double max, String unit, String basis) {
    public Bounds {
      require(unit, "ranges[].unit");
      require(basis, "ranges[].basis");
    }
  }

  public record ThirtyYear(Boolean ageRangeStatedInPack, String warning) {
    public ThirtyYear {
      require(ageRangeStatedInPack, "thirtyYear.ageRangeStatedInPack");
      require(warning, "thirtyYear.warning");
    }
  }

  public record Note(String warning) {
    public Note {
      require(warning, "warning");
    }
  }

  /** A documented decision about reproducing a reference implementation's behaviour. */
  public record Quirk(Boolean mimicOnlineCalculator, String reason) {
    public Quirk {
      require(mimicOnlineCalculator, "womenAscvdMissingSdi.mimicOnlineCalculator");
      require(reason, "womenAscvdMissingSdi.reason");
    }
  }

  public record Categories(Boolean found, String warning) {
    public Categories {
      require(found, "categories.found");
      require(warning, "categories.warning");
    }
  }

  /** The JSON root: sheet name → term key → "women_cvd"… → coefficient. */
  public record Sheets(Map<String, Map<String, Map<String, Double>>> bySheet) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Sheets {
      require(bySheet, "coefficient sheets");
    }
  }

  private static <T> T require(T value, String what) {
    return Objects.requireNonNull(value, () -> what + " is missing");
  }
}
