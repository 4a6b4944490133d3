package org.vigil.engine.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.engine.risk.InputValidator.Checked;
import org.vigil.engine.units.Problem;
import org.vigil.engine.units.Quantity;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.KnowledgeLoader;

/** GALAD against every vector of clinical-knowledge.md B5 and the pitfalls of A5. */
class GaladTest {
  private static final KnowledgeBase KNOWLEDGE = KnowledgeLoader.loadDefault();
  private static final InputValidator VALIDATOR = new InputValidator(new UnitNormalizer(KNOWLEDGE));
  private static final Galad MODEL = new Galad(KNOWLEDGE);

  /**
   * B5 [COMPUTED] regression vectors (no published worked example exists, E5): Z printed to 3 dp (±0.0005) and P to
   * 4 dp (±0.00005). Row 1 is also the input of a public JS test "Z matches the published linear predictor".
   */
  @ParameterizedTest(name = "{0} y {1}, AFP {2} ng/mL, AFP-L3 {3} %, DCP {4} ng/mL -> Z {5}, P {6}")
  @CsvSource({
      "60, male,   100, 10, 100, 4.730,  0.9913",
      "60, male,   10,  5,  1,   -0.470, 0.3846",
      "55, female, 5,   5,  0.5, -3.695, 0.0243",
      "65, male,   200, 15, 10,  4.754,  0.9915",
  })
  void galadComputedVectorsOfTheKnowledgePack(double age, String sex, double afp, double afpL3, double dcp,
      double z, double p) {
    RiskResult r = calculate(markers(age, sex, afp, afpL3, dcp));
    assertThat(r.z().orElseThrow()).isCloseTo(z, within(0.0005));
    assertThat(r.probability().orElseThrow()).isCloseTo(p, within(0.00005));
    assertThat(r.coefficientSet()).isEqualTo("GALAD_JOHNSON2014");
  }

  /** A5: Z ≥ −0.63 → further imaging (the 2014 derivation's cut-off). */
  @ParameterizedTest(name = "Z of row {0} is {1}")
  @CsvSource({
      "60, male,   10, 5, 1,   positive (further imaging)",
      "55, female, 5,  5, 0.5, negative",
      "60, male,   100, 10, 100, positive (further imaging)",
  })
  void zAtOrAboveMinus0_63IsPositiveForFurtherImaging(double age, String sex, double afp, double afpL3, double dcp,
      String category) {
    assertThat(calculate(markers(age, sex, afp, afpL3, dcp)).category()).contains(category);
  }

  /** A5 pitfall: log is log10, not ln — a tenfold AFP adds exactly 2.34 to Z, a tenfold DCP 1.33. */
  @Test
  void afpAndDcpEnterAsLog10NotNaturalLog() {
    double z = z(markers(60, "male", 10, 5, 1));
    assertThat(z(markers(60, "male", 100, 5, 1)) - z).isCloseTo(2.34, within(1e-9));
    assertThat(z(markers(60, "male", 10, 5, 10)) - z).isCloseTo(1.33, within(1e-9));
  }

  /** A5 pitfall: male = 1 with +1.67; coding female = 1 with −1.67 (two public implementations) is a bug. */
  @Test
  void maleAdds1_67ToZAndFemaleIsTheReference() {
    double male = z(markers(60, "male", 10, 5, 1));
    double female = z(markers(60, "female", 10, 5, 1));
    assertThat(male - female).isCloseTo(1.67, within(1e-9));
    assertThat(female).isCloseTo(-0.470 - 1.67, within(0.0005));
  }

  /** A5 pitfall: PIVKA-II in mAU/mL has no validated conversion to ng/mL — refused, never plugged in. */
  @ParameterizedTest(name = "DCP in {0} is refused")
  @CsvSource({"mAU/mL", "m[AU]/mL"})
  void dcpInMilliArbitraryUnitsPerMillilitreIsRefused(String unit) {
    var raw = markers(60, "male", 10, 5, 1);
    raw.put("dcp", new Quantity(40, unit));
    assertThat(problems(raw)).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("dcp");
      assertThat(p.reason()).contains(unit).contains("cannot be converted to ng/mL");
    });
    Field dcp = MODEL.fields().stream().filter(f -> f.name().equals("dcp")).findFirst().orElseThrow();
    assertThat(dcp.description()).contains("mAU/mL").contains("no validated conversion");
  }

  @Test
  void everyResultWarnsThatDcpIsNanogramsPerMillilitreNotMilliArbitraryUnits() {
    assertThat(calculate(markers(60, "male", 10, 5, 1)).warnings())
        .anySatisfy(w -> assertThat(w).contains("ng/mL").contains("mAU/mL"));
  }

  @Test
  void microgramsPerLitreAreNanogramsPerMillilitre() {
    var raw = markers(60, "male", 10, 5, 1);
    raw.put("afp", new Quantity(10, "ug/L"));
    assertThat(z(raw)).isCloseTo(-0.470, within(0.0005));
  }

  @ParameterizedTest(name = "{0} = {1} is refused")
  @CsvSource({"afp, 0", "dcp, 0", "afpL3, 101", "afpL3, -1"})
  void valuesOutsideTheAcceptedRangesAreRefusedNotClamped(String field, double value) {
    var raw = markers(60, "male", 10, 5, 1);
    raw.put(field, new Quantity(value, field.equals("afpL3") ? "%" : "ng/mL"));
    assertThat(problems(raw)).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo(field);
      assertThat(p.reason()).contains("refused, not clamped");
    });
  }

  @Test
  void unknownAndMissingInputsAreRefused() {
    var raw = markers(60, "male", 10, 5, 1);
    raw.remove("afpL3");
    raw.put("pivka", new Quantity(40, "mAU/mL"));
    assertThat(problems(raw)).extracting(Problem::field).containsExactlyInAnyOrder("pivka", "afpL3");
  }

  @Test
  void resultsCiteJohnson2014() {
    var c = calculate(markers(60, "male", 10, 5, 1)).citation();
    assertThat(c.guidelineId()).isEqualTo("galad-johnson-2014");
    assertThat(c.year()).isEqualTo(2014);
    assertThat(c.knowledgeRef()).contains("A5");
    assertThat(MODEL.name()).isEqualTo("galad");
  }

  private static double z(Map<String, Object> raw) {
    return calculate(raw).z().orElseThrow();
  }

  private static LinkedHashMap<String, Object> markers(double age, String sex, double afp, double afpL3, double dcp) {
    var raw = new LinkedHashMap<String, Object>();
    raw.put("age", age);
    raw.put("sex", sex);
    raw.put("afp", new Quantity(afp, "ng/mL"));
    raw.put("afpL3", new Quantity(afpL3, "%"));
    raw.put("dcp", new Quantity(dcp, "ng/mL"));
    return raw;
  }

  private static RiskResult calculate(Map<String, Object> raw) {
    return switch (VALIDATOR.validate(MODEL, raw, MODEL.ownFactors())) {
      case Checked.Valid v -> MODEL.calculate(v.inputs());
      case Checked.Invalid i -> throw new AssertionError("refused: " + i.problems());
    };
  }

  private static List<Problem> problems(Map<String, Object> raw) {
    return switch (VALIDATOR.validate(MODEL, raw, MODEL.ownFactors())) {
      case Checked.Valid v -> throw new AssertionError("accepted: " + v.inputs().asMap());
      case Checked.Invalid i -> i.problems();
    };
  }
}
