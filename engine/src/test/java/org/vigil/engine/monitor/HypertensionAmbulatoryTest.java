package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.engine.monitor.Readings.abpm;
import static org.vigil.engine.monitor.Readings.bp;
import static org.vigil.engine.monitor.Readings.evidenceIds;
import static org.vigil.engine.monitor.Readings.run;
import static org.vigil.engine.monitor.Readings.threshold;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.engine.explain.AppliedThreshold;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * Ambulatory (ABPM) summaries (clinical-knowledge.md C1): the ACC/AHA table "values of SBP/DBP for ABPM and HBPM
 * corresponding to office levels" (24-h 130/80 and 125/75, daytime 135/85 and 130/80, night-time 120/70 and
 * 110/65) and the Chinese 2024 thresholds (24-h >=130/80, daytime >=135/85, night-time >=120/70).
 */
class HypertensionAmbulatoryTest {
  private static final Monitor ACC_AHA = Monitor.forProfile(KnowledgeLoader.loadDefault(), "international");
  private static final Monitor CHINA = Monitor.forProfile(KnowledgeLoader.loadDefault(), "china");
  private static final String T = "2026-03-05T09:00:00+08:00";

  private static String family(String period) {
    return "htn-abpm-" + period;
  }

  @Test
  void a24HourMeanOf132Over78CorrespondsToOfficeStage2UnderAccAha() {
    var r = run(ACC_AHA, abpm(1, T, "24h", 132, 78));
    Finding f = r.only("htn-abpm-24h");
    assertThat(f.ruleId()).isEqualTo("htn.acc-aha-2017.abpm-24h");
    assertThat(f.condition()).isEqualTo(Condition.HYPERTENSION);
    assertThat(f.level()).isEqualTo("abpm-24h-office-140-90");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(f.citation().guidelineId()).isEqualTo("acc-aha-2017");
    assertThat(f.citation().strength()).isEqualTo("P");
    assertThat(f.citation().section()).contains("24-h ABPM 130/80 = office 140/90");
    assertThat(evidenceIds(f)).containsExactly(1L);
    assertThat(f.evidence()).extracting(e -> e.setting()).containsOnly("ambulatory");
    AppliedThreshold sys = threshold(f, "systolic-bp", ">=");
    assertThat(sys.threshold().value()).isEqualTo(130);
    assertThat(sys.observed().value()).isEqualTo(132);
    assertThat(sys.met()).isTrue();
    AppliedThreshold dia = threshold(f, "diastolic-bp", ">=");
    assertThat(dia.threshold().value()).isEqualTo(80);
    assertThat(dia.met()).isFalse();
    assertThat(f.explanation()).contains("24-hour ambulatory blood pressure mean was 132/78 mmHg");
    assertThat(r.last()).extracting(Finding::family).containsExactly("htn-abpm-24h");
  }

  @ParameterizedTest(name = "ACC/AHA {0} {1}/{2} -> {3}")
  @CsvSource({
      "24h,   127, 74, abpm-24h-office-130-80,   125",
      "24h,   124, 80, abpm-24h-office-140-90,   130",
      "day,   136, 80, abpm-day-office-140-90,   135",
      "day,   131, 79, abpm-day-office-130-80,   130",
      "night, 121, 66, abpm-night-office-140-90, 120",
      "night, 112, 64, abpm-night-office-130-80, 110",
  })
  void accAhaAmbulatoryBandsPerPeriod(String period, double sys, double dia, String level, double sysLimit) {
    var r = run(ACC_AHA, abpm(1, T, period, sys, dia));
    Finding f = r.only(family(period));
    assertThat(f.ruleId()).isEqualTo("htn.acc-aha-2017.abpm-" + period);
    assertThat(f.level()).isEqualTo(level);
    assertThat(threshold(f, "systolic-bp", ">=").threshold().value()).isEqualTo(sysLimit);
    assertThat(f.explanation()).contains((int) sys + "/" + (int) dia + " mmHg");
  }

  @ParameterizedTest(name = "ACC/AHA {0} {1}/{2} is below both rows")
  @CsvSource({
      "24h,   124, 74",
      "day,   129, 79",
      "night, 109, 64",
  })
  void belowTheOffice130Over80EquivalentThereIsNoAmbulatoryFinding(String period, double sys, double dia) {
    var r = run(ACC_AHA, abpm(1, T, period, sys, dia));
    assertThat(r.all()).isEmpty();
    assertThat(r.lastClearedOf(family(period))).extracting(Cleared::ruleId)
        .containsExactly("htn.acc-aha-2017.abpm-" + period);
  }

  @ParameterizedTest(name = "China {0} {1}/{2} -> {3}")
  @CsvSource({
      "24h,   130, 79, true",
      "24h,   129, 80, true",
      "24h,   129, 79, false",
      "day,   135, 84, true",
      "day,   134, 85, true",
      "day,   134, 84, false",
      "night, 120, 69, true",
      "night, 119, 70, true",
      "night, 119, 69, false",
  })
  void chinaAmbulatoryThresholdsPerPeriod(String period, double sys, double dia, boolean hypertension) {
    var r = run(CHINA, abpm(1, T, period, sys, dia));
    if (hypertension) {
      Finding f = r.only(family(period));
      assertThat(f.ruleId()).isEqualTo("htn.china-2024.abpm-" + period);
      assertThat(f.level()).isEqualTo("abpm-" + period + "-hypertension");
      assertThat(f.citation().guidelineId()).isEqualTo("china-htn-2024");
      assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    } else {
      assertThat(r.all()).isEmpty();
    }
  }

  @Test
  void eachPeriodIsJudgedOnlyByItsOwnRule() {
    // 125/76 is >=120/70 (a night-time threshold) but, as a daytime mean, below 135/85.
    var r = run(CHINA, abpm(1, T, "day", 125, 76));
    assertThat(r.all()).isEmpty();
    var night = run(CHINA, abpm(1, T, "night", 125, 76));
    assertThat(night.last()).extracting(Finding::family).containsExactly("htn-abpm-night");
  }

  @Test
  void aHomeReadingWithTheSameValuesDoesNotTriggerAmbulatoryRules() {
    var home = run(ACC_AHA, bp(1, T, Setting.HOME, 136, 86));
    assertThat(home.all()).extracting(Finding::family).noneMatch(f -> f.startsWith("htn-abpm"));
    var labelled = run(CHINA, bp(1, T, Setting.HOME, new ReadingContext(false, false, false, "day"), 136, 86));
    assertThat(labelled.all()).extracting(Finding::family).noneMatch(f -> f.startsWith("htn-abpm"));
    assertThat(labelled.allCleared()).extracting(Cleared::family).noneMatch(f -> f.startsWith("htn-abpm"));
  }

  @Test
  void anAmbulatoryReadingWithoutAPeriodIsNotASummaryAndTriggersNoAmbulatoryRule() {
    var r = run(CHINA, bp(1, T, Setting.AMBULATORY, 150, 95));
    assertThat(r.all()).extracting(Finding::family).noneMatch(f -> f.startsWith("htn-abpm"));
  }

  @Test
  void anAmbulatorySummaryAboveTheCrisisThresholdIsAlsoACrisis() {
    var r = run(ACC_AHA, abpm(1, T, "day", 185, 100));
    assertThat(r.last()).extracting(Finding::family).containsExactlyInAnyOrder("htn-abpm-day", "htn-crisis");
  }
}
