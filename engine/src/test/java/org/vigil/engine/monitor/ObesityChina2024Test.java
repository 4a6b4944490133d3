package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vigil.engine.monitor.Readings.evidenceIds;
import static org.vigil.engine.monitor.Readings.member;
import static org.vigil.engine.monitor.Readings.run;
import static org.vigil.engine.monitor.Readings.single;
import static org.vigil.engine.monitor.Readings.threshold;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.engine.explain.AppliedThreshold;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * Chinese BMI classes (24-27.9 overweight, >=28 obese) and central obesity (waist >=90 cm men, >=85 cm women)
 * from the 肥胖症诊疗指南2024 summary / WS/T 428-2013 usage (clinical-knowledge.md C5).
 */
class ObesityChina2024Test {
  private static final Monitor CHINA = Monitor.forProfile(KnowledgeLoader.loadDefault(), "china");

  static Reading height(long id, String time, double cm) {
    return single(id, time, Setting.HOME, "body-height", cm, "cm");
  }

  static Reading weight(long id, String time, double kg) {
    return single(id, time, Setting.HOME, "body-weight", kg, "kg");
  }

  static Reading waist(long id, String time, double cm) {
    return single(id, time, Setting.HOME, "waist-circumference", cm, "cm");
  }

  static Reading bmi(long id, String time, double kgPerM2) {
    return single(id, time, Setting.OFFICE, "bmi", kgPerM2, "kg/m2");
  }

  /** Weekly weights from 2026-02-01 (each 07:00 Beijing time). */
  static Reading[] weeklyWeights(double... kg) {
    Reading[] out = new Reading[kg.length];
    for (int i = 0; i < kg.length; i++) {
      out[i] = weight(100 + i, java.time.OffsetDateTime.parse("2026-02-01T07:00:00+08:00").plusDays(7L * i)
          .toString(), kg[i]);
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ BMI

  @Test
  void bmiFrom70KgAndAHeightOf165CmMeasuredDaysEarlierIsOverweightAt25Point7() {
    var r = run(CHINA,
        height(1, "2026-03-01T09:00:00+08:00", 165),
        weight(2, "2026-03-05T07:00:00+08:00", 70));
    Finding f = r.only("ob-bmi");
    assertThat(f.ruleId()).isEqualTo("ob.china-2024.bmi");
    assertThat(f.condition()).isEqualTo(Condition.OBESITY);
    assertThat(f.level()).isEqualTo("overweight");
    assertThat(f.severity()).isEqualTo(Severity.INFO);
    assertThat(f.citation().guidelineId()).isEqualTo("china-obesity-2024");
    assertThat(f.citation().section()).contains("24-27.9 overweight");
    assertThat(evidenceIds(f)).containsExactly(1L, 2L);
    assertThat(f.evidence()).extracting(e -> e.analyte()).containsExactlyInAnyOrder("body-height", "body-weight");
    AppliedThreshold t = threshold(f, "bmi", ">=");
    assertThat(t.threshold().value()).isEqualTo(24);
    assertThat(t.observed().value()).isCloseTo(70 / (1.65 * 1.65), within(1e-4));
    assertThat(t.met()).isTrue();
    assertThat(f.explanation()).contains("25.7 kg/m²");
  }

  @Test
  void oneWeighingIsOneBmiValueSoTheSingleWeightDifferentialIsNotExcluded() {
    // The height is an input of the BMI, not a second BMI value.
    var r = run(CHINA,
        height(1, "2026-03-01T09:00:00+08:00", 165),
        weight(2, "2026-03-05T07:00:00+08:00", 70));
    assertThat(r.only("ob-bmi").differentials()).singleElement().satisfies(d -> {
      assertThat(d.id()).isEqualTo("single-weight");
      assertThat(d.excluded()).isFalse();
    });
    var twice = run(CHINA,
        height(1, "2026-03-01T09:00:00+08:00", 165),
        weight(2, "2026-03-05T07:00:00+08:00", 70),
        weight(3, "2026-03-05T07:05:00+08:00", 70.2));
    assertThat(twice.only("ob-bmi").differentials().getFirst().excluded()).isTrue();
  }

  @Test
  void bmiFrom85KgAnd165CmIs31Point2AndObese() {
    var r = run(CHINA,
        height(1, "2026-03-01T09:00:00+08:00", 165),
        weight(2, "2026-03-05T07:00:00+08:00", 85));
    Finding f = r.only("ob-bmi");
    assertThat(f.level()).isEqualTo("obese");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(threshold(f, "bmi", ">=").threshold().value()).isEqualTo(28);
    assertThat(f.explanation()).contains("31.2 kg/m²");
  }

  @Test
  void aWeightWithoutAnyHeightOnRecordGivesNoBmi() {
    assertThat(run(CHINA, weight(2, "2026-03-05T07:00:00+08:00", 95)).all()).isEmpty();
  }

  @Test
  void aBmiOf23Point9IsNormal() {
    // 65 kg / 1.65 m^2 = 23.9
    var r = run(CHINA, height(1, "2026-03-01T09:00:00+08:00", 165), weight(2, "2026-03-05T07:00:00+08:00", 65));
    assertThat(r.all()).isEmpty();
    assertThat(r.lastClearedOf("ob-bmi")).extracting(Cleared::ruleId).containsExactly("ob.china-2024.bmi");
  }

  @ParameterizedTest(name = "BMI {0} -> {1}")
  @CsvSource({
      "24.0, overweight",
      "27.9, overweight",
      "28.0, obese",
      "35.0, obese",
  })
  void aDirectBmiReadingIsClassified(double value, String level) {
    Finding f = run(CHINA, bmi(1, "2026-03-05T10:00:00+08:00", value)).only("ob-bmi");
    assertThat(f.level()).isEqualTo(level);
    assertThat(evidenceIds(f)).containsExactly(1L);
    assertThat(f.evidence()).extracting(e -> e.code()).containsExactly("39156-5");
  }

  // ------------------------------------------------------------------------------------------ waist

  @Test
  void aMansWaistOf90CmOrMoreIsCentralObesity() {
    var r = run(CHINA, member("male", null, null), waist(1, "2026-03-05T07:00:00+08:00", 92));
    Finding f = r.only("ob-waist");
    assertThat(f.ruleId()).isEqualTo("ob.china-2024.waist");
    assertThat(f.level()).isEqualTo("central-obesity-male");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(f.citation().section()).contains(">=90 cm in men, >=85 cm in women");
    AppliedThreshold t = threshold(f, "waist-circumference", ">=");
    assertThat(t.threshold().value()).isEqualTo(90);
    assertThat(t.observed().value()).isEqualTo(92);
    assertThat(f.explanation()).contains("92 cm");
    assertThat(evidenceIds(f)).containsExactly(1L);
  }

  @Test
  void aWomansWaistOf85CmOrMoreIsCentralObesity() {
    Finding f = run(CHINA, member("female", null, null), waist(1, "2026-03-05T07:00:00+08:00", 86)).only("ob-waist");
    assertThat(f.level()).isEqualTo("central-obesity-female");
    assertThat(threshold(f, "waist-circumference", ">=").threshold().value()).isEqualTo(85);
  }

  @ParameterizedTest(name = "{0} {1} cm")
  @CsvSource({"male, 89", "female, 84"})
  void aWaistBelowTheSexSpecificCutOffIsNotCentralObesity(String sex, double cm) {
    assertThat(run(CHINA, member(sex, null, null), waist(1, "2026-03-05T07:00:00+08:00", cm)).all()).isEmpty();
  }

  @Test
  void withoutARecordedSexThereIsNoWaistFinding() {
    assertThat(run(CHINA, waist(1, "2026-03-05T07:00:00+08:00", 110)).all()).isEmpty();
  }

  @Test
  void withoutARecordedSexTheWaistRuleCannotSayTheMemberIsClear() {
    // 110 cm is above both cut-offs; with no sex the rule cannot judge, so it must neither alert nor resolve an
    // alert nor call the member's obesity controlled.
    var r = run(CHINA, waist(1, "2026-03-05T07:00:00+08:00", 110));
    assertThat(r.lastClearedOf("ob-waist")).isEmpty();
    ConditionStatus obesity = CHINA.status(r.state(), MemberFacts.UNKNOWN, "p1",
        Instant.parse("2026-03-05T00:00:00Z")).stream().filter(s -> s.condition() == Condition.OBESITY)
        .findFirst().orElseThrow();
    assertThat(obesity.status()).isNotEqualTo(ConditionStatus.Status.CONTROLLED);
  }

  // ------------------------------------------------------------------------------------------ weight trend

  @Test
  void theWeightTrendRuleIsInactiveWithoutAnOperatorLimit() {
    var r = run(CHINA, weeklyWeights(80, 81, 82, 83, 84));
    assertThat(r.allOf("ob-weight-trend")).isEmpty();
    assertThat(r.allCleared()).filteredOn(c -> c.family().equals("ob-weight-trend")).isEmpty();
  }

  private static Monitor withWeightGainLimit(double kgPerWeek) {
    return Monitor.forProfile(KnowledgeLoader.loadDefault(
        Map.of("ob.china-2024.weight-trend", Map.of("bands[0].criteria[0].value", kgPerWeek))), "china");
  }

  @Test
  void withAnOperatorLimitOfHalfAKiloPerWeekARisingWeightIsFlagged() {
    var r = run(withWeightGainLimit(0.5), weeklyWeights(80, 81, 82, 83, 84));
    assertThat(r.allOf("ob-weight-trend")).as("from the 4th reading (minReadings 4)").hasSize(2);
    Finding f = r.only("ob-weight-trend");
    assertThat(f.ruleId()).isEqualTo("ob.china-2024.weight-trend");
    assertThat(f.level()).isEqualTo("weight-rising");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(f.citation().guidelineId()).isEqualTo("china-obesity-2024");
    assertThat(evidenceIds(f)).containsExactly(100L, 101L, 102L, 103L, 104L);
    AppliedThreshold t = threshold(f, "body-weight", ">");
    assertThat(t.threshold().value()).isEqualTo(0.5);
    assertThat(t.observed().value()).as("kg per 7 days").isCloseTo(1.0, within(1e-6));
    assertThat(t.met()).isTrue();
    assertThat(f.explanation()).contains("body weight 1 kg per week").contains("5 readings").contains("56 days");
    assertThat(f.differentials()).singleElement().satisfies(d -> assertThat(d.excluded()).isTrue());
  }

  @Test
  void withAnOperatorLimitAStableWeightIsNotFlagged() {
    var r = run(withWeightGainLimit(0.5), weeklyWeights(80, 80.2, 79.9, 80.1, 80));
    assertThat(r.allOf("ob-weight-trend")).isEmpty();
    assertThat(r.lastClearedOf("ob-weight-trend")).extracting(Cleared::ruleId)
        .containsExactly("ob.china-2024.weight-trend");
  }
}
