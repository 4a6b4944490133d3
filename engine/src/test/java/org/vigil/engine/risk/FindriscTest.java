package org.vigil.engine.risk;

import static org.assertj.core.api.Assertions.assertThat;

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

/** FINDRISC against clinical-knowledge.md B6 and the band edges and pitfalls of A4. */
class FindriscTest {
  private static final KnowledgeBase KNOWLEDGE = KnowledgeLoader.loadDefault();
  private static final InputValidator VALIDATOR = new InputValidator(new UnitNormalizer(KNOWLEDGE));
  private static final Findrisc MODEL = new Findrisc(KNOWLEDGE);

  /** B6 [COMPUTED]: man 52 y, BMI 27, waist 98 cm, inactive, vegetables daily, BP medication, parent with diabetes. */
  @Test
  void b6ManOf52WithAParentWithDiabetesScores15High() {
    var raw = answers("male", 52, 27, 98, false, true, true, false, "first-degree");
    RiskResult r = calculate(MODEL, raw);
    assertThat(r.score()).contains(15.0);
    assertThat(r.category()).contains("high (10-year risk of type 2 diabetes ≈1 in 3)");
    assertThat(r.contributions()).extracting(Contribution::factor, Contribution::contribution).containsExactly(
        org.assertj.core.groups.Tuple.tuple("age", 2.0),
        org.assertj.core.groups.Tuple.tuple("bmi", 1.0),
        org.assertj.core.groups.Tuple.tuple("waist", 3.0),
        org.assertj.core.groups.Tuple.tuple("physicallyActive", 2.0),
        org.assertj.core.groups.Tuple.tuple("dailyVegetablesFruit", 0.0),
        org.assertj.core.groups.Tuple.tuple("onBpMedication", 2.0),
        org.assertj.core.groups.Tuple.tuple("historyHighGlucose", 0.0),
        org.assertj.core.groups.Tuple.tuple("familyHistoryDiabetes", 5.0));
    assertThat(r.risk()).isEmpty();
    assertThat(r.coefficientSet()).isEqualTo("FINDRISC_LINDSTROM2003_FORM");
  }

  /** B6 [COMPUTED]: woman 40 y, BMI 23, waist 78, active, vegetables daily, gestational hyperglycaemia only. */
  @Test
  void b6WomanOf40WithGestationalHyperglycaemiaScores5Low() {
    RiskResult r = calculate(MODEL, answers("female", 40, 23, 78, true, true, false, true, "none"));
    assertThat(r.score()).contains(5.0);
    assertThat(r.category()).contains("low (10-year risk of type 2 diabetes ≈1 in 100)");
  }

  @ParameterizedTest(name = "age {0} -> {1} points")
  @CsvSource({"44, 0", "44.9, 0", "45, 2", "54, 2", "54.9, 2", "55, 3", "64, 3", "64.9, 3", "65, 4", "90, 4"})
  void ageBandsAreUnder45And45To54And55To64AndOver64InCompletedYears(double age, double points) {
    assertThat(points(answers("male", age, 22, 80, true, true, false, false, "none"), "age")).isEqualTo(points);
  }

  @ParameterizedTest(name = "BMI {0} -> {1} points")
  @CsvSource({"24.9, 0", "25, 1", "27, 1", "30, 1", "30.1, 3", "40, 3"})
  void bmiBandsAreUnder25And25To30AndOver30(double bmi, double points) {
    assertThat(points(answers("male", 40, bmi, 80, true, true, false, false, "none"), "bmi")).isEqualTo(points);
  }

  @ParameterizedTest(name = "{0} waist {1} cm -> {2} points")
  @CsvSource({
      "male, 93.9, 0", "male, 94, 3", "male, 98, 3", "male, 102, 3", "male, 102.1, 4",
      "female, 79.9, 0", "female, 80, 3", "female, 88, 3", "female, 88.1, 4",
  })
  void waistBandsAreSexSpecific(String sex, double waist, double points) {
    assertThat(points(answers(sex, 40, 22, waist, true, true, false, false, "none"), "waist")).isEqualTo(points);
  }

  /** A4 pitfall: some repositories give a man's waist of 94–102 cm only 2 points; the form gives 3. */
  @Test
  void aMansWaistOf94To102CmScores3PointsNot2() {
    for (double waist : new double[] {94, 100, 102}) {
      assertThat(points(answers("male", 40, 22, waist, true, true, false, false, "none"), "waist")).isEqualTo(3);
    }
  }

  @ParameterizedTest(name = "family history {0} -> {1} points")
  @CsvSource({"none, 0", "second-degree, 3", "first-degree, 5"})
  void familyHistoryIsSecondDegree3AndFirstDegree5(String answer, double points) {
    assertThat(points(answers("male", 40, 22, 80, true, true, false, false, answer), "familyHistoryDiabetes"))
        .isEqualTo(points);
  }

  @Test
  void everyAnswerAtItsHighestScoresTheFormsMaximumOf26VeryHigh() {
    RiskResult r = calculate(MODEL, answers("male", 70, 35, 110, false, false, true, true, "first-degree"));
    assertThat(r.score()).contains(26.0);
    assertThat(r.category()).contains("very high (10-year risk of type 2 diabetes ≈1 in 2)");
    RiskResult none = calculate(MODEL, answers("female", 30, 22, 70, true, true, false, false, "none"));
    assertThat(none.score()).contains(0.0);
  }

  /** A4: <7 low; 7–11 slightly elevated; 12–14 moderate; 15–20 high; >20 very high. */
  @ParameterizedTest(name = "{0} points: {1}")
  @CsvSource({
      "6, low", "7, slightly elevated", "11, slightly elevated", "12, moderate", "14, moderate", "15, high",
      "20, high", "21, very high",
  })
  void scoreBandsAreThoseOfTheForm(int score, String category) {
    assertThat(org.vigil.knowledge.risk.FindriscPoints.load().category(score).id()).isEqualTo(category);
  }

  @Test
  void endToEndBandEdgesMatchTheForm() {
    // 5 (glucose) + 2 (BP medication) = 7: slightly elevated, the first score above low.
    RiskResult seven = calculate(MODEL, answers("female", 40, 22, 70, true, true, true, true, "none"));
    assertThat(seven.score()).contains(7.0);
    assertThat(seven.category()).hasValueSatisfying(c -> assertThat(c).startsWith("slightly elevated"));
  }

  @Test
  void minorsAreRefusedWithTheAcceptedRangeNamed() {
    assertThat(problems(MODEL, answers("male", 17, 22, 80, true, true, false, false, "none"))).singleElement()
        .satisfies(p -> {
          assertThat(p.field()).isEqualTo("age");
          assertThat(p.reason()).contains("18–120").contains("refused, not clamped");
        });
  }

  @Test
  void unknownMissingAndMisspelledAnswersAreRefused() {
    var raw = answers("male", 40, 22, 80, true, true, false, false, "parent");
    raw.remove("bmi");
    raw.put("height", new Quantity(180, "cm"));
    assertThat(problems(MODEL, raw)).extracting(Problem::field)
        .containsExactlyInAnyOrder("height", "bmi", "familyHistoryDiabetes");
  }

  @Test
  void resultsCiteLindstrom2003() {
    var c = calculate(MODEL, answers("male", 40, 22, 80, true, true, false, false, "none")).citation();
    assertThat(c.guidelineId()).isEqualTo("findrisc-lindstrom-2003");
    assertThat(c.year()).isEqualTo(2003);
    assertThat(c.knowledgeRef()).contains("A4");
    assertThat(MODEL.name()).isEqualTo("findrisc");
  }

  private static double points(LinkedHashMap<String, Object> raw, String item) {
    return calculate(MODEL, raw).contributions().stream().filter(c -> c.factor().equals(item)).findFirst()
        .orElseThrow().contribution();
  }

  private static LinkedHashMap<String, Object> answers(String sex, double age, double bmi, double waist,
      boolean active, boolean vegetables, boolean bpMedication, boolean highGlucose, String family) {
    var raw = new LinkedHashMap<String, Object>();
    raw.put("age", age);
    raw.put("sex", sex);
    raw.put("bmi", new Quantity(bmi, "kg/m2"));
    raw.put("waist", new Quantity(waist, "cm"));
    raw.put("physicallyActive", active);
    raw.put("dailyVegetablesFruit", vegetables);
    raw.put("onBpMedication", bpMedication);
    raw.put("historyHighGlucose", highGlucose);
    raw.put("familyHistoryDiabetes", family);
    return raw;
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
