package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vigil.engine.monitor.Readings.evidenceIds;
import static org.vigil.engine.monitor.Readings.lab;
import static org.vigil.engine.monitor.Readings.member;
import static org.vigil.engine.monitor.Readings.run;
import static org.vigil.engine.monitor.Readings.threshold;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.engine.explain.AppliedThreshold;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * 中国血脂管理指南(2023年) (clinical-knowledge.md C3): LDL-C and non-HDL-C targets by ASCVD risk category (Table 6),
 * Table 2 reference levels when the category is unknown, the direct high-risk criteria, and the TG >=5.6 alert.
 * China profile only: the international profile has no lipid rules.
 */
class DyslipidemiaChina2023Test {
  private static final Monitor CHINA = Monitor.forProfile(KnowledgeLoader.loadDefault(), "china");
  private static final Monitor INTERNATIONAL = Monitor.forProfile(KnowledgeLoader.loadDefault(), "international");
  private static final String T = "2026-03-10T08:00:00+08:00";

  private static Reading ldl(long id, String time, double mmol) {
    return lab(id, time, "ldl-cholesterol", mmol, "mmol/L");
  }

  // ------------------------------------------------------------------------------------------ LDL-C by category

  @Test
  void withAnUnknownRiskCategoryLdlIsJudgedByTheLowRiskReferenceLevelsAndTheAlertSaysSo() {
    var r = run(CHINA, ldl(1, T, 4.3));
    Finding f = r.only("lipid-ldl");
    assertThat(f.ruleId()).isEqualTo("lipid.china-2023.ldl-target");
    assertThat(f.condition()).isEqualTo(Condition.DYSLIPIDEMIA);
    assertThat(f.level()).isEqualTo("elevated-ldl");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(f.category()).contains("unknown");
    assertThat(f.citation().guidelineId()).isEqualTo("china-lipid-2023");
    assertThat(f.citation().section()).contains("Table 2");
    assertThat(evidenceIds(f)).containsExactly(1L);
    AppliedThreshold t = threshold(f, "ldl-cholesterol", ">=");
    assertThat(t.threshold().value()).isEqualTo(4.1);
    assertThat(t.observed().value()).isCloseTo(4.3, within(1e-5));
    assertThat(t.met()).isTrue();
    assertThat(f.explanation()).contains("Risk category unknown").contains("4.3 mmol/L")
        .contains("ASCVD risk category is unknown");
    assertThat(f.pending()).isFalse();
    assertThat(f.memberAdvice()).isEmpty();
  }

  @ParameterizedTest(name = "LDL-C {0} mmol/L, category unknown -> {1}")
  @CsvSource({
      "5.0, direct-high-risk-ldl, ATTENTION, 4.9",   // direct high-risk criterion LDL-C >=4.9
      "4.3, elevated-ldl,         ATTENTION, 4.1",   // Table 2 elevated >=4.1
      "3.6, borderline-high-ldl,  INFO,      3.4",   // Table 2 borderline high >=3.4 and <4.1
  })
  void unknownCategoryBands(double value, String level, Severity severity, double limit) {
    Finding f = run(CHINA, ldl(1, T, value)).only("lipid-ldl");
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.severity()).isEqualTo(severity);
    assertThat(threshold(f, "ldl-cholesterol", ">=").threshold().value()).isEqualTo(limit);
    assertThat(f.category()).contains("unknown");
  }

  @Test
  void withAnUnknownCategoryAnLdlBelow3Point4IsWithinTheLowRiskReferenceLevel() {
    var r = run(CHINA, ldl(1, T, 3.2));
    assertThat(r.all()).isEmpty();
    assertThat(r.lastClearedOf("lipid-ldl")).hasSize(1);
  }

  @Test
  void veryHighRiskLdlOf2Point0MissesTheTargetBelow1Point8() {
    var r = run(CHINA, member("male", "1960-01-01", "very-high"), ldl(1, T, 2.0));
    Finding f = r.only("lipid-ldl");
    assertThat(f.level()).isEqualTo("above-very-high-target");
    assertThat(f.category()).contains("very-high");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    AppliedThreshold t = threshold(f, "ldl-cholesterol", ">=");
    assertThat(t.threshold().value()).isEqualTo(1.8);
    assertThat(t.observed().value()).isCloseTo(2.0, within(1e-6));
    assertThat(f.explanation()).contains("Very high risk").contains("ldl cholesterol 2 mmol/L")
        .contains(">= 1.8 mmol/L");
    assertThat(evidenceIds(f)).containsExactly(1L);
  }

  @Test
  void veryHighRiskLdlOf1Point7MeetsTheTarget() {
    var r = run(CHINA, member("male", "1960-01-01", "very-high"), ldl(1, T, 1.7));
    assertThat(r.all()).isEmpty();
    assertThat(r.lastClearedOf("lipid-ldl")).extracting(Cleared::ruleId).containsExactly("lipid.china-2023.ldl-target");
  }

  @Test
  void lowRiskLdlOf3Point0MeetsTheTargetBelow3Point4() {
    MemberFacts low = member("female", "1975-01-01", "low");
    var r = run(CHINA, low, ldl(1, T, 3.0));
    assertThat(r.all()).isEmpty();
    assertThat(r.lastClearedOf("lipid-ldl")).extracting(Cleared::ruleId).containsExactly("lipid.china-2023.ldl-target");
    ConditionStatus lipids = CHINA.status(r.state(), low, "p1", Instant.parse("2026-03-10T01:00:00Z")).stream()
        .filter(s -> s.condition() == Condition.DYSLIPIDEMIA).findFirst().orElseThrow();
    assertThat(lipids.status()).isEqualTo(ConditionStatus.Status.CONTROLLED);
    assertThat(lipids.clearRules()).contains("lipid.china-2023.ldl-target");
  }

  @Test
  void lowRiskLdlOf3Point5MissesTheTarget() {
    Finding f = run(CHINA, member("female", "1975-01-01", "low"), ldl(1, T, 3.5)).only("lipid-ldl");
    assertThat(f.level()).isEqualTo("above-low-target");
    assertThat(f.category()).contains("low");
    assertThat(threshold(f, "ldl-cholesterol", ">=").threshold().value()).isEqualTo(3.4);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "ultra-high,   1.5, above-ultra-high-target,        1.4",
      "very-high,    1.9, above-very-high-target,         1.8",
      "high,         2.7, above-intermediate-high-target, 2.6",
      "intermediate, 2.7, above-intermediate-high-target, 2.6",
      "low,          3.5, above-low-target,               3.4",
  })
  void eachRiskCategoryHasItsTable6Target(String category, double value, String level, double limit) {
    Finding f = run(CHINA, member(null, null, category), ldl(1, T, value)).only("lipid-ldl");
    assertThat(f.level()).isEqualTo(level);
    assertThat(threshold(f, "ldl-cholesterol", ">=").threshold().value()).isEqualTo(limit);
  }

  @ParameterizedTest(name = "{0}: LDL-C exactly {1} misses '<{1}'")
  @CsvSource({
      "ultra-high, 1.4",
      "very-high,  1.8",
      "high,       2.6",
      "low,        3.4",
  })
  void anLdlExactlyAtTheTargetValueMissesTheStrictlyBelowTarget(String category, double value) {
    var r = run(CHINA, member(null, null, category), ldl(1, T, value));
    assertThat(r.lastOf("lipid-ldl")).as("target is <%s mmol/L", value).hasSize(1);
  }

  @Test
  void diabetesAndAge40OrOverPutTheMemberInTheHighCategoryWithTarget2Point6() {
    MemberFacts diabetic45 = member("male", "1980-05-01", null, "diabetes");
    Finding f = run(CHINA, diabetic45, ldl(1, T, 2.8)).only("lipid-ldl");
    assertThat(f.level()).isEqualTo("above-high-target-diabetes");
    assertThat(f.category()).contains("high-diabetes-age-40");
    assertThat(threshold(f, "ldl-cholesterol", ">=").threshold().value()).isEqualTo(2.6);
    assertThat(f.explanation()).contains("diabetes and age 40 or over").contains("2.8 mmol/L");
    assertThat(f.supportingCitations()).singleElement()
        .satisfies(c -> assertThat(c.section()).contains("diabetes and age >=40"));
  }

  @Test
  void diabetesAndAge40OrOverOverridesALowRiskStratificationBecauseTheStrictestCategoryApplies() {
    Finding f = run(CHINA, member("male", "1980-05-01", "low", "diabetes"), ldl(1, T, 3.0)).only("lipid-ldl");
    assertThat(f.category()).contains("high-diabetes-age-40");
  }

  @Test
  void aMemberWithDiabetesAged39IsNotInTheDirectHighRiskCategory() {
    var r = run(CHINA, member("male", "1986-06-01", null, "diabetes"), ldl(1, T, 2.8));
    assertThat(r.all()).as("unknown category: 2.8 is below the 3.4 reference level").isEmpty();
  }

  @Test
  void theMemberIs40FromTheMorningOfTheir40thBirthdayInTheirOwnTimeZone() {
    // 07:00 in Beijing on 2026-03-10 is 23:00 UTC on 2026-03-09: the member is already 40.
    var r = run(CHINA, member("male", "1986-03-10", null, "diabetes"), ldl(1, "2026-03-10T07:00:00+08:00", 2.8));
    assertThat(r.lastOf("lipid-ldl")).extracting(Finding::category)
        .containsExactly(java.util.Optional.of("high-diabetes-age-40"));
  }

  @Test
  void chronicKidneyDiseaseStage3To4IsADirectHighRiskCriterion() {
    Finding f = run(CHINA, member(null, null, null, "ckd-3-4"), ldl(1, T, 2.7)).only("lipid-ldl");
    assertThat(f.level()).isEqualTo("above-high-target-ckd");
    assertThat(f.category()).contains("high-ckd-3-4");
  }

  // ------------------------------------------------------------------------------------------ non-HDL-C

  @Test
  void nonHdlIsDerivedFromTotalAndHdlCholesterolMeasuredTheSameLocalDay() {
    var r = run(CHINA,
        lab(1, "2026-03-10T08:00:00+08:00", "total-cholesterol", 6.0, "mmol/L"),
        lab(2, "2026-03-10T08:10:00+08:00", "hdl-cholesterol", 1.0, "mmol/L"));
    assertThat(r.allOf("lipid-non-hdl")).as("no value from total cholesterol alone").hasSize(1);
    Finding f = r.only("lipid-non-hdl");
    assertThat(f.ruleId()).isEqualTo("lipid.china-2023.non-hdl-target");
    assertThat(f.level()).isEqualTo("elevated-non-hdl");
    assertThat(f.category()).contains("unknown");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(f.citation().section()).contains("LDL-C target + 0.8");
    assertThat(evidenceIds(f)).containsExactly(1L, 2L);
    assertThat(f.evidence()).extracting(e -> e.analyte())
        .containsExactlyInAnyOrder("total-cholesterol", "hdl-cholesterol");
    AppliedThreshold t = threshold(f, "non-hdl-cholesterol", ">=");
    assertThat(t.threshold().value()).isEqualTo(4.9);
    assertThat(t.observed().value()).isCloseTo(5.0, within(1e-5));
    assertThat(f.explanation()).contains("5 mmol/L").contains("Risk category unknown");
  }

  @Test
  void nonHdlTargetIsTheLdlTargetPlus0Point8ForTheMembersCategory() {
    Finding f = run(CHINA, member(null, null, "high"),
        lab(1, "2026-03-10T08:00:00+08:00", "total-cholesterol", 5.0, "mmol/L"),
        lab(2, "2026-03-10T08:00:30+08:00", "hdl-cholesterol", 1.2, "mmol/L")).only("lipid-non-hdl");
    assertThat(f.level()).isEqualTo("above-intermediate-high-target");
    AppliedThreshold t = threshold(f, "non-hdl-cholesterol", ">=");
    assertThat(t.threshold().value()).as("2.6 + 0.8").isEqualTo(3.4);
    assertThat(t.observed().value()).isCloseTo(3.8, within(1e-5));
  }

  @Test
  void totalAndHdlCholesterolOnDifferentDaysGiveNoNonHdlValue() {
    var r = run(CHINA,
        lab(1, "2026-03-10T08:00:00+08:00", "total-cholesterol", 7.0, "mmol/L"),
        lab(2, "2026-03-12T08:00:00+08:00", "hdl-cholesterol", 0.9, "mmol/L"));
    assertThat(r.allOf("lipid-non-hdl")).isEmpty();
    assertThat(r.allCleared()).filteredOn(c -> c.family().equals("lipid-non-hdl")).isEmpty();
  }

  @Test
  void theSameDayIsTheMembersLocalDayNotTheUtcDay() {
    // 07:30 and 23:30 in Beijing are one local day (two UTC days); 23:30 and 00:30 the next morning are two.
    var sameLocalDay = run(CHINA,
        lab(1, "2026-03-10T07:30:00+08:00", "total-cholesterol", 6.0, "mmol/L"),
        lab(2, "2026-03-10T23:30:00+08:00", "hdl-cholesterol", 1.0, "mmol/L"));
    assertThat(sameLocalDay.lastOf("lipid-non-hdl")).hasSize(1);
    var twoLocalDays = run(CHINA,
        lab(1, "2026-03-10T23:30:00+08:00", "total-cholesterol", 6.0, "mmol/L"),
        lab(2, "2026-03-11T00:30:00+08:00", "hdl-cholesterol", 1.0, "mmol/L"));
    assertThat(twoLocalDays.allOf("lipid-non-hdl")).isEmpty();
  }

  // ------------------------------------------------------------------------------------------ triglycerides

  @Test
  void triglyceridesAt5Point6OrMoreAreAnUrgentPancreatitisRiskAlert() {
    var r = run(CHINA, lab(1, T, "triglycerides", 6.2, "mmol/L"));
    Finding f = r.only("lipid-tg");
    assertThat(f.ruleId()).isEqualTo("lipid.china-2023.severe-hypertriglyceridemia");
    assertThat(f.level()).isEqualTo("tg-pancreatitis-risk");
    assertThat(f.severity()).isEqualTo(Severity.URGENT);
    assertThat(f.citation().guidelineId()).isEqualTo("china-lipid-2023");
    assertThat(f.citation().section()).contains(">=5.6 mmol/L");
    AppliedThreshold t = threshold(f, "triglycerides", ">=");
    assertThat(t.threshold().value()).isEqualTo(5.6);
    assertThat(t.observed().value()).isCloseTo(6.2, within(1e-5));
    assertThat(evidenceIds(f)).containsExactly(1L);
    assertThat(f.explanation()).contains("6.2 mmol/L");
    assertThat(f.differentials()).singleElement().satisfies(d -> assertThat(d.excluded()).isFalse());
  }

  @Test
  void triglyceridesOfExactly5Point6TriggerTheAlert() {
    assertThat(run(CHINA, lab(1, T, "triglycerides", 5.6, "mmol/L")).lastOf("lipid-tg")).hasSize(1);
  }

  @Test
  void triglyceridesBelow5Point6GiveNoAlert() {
    assertThat(run(CHINA, lab(1, T, "triglycerides", 5.5, "mmol/L")).all()).isEmpty();
  }

  // ------------------------------------------------------------------------------------------ international

  @Test
  void theInternationalProfileHasNoLipidRulesBecauseThePackHasNoNonChineseLipidTargets() {
    assertThat(INTERNATIONAL.rules()).noneMatch(rule -> rule.info().condition() == Condition.DYSLIPIDEMIA);
    MemberFacts veryHigh = member("male", "1960-01-01", "very-high", "diabetes");
    var r = run(INTERNATIONAL, veryHigh,
        ldl(1, T, 5.5),
        lab(2, "2026-03-10T08:01:00+08:00", "triglycerides", 8.0, "mmol/L"),
        lab(3, "2026-03-10T08:02:00+08:00", "total-cholesterol", 7.5, "mmol/L"),
        lab(4, "2026-03-10T08:03:00+08:00", "hdl-cholesterol", 0.9, "mmol/L"));
    assertThat(r.all()).isEmpty();
    ConditionStatus lipids = INTERNATIONAL.status(r.state(), veryHigh, "p1", Instant.parse("2026-03-10T01:00:00Z"))
        .stream().filter(s -> s.condition() == Condition.DYSLIPIDEMIA).findFirst().orElseThrow();
    assertThat(lipids.status()).isEqualTo(ConditionStatus.Status.UNKNOWN);
  }
}
