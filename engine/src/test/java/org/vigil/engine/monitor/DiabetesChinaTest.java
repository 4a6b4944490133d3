package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vigil.engine.monitor.Readings.SYMPTOMS;
import static org.vigil.engine.monitor.Readings.canonical;
import static org.vigil.engine.monitor.Readings.evidenceIds;
import static org.vigil.engine.monitor.Readings.glucose;
import static org.vigil.engine.monitor.Readings.hba1c;
import static org.vigil.engine.monitor.Readings.meter;
import static org.vigil.engine.monitor.Readings.run;
import static org.vigil.engine.monitor.Readings.threshold;
import static org.vigil.engine.monitor.Readings.withConditions;

import org.junit.jupiter.api.Test;
import org.vigil.engine.explain.AppliedThreshold;
import org.vigil.engine.explain.DifferentialResult;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * The China profile's glucose rules: 中国2型糖尿病防治指南 (WHO-1999-based) diagnosis confirmed on another day, random
 * glucose with typical symptoms, IFG from 6.1 mmol/L and IGT (clinical-knowledge.md C2); hypoglycaemia and the A1C
 * target cite ADA because the pack gives no Chinese values.
 */
class DiabetesChinaTest {
  private static final Monitor CHINA = Monitor.forProfile(KnowledgeLoader.loadDefault(), "china");
  private static final Monitor ADA = Monitor.forProfile(KnowledgeLoader.loadDefault(), "international");

  @Test
  void diabetesRangeResultsOnTwoSeparateDaysConfirmTheDiagnosis() {
    var r = run(CHINA,
        glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", 7.3),
        hba1c(2, "2026-03-06T08:00:00+08:00", 6.7));
    Finding f = r.only("dm-diagnosis");
    assertThat(f.ruleId()).isEqualTo("dm.china-t2dm.diagnosis");
    assertThat(f.level()).isEqualTo("diabetes-range");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(f.pending()).isFalse();
    assertThat(f.citation().guidelineId()).isEqualTo("china-t2dm");
    assertThat(f.citation().section()).contains("confirm on another day");
    assertThat(f.profileId()).isEqualTo("china");
    assertThat(evidenceIds(f)).containsExactly(1L, 2L);
    AppliedThreshold fpg = threshold(f, "fasting-glucose", ">=");
    assertThat(fpg.threshold().value()).isEqualTo(7.0);
    assertThat(fpg.observed().value()).isCloseTo(7.3, within(1e-5));
    assertThat(fpg.met()).isTrue();
    AppliedThreshold a1c = threshold(f, "hba1c", ">=");
    assertThat(a1c.threshold().value()).isEqualTo(6.5);
    assertThat(a1c.observed().value()).isCloseTo(6.7, within(1e-5));
    assertThat(f.explanation()).contains("on 2 separate days within 90 days").contains("7.3 mmol/L").contains("6.7 %");
    assertThat(f.differentials()).singleElement().satisfies(d -> {
      assertThat(d.id()).isEqualTo("single-day");
      assertThat(d.excluded()).isTrue();
    });
  }

  @Test
  void theChineseRuleNeedsTwoSeparateDays() {
    CompiledCheck.minDaysOf(CHINA, "dm.china-t2dm.diagnosis", 2);
  }

  @Test
  void twoAbnormalResultsOnTheSameDayAreStillPendingInChinaBecauseTheRepeatMustBeOnAnotherDay() {
    var r = run(CHINA,
        glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", 7.3),
        hba1c(2, "2026-03-02T08:30:00+08:00", 6.7));
    Finding f = r.only("dm-diagnosis");
    assertThat(f.pending()).as("one day only: 'confirm on another day'").isTrue();
    assertThat(f.level()).isEqualTo("diabetes-range-unconfirmed");
    assertThat(f.differentials()).extracting(DifferentialResult::excluded).containsExactly(false);
  }

  @Test
  void aSingleDiabetesRangeResultIsPendingARepeatOnAnotherDay() {
    var r = run(CHINA, glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", 7.3));
    Finding f = r.only("dm-diagnosis");
    assertThat(f.ruleId()).isEqualTo("dm.china-t2dm.diagnosis");
    assertThat(f.pending()).isTrue();
    assertThat(f.level()).isEqualTo("diabetes-range-unconfirmed");
    assertThat(f.recommendedAction()).contains("another day");
    assertThat(evidenceIds(f)).containsExactly(1L);
  }

  @Test
  void aFastingGlucoseOf126MgPerDlIsBelowTheChinese7Point0AndIsImpairedFastingGlucose() {
    double fpg126 = canonical("1558-6", 126, "mg/dL");
    var r = run(CHINA, glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", fpg126));
    assertThat(r.lastOf("dm-diagnosis")).isEmpty();
    assertThat(r.only("dm-prediabetes").level()).isEqualTo("ifg");
    // The same result is in the ADA diabetes range (>=126 mg/dL).
    var ada = run(ADA, glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", fpg126));
    assertThat(ada.only("dm-diagnosis").pending()).isTrue();
  }

  // ------------------------------------------------------------------------------------------ random glucose

  @Test
  void typicalSymptomsWithARandomGlucoseOf11Point1AreUrgent() {
    var r = run(CHINA, glucose(1, "2026-03-02T15:00:00+08:00", "glucose", 11.1, SYMPTOMS));
    Finding f = r.only("dm-random-symptomatic");
    assertThat(f.ruleId()).isEqualTo("dm.china-t2dm.random-symptomatic");
    assertThat(f.level()).isEqualTo("random-glucose-with-symptoms");
    assertThat(f.severity()).isEqualTo(Severity.URGENT);
    assertThat(f.citation().guidelineId()).isEqualTo("china-t2dm");
    assertThat(evidenceIds(f)).containsExactly(1L);
    AppliedThreshold t = threshold(f, "glucose", ">=");
    assertThat(t.threshold().value()).isEqualTo(11.1);
    assertThat(t.met()).isTrue();
    assertThat(f.explanation()).contains("11.1 mmol/L");
  }

  @Test
  void aRandomGlucoseOf11Point1WithoutSymptomsGivesNoFinding() {
    assertThat(run(CHINA, glucose(1, "2026-03-02T15:00:00+08:00", "glucose", 11.1)).all()).isEmpty();
  }

  @Test
  void aRandomGlucoseJustBelow11Point1WithSymptomsGivesNoFinding() {
    assertThat(run(CHINA, glucose(1, "2026-03-02T15:00:00+08:00", "glucose", 11.0, SYMPTOMS)).all()).isEmpty();
  }

  // ------------------------------------------------------------------------------------------ IFG / IGT

  @Test
  void impairedFastingGlucoseStartsAt6Point1InChinaSo5Point8IsNormalHereButIfgForAda() {
    var china = run(CHINA, glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", 5.8));
    assertThat(china.all()).isEmpty();
    assertThat(china.lastClearedOf("dm-prediabetes")).extracting(Cleared::ruleId)
        .containsExactly("dm.china-t2dm.ifg-igt");
    var ada = run(ADA, glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", 5.8));
    assertThat(ada.only("dm-prediabetes").ruleId()).isEqualTo("dm.ada-2025.prediabetes");
  }

  @Test
  void aFastingGlucoseOf6Point3IsImpairedFastingGlucose() {
    var r = run(CHINA, glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", 6.3));
    Finding f = r.only("dm-prediabetes");
    assertThat(f.ruleId()).isEqualTo("dm.china-t2dm.ifg-igt");
    assertThat(f.level()).isEqualTo("ifg");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(f.citation().guidelineId()).isEqualTo("china-t2dm");
    assertThat(f.citation().section()).contains("6.1-<7.0 mmol/L");
    assertThat(threshold(f, "fasting-glucose", ">=").threshold().value()).isEqualTo(6.1);
    assertThat(threshold(f, "fasting-glucose", "<").threshold().value()).isEqualTo(7.0);
    assertThat(f.thresholds()).allSatisfy(t -> assertThat(t.met()).isTrue());
    assertThat(evidenceIds(f)).containsExactly(1L);
    assertThat(f.explanation()).contains("6.3 mmol/L");
    assertThat(r.lastOf("dm-diagnosis")).isEmpty();
  }

  @Test
  void aFastingGlucoseOfExactly6Point1IsImpairedFastingGlucose() {
    var r = run(CHINA, glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", 6.1));
    assertThat(r.lastOf("dm-prediabetes")).extracting(Finding::level).containsExactly("ifg");
  }

  @Test
  void anOgttTwoHourGlucoseOf7Point8ToBelow11Point1IsImpairedGlucoseTolerance() {
    var r = run(CHINA, glucose(1, "2026-03-02T10:00:00+08:00", "ogtt-2h-glucose", 9.0));
    Finding f = r.only("dm-prediabetes");
    assertThat(f.level()).isEqualTo("igt");
    assertThat(threshold(f, "ogtt-2h-glucose", ">=").threshold().value()).isEqualTo(7.8);
    assertThat(threshold(f, "ogtt-2h-glucose", "<").threshold().value()).isEqualTo(11.1);
  }

  @Test
  void theChineseRuleHasNoHbA1cPrediabetesRange() {
    var r = run(CHINA, hba1c(1, "2026-03-02T08:00:00+08:00", 6.0));
    assertThat(r.all()).isEmpty();
  }

  // ------------------------------------------------------------------------------------------ ADA rules in China

  @Test
  void hypoglycaemiaInTheChinaProfileCitesAdaBecauseThePackHasNoChineseClassification() {
    var r = run(CHINA, meter(1, "2026-03-02T03:00:00+08:00", 2.6));
    Finding f = r.only("dm-hypoglycemia");
    assertThat(f.ruleId()).isEqualTo("dm.ada-2025.hypoglycemia");
    assertThat(f.level()).isEqualTo("level-2");
    assertThat(f.severity()).isEqualTo(Severity.EMERGENCY);
    assertThat(f.citation().guidelineId()).isEqualTo("ada-2025");
    assertThat(f.profileId()).isEqualTo("china");
    assertThat(f.memberAdvice()).isPresent();
  }

  @Test
  void membersWithDiabetesGetTheAdaA1cTargetAndNoChineseDiagnosis() {
    var r = run(CHINA, withConditions("diabetes"),
        glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", 8.0),
        glucose(2, "2026-03-05T08:00:00+08:00", "fasting-glucose", 6.5),
        hba1c(3, "2026-03-06T08:00:00+08:00", 7.6));
    assertThat(r.all()).extracting(Finding::family).doesNotContain("dm-diagnosis", "dm-prediabetes");
    Finding f = r.only("dm-control");
    assertThat(f.ruleId()).isEqualTo("dm.ada-2025.hba1c-control");
    assertThat(f.citation().guidelineId()).isEqualTo("ada-2025");
    assertThat(threshold(f, "hba1c", ">=").observed().value()).isCloseTo(7.6, within(1e-5));
  }

  /** Checks on the compiled rule itself. */
  static final class CompiledCheck {
    static void minDaysOf(Monitor monitor, String ruleId, int days) {
      assertThat(monitor.rules()).filteredOn(r -> r.info().id().equals(ruleId)).singleElement()
          .isInstanceOfSatisfying(Rule.ConfirmationRule.class, c -> {
            assertThat(c.minDays()).isEqualTo(days);
            assertThat(c.minResults()).isZero();
          });
    }
  }
}
