package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vigil.engine.monitor.ObesityChina2024Test.bmi;
import static org.vigil.engine.monitor.ObesityChina2024Test.height;
import static org.vigil.engine.monitor.ObesityChina2024Test.waist;
import static org.vigil.engine.monitor.ObesityChina2024Test.weeklyWeights;
import static org.vigil.engine.monitor.ObesityChina2024Test.weight;
import static org.vigil.engine.monitor.Readings.evidenceIds;
import static org.vigil.engine.monitor.Readings.member;
import static org.vigil.engine.monitor.Readings.run;
import static org.vigil.engine.monitor.Readings.threshold;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.engine.explain.AppliedThreshold;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * WHO BMI classes (overweight >=25, obese >=30 with classes I-III at 30/35/40) and waist cut-offs (increased risk
 * >=94 cm men / >=80 cm women; high risk >=102 / >=88) (clinical-knowledge.md C5).
 */
class ObesityWhoTest {
  private static final Monitor WHO = Monitor.forProfile(KnowledgeLoader.loadDefault(), "international");

  @Test
  void bmiFrom70KgAndAnEarlierHeightOf165CmIsPreObeseAt25Point7() {
    var r = run(WHO,
        height(1, "2026-02-20T09:00:00+08:00", 165),
        weight(2, "2026-03-05T07:00:00+08:00", 70));
    Finding f = r.only("ob-bmi");
    assertThat(f.ruleId()).isEqualTo("ob.who.bmi");
    assertThat(f.level()).isEqualTo("pre-obese");
    assertThat(f.severity()).isEqualTo(Severity.INFO);
    assertThat(f.citation().guidelineId()).isEqualTo("who-bmi");
    assertThat(f.citation().section()).contains("overweight >=25");
    assertThat(evidenceIds(f)).containsExactly(1L, 2L);
    AppliedThreshold t = threshold(f, "bmi", ">=");
    assertThat(t.threshold().value()).isEqualTo(25);
    assertThat(t.observed().value()).isCloseTo(25.71, within(0.005));
    assertThat(f.explanation()).contains("25.7 kg/m²");
  }

  @Test
  void bmiFrom85KgAnd165CmIsObeseClassOneAt31Point2() {
    var r = run(WHO,
        height(1, "2026-02-20T09:00:00+08:00", 165),
        weight(2, "2026-03-05T07:00:00+08:00", 85));
    Finding f = r.only("ob-bmi");
    assertThat(f.level()).isEqualTo("obese-class-1");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(threshold(f, "bmi", ">=").threshold().value()).isEqualTo(30);
    assertThat(f.explanation()).contains("31.2 kg/m²");
  }

  @Test
  void theLatestHeightAtOrBeforeTheWeightIsUsed() {
    // 85 kg: 31.2 with 165 cm, but 26.2 with the later-measured 180 cm.
    var r = run(WHO,
        height(1, "2026-01-10T09:00:00+08:00", 165),
        height(2, "2026-02-20T09:00:00+08:00", 180),
        weight(3, "2026-03-05T07:00:00+08:00", 85));
    Finding f = r.only("ob-bmi");
    assertThat(f.level()).isEqualTo("pre-obese");
    assertThat(evidenceIds(f)).containsExactly(2L, 3L);
  }

  @ParameterizedTest(name = "BMI {0} -> {1}")
  @CsvSource({
      "25.0, pre-obese,     INFO",
      "29.9, pre-obese,     INFO",
      "30.0, obese-class-1, ATTENTION",
      "35.0, obese-class-2, ATTENTION",
      "40.0, obese-class-3, ATTENTION",
  })
  void aDirectBmiReadingIsClassifiedByTheWhoTable(double value, String level, Severity severity) {
    Finding f = run(WHO, bmi(1, "2026-03-05T10:00:00+08:00", value)).only("ob-bmi");
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.severity()).isEqualTo(severity);
    assertThat(evidenceIds(f)).containsExactly(1L);
  }

  @Test
  void aBmiOf24Point9IsNotOverweightByWhoThoughItIsInChina() {
    assertThat(run(WHO, bmi(1, "2026-03-05T10:00:00+08:00", 24.9)).all()).isEmpty();
    assertThat(run(Monitor.forProfile(KnowledgeLoader.loadDefault(), "china"), bmi(1, "2026-03-05T10:00:00+08:00", 24.9))
        .only("ob-bmi").level()).isEqualTo("overweight");
  }

  @ParameterizedTest(name = "{0} {1} cm -> {2}")
  @CsvSource({
      "male,   95,  increased-risk-male,   INFO,      94",
      "male,   102, high-risk-male,        ATTENTION, 102",
      "female, 80,  increased-risk-female, INFO,      80",
      "female, 90,  high-risk-female,      ATTENTION, 88",
  })
  void waistCutOffsBySex(String sex, double cm, String level, Severity severity, double limit) {
    Finding f = run(WHO, member(sex, null, null), waist(1, "2026-03-05T07:00:00+08:00", cm)).only("ob-waist");
    assertThat(f.ruleId()).isEqualTo("ob.who.waist");
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.severity()).isEqualTo(severity);
    assertThat(f.citation().guidelineId()).isEqualTo("who-waist");
    AppliedThreshold t = threshold(f, "waist-circumference", ">=");
    assertThat(t.threshold().value()).isEqualTo(limit);
    assertThat(t.observed().value()).isEqualTo(cm);
    assertThat(f.explanation()).contains(new org.vigil.engine.units.Quantity(cm, "cm").formattedValue(1) + " cm");
  }

  @ParameterizedTest(name = "{0} {1} cm")
  @CsvSource({"male, 93", "female, 79"})
  void aWaistBelowTheIncreasedRiskCutOffGivesNoFinding(String sex, double cm) {
    assertThat(run(WHO, member(sex, null, null), waist(1, "2026-03-05T07:00:00+08:00", cm)).all()).isEmpty();
  }

  @Test
  void aWomansCutOffDoesNotApplyToAMan() {
    // 90 cm is high risk for a woman (>=88) but below a man's 94.
    assertThat(run(WHO, member("male", null, null), waist(1, "2026-03-05T07:00:00+08:00", 90)).all()).isEmpty();
  }

  @Test
  void withoutARecordedSexThereIsNoWaistFinding() {
    assertThat(run(WHO, waist(1, "2026-03-05T07:00:00+08:00", 120)).all()).isEmpty();
  }

  @Test
  void theWeightTrendRuleIsInactiveWithoutAnOperatorLimit() {
    assertThat(run(WHO, weeklyWeights(80, 81, 82, 83, 84)).allOf("ob-weight-trend")).isEmpty();
  }

  @Test
  void withAnOperatorLimitOfHalfAKiloPerWeekARisingWeightIsFlagged() {
    Monitor m = Monitor.forProfile(KnowledgeLoader.loadDefault(
        Map.of("ob.who.weight-trend", Map.of("bands[0].criteria[0].value", 0.5))), "international");
    var r = run(m, weeklyWeights(80, 80.8, 81.6, 82.4));
    Finding f = r.only("ob-weight-trend");
    assertThat(f.ruleId()).isEqualTo("ob.who.weight-trend");
    assertThat(f.citation().guidelineId()).isEqualTo("who-bmi");
    assertThat(threshold(f, "body-weight", ">").observed().value()).isCloseTo(0.8, within(1e-4));
    assertThat(f.explanation()).contains("body weight 0.8 kg per week").contains("4 readings");
    // Below the limit: 0.3 kg per week.
    assertThat(run(m, weeklyWeights(80, 80.3, 80.6, 80.9)).allOf("ob-weight-trend")).isEmpty();
  }
}
