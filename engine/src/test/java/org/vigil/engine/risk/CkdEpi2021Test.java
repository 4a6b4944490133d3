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
import org.vigil.engine.risk.RiskResult.Contribution;
import org.vigil.engine.units.Problem;
import org.vigil.engine.units.Quantity;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.KnowledgeLoader;
import org.vigil.knowledge.risk.CkdEpi2021Coefficients;

/** CKD-EPI 2021 against every vector of clinical-knowledge.md B4 and the pitfalls of A6. */
class CkdEpi2021Test {
  private static final KnowledgeBase KNOWLEDGE = KnowledgeLoader.loadDefault();
  private static final InputValidator VALIDATOR = new InputValidator(new UnitNormalizer(KNOWLEDGE));
  private static final CkdEpi2021 MODEL = new CkdEpi2021(KNOWLEDGE);

  /** B4 [TEST] kidney.epi rendered example: Scr 1.4 mg/dL, 60-year-old man → eGFRcr 57.54 (printed to 2 dp). */
  @Test
  void kidneyEpiCreatinineExampleMan60WithCreatinine1_4Gives57_54() {
    RiskResult r = calculate(patient("male", 60, new Quantity(1.4, "mg/dL")));
    assertThat(r.egfr().orElseThrow()).isCloseTo(57.54, within(0.005));
    assertThat(CkdEpi2021.reported(r.egfr().orElseThrow())).isEqualTo(58);
    assertThat(r.category()).contains("G3a");
    assertThat(r.coefficientSet()).isEqualTo("CKDEPI_INKER2021");
    assertThat(r.contributions()).extracting(Contribution::factor).first().isEqualTo("constant (eGFRcr)");
  }

  /** B4 [TEST] kidney.epi: the same man with cystatin C 0.8 mg/L → eGFRcr-cys 83.97. */
  @Test
  void kidneyEpiCreatinineCystatinExampleWithCystatin0_8Gives83_97() {
    var raw = patient("male", 60, new Quantity(1.4, "mg/dL"));
    raw.put("cystatinC", new Quantity(0.8, "mg/L"));
    RiskResult r = calculate(raw);
    assertThat(r.egfr().orElseThrow()).isCloseTo(83.97, within(0.005));
    assertThat(r.category()).contains("G2");
    assertThat(r.contributions()).extracting(Contribution::factor).first().isEqualTo("constant (eGFRcr-cys)");
  }

  /** B4 [TEST] preventr: Scr 1.5 mg/dL, 43-year-old woman → 44, a whole number rounded half-up (44.07 unrounded). */
  @Test
  void preventrExampleWoman43WithCreatinine1_5Reports44() {
    RiskResult r = calculate(patient("female", 43, new Quantity(1.5, "mg/dL")));
    assertThat(CkdEpi2021.reported(r.egfr().orElseThrow())).isEqualTo(44);
    assertThat(r.egfr().orElseThrow()).isCloseTo(44.07, within(0.005));
    assertThat(r.category()).contains("G3b");
  }

  @Test
  void theContributionsMultiplyToTheEgfr() {
    RiskResult r = calculate(patient("female", 43, new Quantity(1.5, "mg/dL")));
    double product = r.contributions().stream().mapToDouble(Contribution::contribution).reduce(1, (a, b) -> a * b);
    assertThat(product).isEqualTo(r.egfr().orElseThrow());
    assertThat(r.contributions()).extracting(Contribution::factor).containsExactly("constant (eGFRcr)",
        "creatinine below knot", "creatinine above knot", "age", "sex");
  }

  /** A6/C6: 1 mg/dL = 88.4 µmol/L, with the equation's own factor. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"123.76, umol/L", "123.76, µmol/L", "0.12376, mmol/L"})
  void creatinineInMicromolesPerLitreIsDividedBy88_4(double value, String unit) {
    assertThat(MODEL.ownFactors()).containsEntry("creatinine|umol/L", 1 / 88.4);
    RiskResult r = calculate(patient("male", 60, new Quantity(value, unit)));
    assertThat(r.egfr().orElseThrow()).isCloseTo(57.54, within(0.005));
  }

  @ParameterizedTest(name = "{0} reports as {1}")
  @CsvSource({"44.49, 44", "44.5, 45", "57.54, 58", "59.5, 60", "89.49, 89", "89.5, 90"})
  void theReportedEgfrIsAWholeNumberRoundedHalfUp(double egfr, int reported) {
    assertThat(CkdEpi2021.reported(egfr)).isEqualTo(reported);
  }

  /** KDIGO G1 ≥90, G2 60–89, G3a 45–59, G3b 30–44, G4 15–29, G5 <15, read on the whole-number eGFR. */
  @ParameterizedTest(name = "eGFR {0} is {1}")
  @CsvSource({
      "120, G1", "90, G1", "89, G2", "60, G2", "59, G3a", "45, G3a", "44, G3b", "30, G3b", "29, G4", "15, G4",
      "14, G5", "0, G5",
  })
  void kdigoCategoriesAreTheWholeNumberBands(int reported, String category) {
    assertThat(CkdEpi2021Coefficients.load().category(reported).id()).isEqualTo(category);
  }

  @Test
  void cystatinCIsOptionalAndGivenInMilligramsPerLitre() {
    assertThat(MODEL.fields()).filteredOn(f -> f.name().equals("cystatinC")).singleElement().satisfies(f -> {
      assertThat(f.required()).isFalse();
      assertThat(f.analyte()).isNull();
      assertThat(f.unit()).isEqualTo("mg/L");
    });
  }

  @Test
  void minorsAreRefusedBecauseTheEquationIsForAdults() {
    assertThat(problems(patient("male", 17, new Quantity(1.0, "mg/dL")))).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("age");
      assertThat(p.reason()).contains("18–120").contains("refused, not clamped");
    });
  }

  @Test
  void aZeroCreatinineIsRefusedNotDividedBy() {
    assertThat(problems(patient("male", 60, new Quantity(0, "mg/dL")))).extracting(Problem::field)
        .containsExactly("creatinine");
  }

  @Test
  void unknownAndMissingInputsAreRefused() {
    var raw = patient("male", 60, new Quantity(1.4, "mg/dL"));
    raw.remove("sex");
    raw.put("race", "black");
    assertThat(problems(raw)).extracting(Problem::field).containsExactlyInAnyOrder("race", "sex");
  }

  @Test
  void resultsCiteInker2021() {
    var c = calculate(patient("male", 60, new Quantity(1.4, "mg/dL"))).citation();
    assertThat(c.guidelineId()).isEqualTo("ckd-epi-inker-2021");
    assertThat(c.year()).isEqualTo(2021);
    assertThat(c.knowledgeRef()).contains("A6");
    assertThat(MODEL.name()).isEqualTo("ckd-epi-2021");
  }

  private static LinkedHashMap<String, Object> patient(String sex, double age, Quantity creatinine) {
    var raw = new LinkedHashMap<String, Object>();
    raw.put("age", age);
    raw.put("sex", sex);
    raw.put("creatinine", creatinine);
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
