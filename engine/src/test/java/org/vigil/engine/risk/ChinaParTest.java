package org.vigil.engine.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

/** China-PAR against every vector of clinical-knowledge.md B3 and the pitfalls of A3. */
class ChinaParTest {
  private static final KnowledgeBase KNOWLEDGE = KnowledgeLoader.loadDefault();
  private static final InputValidator VALIDATOR = new InputValidator(new UnitNormalizer(KNOWLEDGE));
  private static final ChinaPar TJPMA = new ChinaPar(KNOWLEDGE);
  private static final ChinaPar PRINTED = new ChinaPar(KNOWLEDGE, "CHINAPAR_YANG2016_PRINTED");

  /**
   * Yang 2016 Table 2 profile (B3 #1–4): untreated SBP 130, TC 210 mg/dL, HDL 55 mg/dL, waist 80 cm, non-smoker,
   * diabetes, northern urban, no family history. The paper prints {@code paper}; the 3-decimal set (which reproduces
   * the official calculator) gives the pack's reference re-implementation {@code tjpma}, the printed 2-decimal set
   * {@code printed}. Both are printed to 2 dp, so they are asserted to ±0.005 pp.
   */
  @ParameterizedTest(name = "{0} {1} y: paper {2} %, T/JPMA set {3} %, printed set {4} %")
  @CsvSource({
      "male,   40, 2.2,  2.17,  2.34",
      "male,   50, 5.4,  5.31,  5.71",
      "male,   60, 11.0, 10.82, 11.64",
      "male,   70, 19.6, 19.31, 20.71",
      "female, 40, 2.4,  2.42,  1.62",
      "female, 50, 5.4,  5.38,  3.61",
      "female, 60, 10.1, 10.19, 6.90",
      "female, 70, 17.1, 17.20, 11.79",
  })
  void yang2016Table2ProfileGivesThePacksReferenceValuesPerCoefficientSet(
      String sex, double age, double paper, double tjpma, double printed) {
    var raw = table2Profile(sex, age);
    RiskResult t = calculate(TJPMA, raw);
    assertThat(t.coefficientSet()).isEqualTo("CHINAPAR_TJPMA024_2024");
    assertThat(percent(t)).isCloseTo(tjpma, within(0.005));
    RiskResult p = calculate(PRINTED, raw);
    assertThat(p.coefficientSet()).isEqualTo("CHINAPAR_YANG2016_PRINTED");
    assertThat(percent(p)).isCloseTo(printed, within(0.005));
  }

  /** B3 #1 and #3: the individual sums (paper 142.04 / 119.22; reference re-implementation 142.03 / 119.23). */
  @ParameterizedTest(name = "{0} 60 y: individual sum {1}")
  @CsvSource({"male, 142.03", "female, 119.23"})
  void yang2016WorkedExampleIndividualSumIsTheSumOfTheContributions(String sex, double sum) {
    RiskResult r = calculate(TJPMA, table2Profile(sex, 60));
    assertThat(r.contributions().stream().mapToDouble(Contribution::contribution).sum()).isCloseTo(sum, within(0.005));
  }

  /**
   * B3 official cvdrisk.com.cn outputs [CALC-OFFICIAL], printed to 1 dp (±0.05 pp), with the default 3-decimal set.
   * DBP is recorded by the calculator but is not an input of the equation.
   */
  @ParameterizedTest(name = "{0} {1} y {2}/{3} waist {4} TC {5} HDL {6} SBP {7} drug {8} DM {9} smoker {10} FH {11}"
      + " -> {12} %")
  @CsvSource({
      "male,   40, north, rural, 90, 150, 22,  135, false, false, false, true,  5.3",
      "male,   45, north, urban, 85, 180, 40,  90,  true,  true,  false, true,  2.2",
      "female, 47, south, rural, 85, 320, 100, 135, true,  false, true,  false, 3.8",
      "female, 39, north, urban, 90, 380, 30,  135, true,  true,  false, false, 6.1",
  })
  void officialCalculatorOutputsAreReproducedByTheTjpmaSet(String sex, double age, String region, String area,
      double waist, double tc, double hdl, double sbp, boolean drug, boolean dm, boolean smoker, boolean fh,
      double official) {
    var raw = new LinkedHashMap<String, Object>();
    raw.put("age", age);
    raw.put("sex", sex);
    raw.put("systolicBp", new Quantity(sbp, "mm[Hg]"));
    raw.put("onBpTreatment", drug);
    raw.put("totalCholesterol", new Quantity(tc, "mg/dL"));
    raw.put("hdlCholesterol", new Quantity(hdl, "mg/dL"));
    raw.put("waist", new Quantity(waist, "cm"));
    raw.put("smoker", smoker);
    raw.put("diabetes", dm);
    raw.put("region", region);
    raw.put("area", area);
    raw.put("familyHistoryAscvd", fh);
    assertThat(percent(calculate(TJPMA, raw))).isCloseTo(official, within(0.05));
  }

  @Test
  void treatedSbpUsesTheTreatedCoefficientAndItsAgeInteractionNotTheUntreatedOnes() {
    var raw = table2Profile("male", 60);
    raw.put("onBpTreatment", true);
    RiskResult treated = calculate(TJPMA, raw);
    double lnSbp = Math.log(130);
    assertThat(term(treated, "lnTreatedSbp")).isEqualTo(new Contribution("lnTreatedSbp", lnSbp, 27.388, 27.388 * lnSbp));
    assertThat(term(treated, "lnUntreatedSbp").term()).isZero();
    assertThat(term(treated, "lnAgeXlnTreatedSbp").term()).isCloseTo(Math.log(60) * lnSbp, within(1e-12));
    assertThat(term(treated, "lnAgeXlnUntreatedSbp").term()).isZero();

    RiskResult untreated = calculate(TJPMA, table2Profile("male", 60));
    assertThat(term(untreated, "lnTreatedSbp").term()).isZero();
    assertThat(term(untreated, "lnUntreatedSbp").term()).isEqualTo(lnSbp);
    assertThat(treated.risk().orElseThrow()).isNotEqualTo(untreated.risk().orElseThrow());
  }

  @Test
  void womensEquationIgnoresUrbanResidenceAndFamilyHistoryAndSaysSo() {
    var urbanWithHistory = table2Profile("female", 60);
    urbanWithHistory.put("familyHistoryAscvd", true);
    var ruralWithout = table2Profile("female", 60);
    ruralWithout.put("area", "rural");
    RiskResult a = calculate(TJPMA, urbanWithHistory);
    RiskResult b = calculate(TJPMA, ruralWithout);
    assertThat(a.risk()).isEqualTo(b.risk());
    assertThat(a.contributions()).extracting(Contribution::factor)
        .doesNotContain("urban", "familyHistoryAscvd", "lnAgeXsmoker", "lnAgeXfamilyHistoryAscvd");
    assertThat(a.warnings()).anySatisfy(w -> assertThat(w).contains("women's").contains("area")
        .contains("familyHistoryAscvd").contains("did not change this result"));
  }

  @Test
  void mensEquationCountsUrbanResidenceAndFamilyHistory() {
    var withHistory = table2Profile("male", 60);
    withHistory.put("familyHistoryAscvd", true);
    var rural = table2Profile("male", 60);
    rural.put("area", "rural");
    double base = calculate(TJPMA, table2Profile("male", 60)).risk().orElseThrow();
    assertThat(calculate(TJPMA, withHistory).risk().orElseThrow()).isNotEqualTo(base);
    assertThat(calculate(TJPMA, rural).risk().orElseThrow()).isNotEqualTo(base);
    assertThat(calculate(TJPMA, table2Profile("male", 60)).warnings()).isEmpty();
  }

  /**
   * Not a bug here but a property of the published men's coefficients: family history adds 6.221 − 1.534·ln(age),
   * which is negative above e^(6.221/1.534) ≈ 57.7 years, so it raises a younger man's risk and lowers an older one's.
   */
  @ParameterizedTest(name = "family history at {0} y raises risk: {1}")
  @CsvSource({"40, true", "55, true", "60, false", "70, false"})
  void mensFamilyHistoryTermChangesSignAtAbout58YearsAsPublished(double age, boolean raises) {
    var withHistory = table2Profile("male", age);
    withHistory.put("familyHistoryAscvd", true);
    double without = calculate(TJPMA, table2Profile("male", age)).risk().orElseThrow();
    assertThat(calculate(TJPMA, withHistory).risk().orElseThrow() > without).isEqualTo(raises);
  }

  @Test
  void cholesterolInMmolPerLitreConvertsWithChinaParsOwnFactor0_0259() {
    assertThat(TJPMA.ownFactors()).containsEntry("totalCholesterol|mmol/L", 1 / 0.0259)
        .containsEntry("hdlCholesterol|mmol/L", 1 / 0.0259);
    var mmol = table2Profile("male", 60);
    mmol.put("totalCholesterol", new Quantity(210 * 0.0259, "mmol/L"));
    mmol.put("hdlCholesterol", new Quantity(55 * 0.0259, "mmol/l"));
    RiskResult r = calculate(TJPMA, mmol);
    // 5.439 mmol/L is 210 mg/dL with 0.0259 (it would be 210.3 mg/dL with the generic 38.67).
    assertThat(term(r, "lnTotalCholesterol").term()).isCloseTo(Math.log(210), within(1e-12));
    assertThat(term(r, "lnHdlCholesterol").term()).isCloseTo(Math.log(55), within(1e-12));
    assertThat(r.risk().orElseThrow())
        .isCloseTo(calculate(TJPMA, table2Profile("male", 60)).risk().orElseThrow(), within(1e-12));
  }

  @ParameterizedTest(name = "10-year risk {0} % is {1}")
  @CsvSource({"40, low (低危)", "50, medium (中危)", "60, high (高危)"})
  void categoriesFollowThe2019ChineseGuidelineBelow5And10Percent(double age, String category) {
    // Men of the Table 2 profile: 2.17 %, 5.31 %, 10.82 %.
    assertThat(calculate(TJPMA, table2Profile("male", age)).category()).contains(category);
  }

  @ParameterizedTest(name = "age {0} is refused")
  @CsvSource({"34", "74.5", "75", "20", "85"})
  void agesOutsideTheDerivationRange35To74AreRefusedNotClamped(double age) {
    assertThat(problems(TJPMA, table2Profile("male", age))).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("age");
      assertThat(p.reason()).contains("35–74").contains("refused, not clamped");
    });
  }

  @Test
  void theAgeFieldSaysTheOfficialSiteAccepts20To85() {
    Field age = TJPMA.fields().stream().filter(f -> f.name().equals("age")).findFirst().orElseThrow();
    assertThat(age.min()).isEqualTo(35.0);
    assertThat(age.max()).isEqualTo(74.0);
    assertThat(age.description()).contains("20–85");
  }

  @Test
  void aSystolicPressureOutsideVigilsPlausibilityBoundsIsRefusedWithTheRangeNamed() {
    var raw = table2Profile("male", 60);
    raw.put("systolicBp", new Quantity(0, "mm[Hg]"));
    assertThat(problems(TJPMA, raw)).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("systolicBp");
      assertThat(p.reason()).contains("20–350 mmHg");
    });
  }

  @Test
  void unknownAndMissingInputsAreRefused() {
    var raw = table2Profile("male", 60);
    raw.remove("waist");
    raw.put("ldlCholesterol", new Quantity(3, "mmol/L"));
    assertThat(problems(TJPMA, raw)).extracting(Problem::field)
        .containsExactlyInAnyOrder("ldlCholesterol", "waist");
  }

  @Test
  void theFieldsAreTheOnesTheApiDocuments() {
    assertThat(TJPMA.name()).isEqualTo("china-par");
    assertThat(TJPMA.fields()).extracting(Field::name).containsExactly("age", "sex", "systolicBp", "onBpTreatment",
        "totalCholesterol", "hdlCholesterol", "waist", "smoker", "diabetes", "region", "area", "familyHistoryAscvd");
    assertThat(TJPMA.fields()).filteredOn(f -> f.kind() == Field.Kind.QUANTITY)
        .extracting(Field::analyte, Field::unit).containsExactly(
            org.assertj.core.groups.Tuple.tuple("systolic-bp", "mm[Hg]"),
            org.assertj.core.groups.Tuple.tuple("total-cholesterol", "mg/dL"),
            org.assertj.core.groups.Tuple.tuple("hdl-cholesterol", "mg/dL"),
            org.assertj.core.groups.Tuple.tuple("waist-circumference", "cm"));
  }

  @Test
  void thePrintedSetSaysHowItDiffersAndTheDefaultSetDoesNot() {
    assertThat(calculate(PRINTED, table2Profile("male", 60)).warnings())
        .anySatisfy(w -> assertThat(w).contains("CHINAPAR_YANG2016_PRINTED").contains("CHINAPAR_TJPMA024_2024"));
    assertThat(TJPMA.coefficientSet()).isEqualTo("CHINAPAR_TJPMA024_2024");
  }

  @Test
  void anUnknownCoefficientSetStopsStartUp() {
    assertThatThrownBy(() -> new ChinaPar(KNOWLEDGE, "CHINAPAR_GUESSED")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CHINAPAR_TJPMA024_2024").hasMessageContaining("CHINAPAR_YANG2016_PRINTED");
  }

  @Test
  void resultsCiteYang2016AndTheCoefficientSource() {
    var c = calculate(TJPMA, table2Profile("male", 60)).citation();
    assertThat(c.guidelineId()).isEqualTo("china-par-yang-2016");
    assertThat(c.year()).isEqualTo(2016);
    assertThat(c.yearVerified()).isTrue();
    assertThat(c.section()).contains("T/JPMA 024").contains("Figure 1");
    assertThat(c.knowledgeRef()).contains("A3");
  }

  private static LinkedHashMap<String, Object> table2Profile(String sex, double age) {
    var raw = new LinkedHashMap<String, Object>();
    raw.put("age", age);
    raw.put("sex", sex);
    raw.put("systolicBp", new Quantity(130, "mmHg"));
    raw.put("onBpTreatment", false);
    raw.put("totalCholesterol", new Quantity(210, "mg/dL"));
    raw.put("hdlCholesterol", new Quantity(55, "mg/dL"));
    raw.put("waist", new Quantity(80, "cm"));
    raw.put("smoker", false);
    raw.put("diabetes", true);
    raw.put("region", "north");
    raw.put("area", "urban");
    raw.put("familyHistoryAscvd", false);
    return raw;
  }

  private static double percent(RiskResult r) {
    return 100 * r.risk().orElseThrow();
  }

  private static Contribution term(RiskResult r, String factor) {
    return r.contributions().stream().filter(c -> c.factor().equals(factor)).findFirst().orElseThrow();
  }

  private static RiskResult calculate(RiskModel model, Map<String, Object> raw) {
    return switch (VALIDATOR.validate(model, raw, model.ownFactors())) {
      case Checked.Valid v -> model.calculate(v.inputs());
      case Checked.Invalid i -> throw new AssertionError("refused: " + i.problems());
    };
  }

  private static List<Problem> problems(RiskModel model, Map<String, Object> raw) {
    return switch (VALIDATOR.validate(model, raw, model.ownFactors())) {
      case Checked.Valid v -> throw new AssertionError("accepted: " + v.inputs().asMap());
      case Checked.Invalid i -> i.problems();
    };
  }
}
