package org.vigil.engine.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.engine.units.Quantity;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * PREVENT against the Khan et al. Table S12 example (clinical-knowledge.md B2) and a test per A2 note: BMI only in
 * heart failure, variant by optional inputs, missing indicators, SDI US-only, the women-ASCVD missing-SDI quirk,
 * PREVENT's own cholesterol factor, no category.
 */
class PreventEquationsTest {
  private static final KnowledgeBase KNOWLEDGE = KnowledgeLoader.loadDefault();
  private static final InputValidator VALIDATOR = new InputValidator(new UnitNormalizer(KNOWLEDGE));
  private static final PreventEquations PREVENT = new PreventEquations(KNOWLEDGE);

  /**
   * B2 inputs: age 50, TC 200 mg/dL, HDL-C 45 mg/dL, SBP 160 mmHg, on antihypertensive, diabetes, non-smoker,
   * BMI 35, eGFR 90, no statin.
   */
  static Map<String, Object> tableS12(String sex) {
    Map<String, Object> raw = new HashMap<>();
    raw.put("age", 50);
    raw.put("sex", sex);
    raw.put("totalCholesterol", new Quantity(200, "mg/dL"));
    raw.put("hdlCholesterol", new Quantity(45, "mg/dL"));
    raw.put("systolicBp", new Quantity(160, "mm[Hg]"));
    raw.put("onBpTreatment", true);
    raw.put("onStatin", false);
    raw.put("smoker", false);
    raw.put("diabetes", true);
    raw.put("bmi", new Quantity(35, "kg/m2"));
    raw.put("egfr", new Quantity(90, "mL/min/{1.73_m2}"));
    return raw;
  }

  /** B2's optional-model add-ons: UACR 40 mg/g, HbA1c 7.5 %, SDI decile 8. */
  private static Map<String, Object> withOptional(Map<String, Object> raw, String components) {
    for (String c : components.split("\\+")) {
      switch (c) {
        case "none" -> { }
        case "uacr" -> raw.put("uacr", new Quantity(40, "mg/g"));
        case "hba1c" -> raw.put("hba1c", new Quantity(7.5, "%"));
        case "sdi" -> raw.put("sdiDecile", 8);
        default -> throw new IllegalArgumentException(c);
      }
    }
    return raw;
  }

  static RiskResult run(Map<String, Object> raw) {
    InputValidator.Checked checked = VALIDATOR.validate(PREVENT, raw, PREVENT.ownFactors());
    assertThat(checked).as("inputs %s", raw).isInstanceOf(InputValidator.Checked.Valid.class);
    return PREVENT.calculate(((InputValidator.Checked.Valid) checked).inputs());
  }

  private static RiskResult.OutcomeRisk outcome(RiskResult r, String outcome, int years) {
    return r.results().stream().filter(o -> o.outcome().equals(outcome) && o.years() == years).findFirst()
        .orElseThrow(() -> new AssertionError("no " + outcome + " at " + years + " years in " + r.results()));
  }

  @ParameterizedTest(name = "B2 base 10-y {1}, {0}: {2}")
  @CsvSource({
      // PooledCohort test-predict_10yr_cvd_risk.R / _ascvd_risk.R, "Replicate examples from Khan table S12"
      "female, total-cvd, 0.1468",
      "male, total-cvd, 0.1632",
      "female, ascvd, 0.0920",
      "male, ascvd, 0.1019",
      // PooledCohort (commented-out block); preventr 0.081 / 0.106 and 0.044 / 0.056
      "female, heart-failure, 0.0806",
      "male, heart-failure, 0.1059",
      "female, chd, 0.0441",
      "male, chd, 0.0557",
      // preventr test-estimate_risk.R, 3 dp
      "female, stroke, 0.054",
      "male, stroke, 0.052",
  })
  void khanTableS12BaseModelIsReproducedToItsPrintedDigits(String sex, String outcome, String expected) {
    RiskResult r = run(tableS12(sex));
    double half = 0.5 * Math.pow(10, -new BigDecimal(expected).scale());
    assertThat(outcome(r, outcome, 10).risk()).isCloseTo(Double.parseDouble(expected), within(half));
    assertThat(outcome(r, outcome, 10).variant()).isEqualTo("PREVENT_KHAN2024_BASE10");
  }

  @ParameterizedTest(name = "B2 linear predictor {1}, {0}: {2}")
  @CsvSource({
      "female, total-cvd, -1.7596",
      "female, ascvd, -2.2900",
      "male, total-cvd, -1.6348",
      "male, ascvd, -2.1758",
  })
  void linearPredictorsMatchTheReferenceComputation(String sex, String outcome, double expected) {
    assertThat(outcome(run(tableS12(sex)), outcome, 10).linearPredictor()).isCloseTo(expected, within(0.00005));
  }

  @Test
  void riskIsTheTenYearTotalCvdAndContributionsAddUpToItsLinearPredictor() {
    RiskResult r = run(tableS12("female"));
    RiskResult.OutcomeRisk cvd = outcome(r, "total-cvd", 10);
    assertThat(r.risk()).contains(cvd.risk());
    assertThat(r.coefficientSet()).isEqualTo("PREVENT_KHAN2024_BASE10");
    assertThat(r.contributions().stream().mapToDouble(RiskResult.Contribution::contribution).sum())
        .isCloseTo(cvd.linearPredictor(), within(1e-12));
    assertThat(r.contributions()).extracting(RiskResult.Contribution::factor).contains("const", "age_per_10_years");
  }

  /** A2: BMI enters only the heart-failure equations. */
  @Test
  void bmiEntersOnlyTheHeartFailureEquations() {
    Map<String, Object> lean = tableS12("male");
    lean.put("bmi", new Quantity(22, "kg/m2"));
    RiskResult obese = run(tableS12("male"));
    RiskResult notObese = run(lean);
    for (String o : List.of("total-cvd", "ascvd", "chd", "stroke")) {
      for (int years : List.of(10, 30)) {
        assertThat(outcome(obese, o, years).risk()).as(o + " " + years).isEqualTo(outcome(notObese, o, years).risk());
      }
    }
    for (int years : List.of(10, 30)) {
      assertThat(outcome(obese, "heart-failure", years).risk())
          .isGreaterThan(outcome(notObese, "heart-failure", years).risk());
    }
    assertThat(obese.contributions()).extracting(RiskResult.Contribution::factor).noneMatch(f -> f.contains("bmi"));
  }

  /** A2: the optional inputs given choose the model; two or more choose the full model. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "none, BASE",
      "uacr, ACR",
      "hba1c, HBA1C",
      "sdi, SDI",
      "uacr+hba1c, FULL",
      "uacr+sdi, FULL",
      "hba1c+sdi, FULL",
      "uacr+hba1c+sdi, FULL",
  })
  void theOptionalInputsGivenChooseTheVariant(String components, String variant) {
    RiskResult r = run(withOptional(tableS12("female"), components));
    assertThat(r.coefficientSet()).isEqualTo("PREVENT_KHAN2024_" + variant + "10");
    assertThat(r.results()).allSatisfy(o ->
        assertThat(o.variant()).isEqualTo("PREVENT_KHAN2024_" + variant + o.years()));
  }

  /** A2: ln(UACR); (HbA1c − 5.3) × DM and × (1 − DM); SDI deciles 4–6 and 7–10 against 1–3. */
  @Test
  void optionalTermsAreTransformedAsThePaperSays() {
    Map<String, Double> acr = terms(run(withOptional(tableS12("female"), "uacr")));
    assertThat(acr.get("ln_acr")).isCloseTo(Math.log(40), within(1e-12));

    Map<String, Double> a1c = terms(run(withOptional(tableS12("female"), "hba1c")));
    assertThat(a1c.get("hba1c_minus_5.3_x_diabetes")).isCloseTo(2.2, within(1e-12));
    assertThat(a1c.get("hba1c_minus_5.3_x_1_minus_diabetes")).isEqualTo(0.0);
    Map<String, Object> noDiabetes = withOptional(tableS12("female"), "hba1c");
    noDiabetes.put("diabetes", false);
    Map<String, Double> a1cNoDm = terms(run(noDiabetes));
    assertThat(a1cNoDm.get("hba1c_minus_5.3_x_diabetes")).isEqualTo(0.0);
    assertThat(a1cNoDm.get("hba1c_minus_5.3_x_1_minus_diabetes")).isCloseTo(2.2, within(1e-12));

    for (var decile : Map.of(2, List.of(0.0, 0.0), 4, List.of(1.0, 0.0), 6, List.of(1.0, 0.0), 7, List.of(0.0, 1.0),
        10, List.of(0.0, 1.0)).entrySet()) {
      Map<String, Object> raw = tableS12("female");
      raw.put("sdiDecile", decile.getKey());
      Map<String, Double> sdi = terms(run(raw));
      assertThat(List.of(sdi.get("sdi_decile_between_4_and_6"), sdi.get("sdi_decile_between_7_and_10")))
          .as("decile %d", decile.getKey()).isEqualTo(decile.getValue());
    }
  }

  /** The A2 transformations of the required inputs, as the total-CVD contributions show them. */
  @Test
  void requiredTermsAreTransformedAsThePaperSays() {
    Map<String, Object> raw = tableS12("male");
    raw.put("egfr", new Quantity(45, "mL/min/{1.73_m2}"));
    raw.put("onStatin", true);
    raw.put("smoker", true);
    Map<String, Double> t = terms(run(raw));
    double nonHdl = (200 - 45) * 0.02586 - 3.5;
    double sbpGe = (160 - 130) / 20.0;
    double egfrLt = (45 - 60) / -15.0;
    assertThat(t.get("age_per_10_years")).isCloseTo(-0.5, within(1e-12));
    assertThat(t.get("non_hdl_c_per_1_mmol_l")).isCloseTo(nonHdl, within(1e-12));
    assertThat(t.get("hdl_c_per_0.3_mmol_l")).isCloseTo((45 * 0.02586 - 1.3) / 0.3, within(1e-12));
    assertThat(t.get("sbp_lt110_per_20_mmhg")).isEqualTo(0.0);
    assertThat(t.get("sbp_gteq110_per_20_mmhg")).isCloseTo(sbpGe, within(1e-12));
    assertThat(t.get("egfr_lt60_per_15_ml")).isCloseTo(egfrLt, within(1e-12));
    assertThat(t.get("egfr_gteq60_per_15_ml")).isCloseTo((60 - 90) / -15.0, within(1e-12));
    assertThat(t.get("treated_sbp_gteq110_mm_hg_per_20_mm_hg")).isCloseTo(sbpGe, within(1e-12));
    assertThat(t.get("treated_non_hdl_c")).isCloseTo(nonHdl, within(1e-12));
    assertThat(t.get("age_per_10yr_x_non_hdl_c_per_1_mmol_l")).isCloseTo(-0.5 * nonHdl, within(1e-12));
    assertThat(t.get("age_per_10yr_x_sbp_gteq110_mm_hg_per_20_mmhg")).isCloseTo(-0.5 * sbpGe, within(1e-12));
    assertThat(t.get("age_per_10yr_x_current_smoking")).isCloseTo(-0.5, within(1e-12));
    assertThat(t.get("age_per_10yr_x_egfr_lt60_per_15_ml")).isCloseTo(-0.5 * egfrLt, within(1e-12));
    assertThat(t).doesNotContainKey("age_per_10_years_squared");   // 30-year equations only
  }

  /** The treated-SBP term is SBP≥110 × antihypertensive use: without treatment it is 0. */
  @Test
  void treatedSbpTermFollowsOnBpTreatment() {
    Map<String, Object> untreated = tableS12("female");
    untreated.put("onBpTreatment", false);
    assertThat(terms(run(untreated)).get("treated_sbp_gteq110_mm_hg_per_20_mm_hg")).isEqualTo(0.0);
    assertThat(terms(run(untreated)).get("anti_hypertensive_use")).isEqualTo(0.0);
    assertThat(terms(run(tableS12("female"))).get("treated_sbp_gteq110_mm_hg_per_20_mm_hg")).isEqualTo(1.5);
  }

  /** In the full model each optional input not given enters as its missing indicator, with a warning. */
  @Test
  void theFullModelFlagsEachAbsentComponentMissing() {
    RiskResult r = run(withOptional(tableS12("female"), "uacr+hba1c"));
    RiskResult.Contribution missSdi = r.contributions().stream().filter(c -> c.factor().equals("miss_sdi"))
        .findFirst().orElseThrow();
    assertThat(missSdi.term()).isEqualTo(1.0);
    assertThat(missSdi.coefficient()).isEqualTo(0.1804508);   // A2 full_10, women CVD, SDI missing
    assertThat(terms(r).get("miss_ln_acr")).isEqualTo(0.0);
    assertThat(terms(r).get("miss_hba1c")).isEqualTo(0.0);
    assertThat(r.warnings()).anyMatch(w -> w.startsWith("sdiDecile not given"));

    RiskResult onlySdi = run(withOptional(tableS12("female"), "uacr+sdi"));
    assertThat(terms(onlySdi).get("miss_hba1c")).isEqualTo(1.0);
    assertThat(terms(onlySdi).get("hba1c_minus_5.3_x_diabetes")).isEqualTo(0.0);
    assertThat(terms(onlySdi).get("miss_sdi")).isEqualTo(0.0);
  }

  /**
   * The A2 quirk: the AHA online calculator (and PooledCohort after it) gives women's ASCVD with SDI missing as
   * decile 1, not flagged missing. Decided not to mimic it (prevent.yaml womenAscvdMissingSdi): here SDI missing
   * adds the missing-SDI coefficient to women's ASCVD like every other outcome, so against decile 1 the linear
   * predictor differs by exactly that coefficient (A2 full_10 women ASCVD, SDI missing: 0.1588908).
   */
  @Test
  void missingSdiIsFlaggedForWomensAscvdUnlikeTheOnlineCalculatorQuirk() {
    RiskResult missing = run(withOptional(tableS12("female"), "uacr+hba1c"));
    Map<String, Object> decileOne = withOptional(tableS12("female"), "uacr+hba1c");
    decileOne.put("sdiDecile", 1);
    RiskResult asQuirk = run(decileOne);
    assertThat(outcome(missing, "ascvd", 10).linearPredictor() - outcome(asQuirk, "ascvd", 10).linearPredictor())
        .isCloseTo(0.1588908, within(1e-12));
    assertThat(outcome(missing, "ascvd", 10).risk()).isGreaterThan(outcome(asQuirk, "ascvd", 10).risk());
    // Men and women's other outcomes behave the same way: the missing indicator is used everywhere.
    assertThat(outcome(missing, "total-cvd", 10).linearPredictor()
        - outcome(asQuirk, "total-cvd", 10).linearPredictor()).isCloseTo(0.1804508, within(1e-12));
  }

  @Test
  void sdiIsUsOnlySoGivingItWarns() {
    RiskResult withSdi = run(withOptional(tableS12("male"), "sdi"));
    assertThat(withSdi.warnings()).anyMatch(w -> w.contains("US") && w.contains("SDI"));
    assertThat(run(tableS12("male")).warnings()).noneMatch(w -> w.startsWith("SDI"));
  }

  /** E2: PREVENT cut points were not found, so no category — and a warning saying so. */
  @Test
  void noCategoryBecauseThePackFoundNoPreventCutPoints() {
    RiskResult r = run(tableS12("female"));
    assertThat(r.category()).isEmpty();
    assertThat(r.warnings()).anyMatch(w -> w.startsWith("No risk category") && w.contains("E2"));
  }

  /**
   * Every 30-year sheet has non-zero coefficients for all five outcomes, and the pack states no 30-year age range
   * narrower than 30-79: all ten outcome/horizon pairs are given, with a warning, up to age 79.
   */
  @Test
  void thirtyYearRisksForEveryOutcomeWithAWarningThatThePackStatesNoNarrowerAgeRange() {
    Map<String, Object> raw = tableS12("female");
    raw.put("age", 79);
    RiskResult r = run(raw);
    Set<String> pairs = r.results().stream().map(o -> o.outcome() + "/" + o.years()).collect(Collectors.toSet());
    assertThat(pairs).containsExactlyInAnyOrder("total-cvd/10", "ascvd/10", "heart-failure/10", "chd/10",
        "stroke/10", "total-cvd/30", "ascvd/30", "heart-failure/30", "chd/30", "stroke/30");
    assertThat(r.warnings()).anyMatch(w -> w.startsWith("30-year risks are computed for the whole validated age"));
    // The 30-year equations have the age² term; a longer horizon gives a higher risk for this profile.
    assertThat(outcome(run(tableS12("female")), "total-cvd", 30).risk())
        .isGreaterThan(outcome(run(tableS12("female")), "total-cvd", 10).risk());
  }

  /** A2/C6: PREVENT converts with its own 0.02586 mmol/L per mg/dL, so mmol/L input reaches the equation as given. */
  @Test
  void cholesterolInMmolPerLitreConvertsWithPreventsOwnFactor() {
    assertThat(PREVENT.ownFactors().get("totalCholesterol|mmol/L")).isEqualTo(1 / 0.02586);
    assertThat(PREVENT.ownFactors().get("hdlCholesterol|mmol/L")).isEqualTo(1 / 0.02586);
    for (String sex : List.of("female", "male")) {
      Map<String, Object> raw = tableS12(sex);
      raw.put("totalCholesterol", new Quantity(200 * 0.02586, "mmol/L"));
      raw.put("hdlCholesterol", new Quantity(45 * 0.02586, "mmol/L"));
      RiskResult mmol = run(raw);
      RiskResult mg = run(tableS12(sex));
      for (RiskResult.OutcomeRisk o : mg.results()) {
        assertThat(outcome(mmol, o.outcome(), o.years()).risk()).isCloseTo(o.risk(), within(1e-12));
      }
    }
    assertThat(outcome(run(tableS12("female")), "total-cvd", 10).risk()).isCloseTo(0.1468, within(0.00005));
  }

  @Test
  void resultCitesKhan2024() {
    RiskResult r = run(tableS12("male"));
    assertThat(r.model()).isEqualTo("prevent");
    assertThat(r.citation().guidelineId()).isEqualTo("prevent-khan-2024");
    assertThat(r.citation().year()).isEqualTo(2024);
    assertThat(r.citation().yearVerified()).isTrue();
    assertThat(r.citation().publication()).contains("Circulation 2024;149:430-449").contains("coefs_prevent.xlsx");
    assertThat(r.citation().knowledgeRef()).isEqualTo("clinical-knowledge.md A2");
    assertThat(r.warnings()).anyMatch(w -> w.contains("not been validated in Chinese cohorts"));
  }

  private static Map<String, Double> terms(RiskResult r) {
    return r.contributions().stream()
        .collect(Collectors.toMap(RiskResult.Contribution::factor, RiskResult.Contribution::term));
  }
}
