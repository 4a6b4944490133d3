package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.engine.monitor.Readings.bp;
import static org.vigil.engine.monitor.Readings.run;
import static org.vigil.engine.monitor.Readings.systolicOnly;
import static org.vigil.engine.monitor.Setting.HOME;
import static org.vigil.engine.monitor.Setting.OFFICE;

import org.junit.jupiter.api.Test;
import org.vigil.engine.explain.DifferentialResult;
import org.vigil.knowledge.KnowledgeLoader;

/** The international profile: 2017 ACC/AHA categories (clinical-knowledge.md C1). */
class HypertensionAccAha2017Test {
  private static final Monitor MONITOR = Monitor.forProfile(KnowledgeLoader.loadDefault(), "international");

  @Test
  void aSystolicAbove180IsAHypertensiveCrisisOnASingleReading() {
    var r = run(MONITOR, bp(1, "2026-03-02T08:00:00+08:00", HOME, 186, 100));
    var crisis = r.lastOf("htn-crisis");
    assertThat(crisis).hasSize(1);
    Finding f = crisis.getFirst();
    assertThat(f.severity()).isEqualTo(Severity.EMERGENCY);
    assertThat(f.condition()).isEqualTo(Condition.HYPERTENSION);
    assertThat(f.ruleId()).isEqualTo("htn.acc-aha-2017.crisis");
    assertThat(f.citation().guidelineId()).isEqualTo("acc-aha-2017");
    assertThat(f.citation().year()).isEqualTo(2017);
    assertThat(f.citation().section()).contains(">180").contains(">120");
    assertThat(f.evidence()).extracting(e -> e.readingId()).containsOnly(1L);
    assertThat(f.evidence()).extracting(e -> e.code()).containsExactlyInAnyOrder("8480-6", "8462-4");
    assertThat(f.thresholds()).anySatisfy(t -> {
      assertThat(t.analyte()).isEqualTo("systolic-bp");
      assertThat(t.operator()).isEqualTo(">");
      assertThat(t.threshold().value()).isEqualTo(180);
      assertThat(t.met()).isTrue();
    });
    assertThat(f.explanation()).contains("186/100 mmHg").contains("2017 ACC/AHA");
    assertThat(f.differentials()).extracting(DifferentialResult::excluded).containsExactly(false);
    assertThat(f.recommendedAction()).isNotBlank();
    assertThat(f.profileId()).isEqualTo("international");
  }

  @Test
  void aDiastolicAbove120AloneIsAHypertensiveCrisis() {
    assertThat(run(MONITOR, bp(1, "2026-03-02T08:00:00+08:00", HOME, 150, 125)).lastOf("htn-crisis")).hasSize(1);
  }

  @Test
  void exactly180Over120IsNotACrisisBecauseTheThresholdIsStrictlyAbove() {
    assertThat(run(MONITOR, bp(1, "2026-03-02T08:00:00+08:00", HOME, 180, 120)).lastOf("htn-crisis")).isEmpty();
  }

  @Test
  void aRepeatedCrisisReadingTheSameDayExcludesTheSingleReadingArtefact() {
    var r = run(MONITOR,
        bp(1, "2026-03-02T08:00:00+08:00", HOME, 186, 100),
        bp(2, "2026-03-02T08:05:00+08:00", HOME, 184, 98));
    Finding f = r.lastOf("htn-crisis").getFirst();
    assertThat(f.evidence()).extracting(e -> e.readingId()).containsOnly(1L, 2L);
    assertThat(f.differentials().getFirst().excluded()).isTrue();
  }

  @Test
  void stage2NeedsElevatedOfficeReadingsOnTwoSeparateDays() {
    var oneDay = run(MONITOR,
        bp(1, "2026-03-02T09:00:00+08:00", OFFICE, 150, 95),
        bp(2, "2026-03-02T09:05:00+08:00", OFFICE, 148, 94));
    assertThat(oneDay.all()).filteredOn(f -> f.family().equals("htn-office")).isEmpty();

    var twoDays = run(MONITOR,
        bp(1, "2026-03-02T09:00:00+08:00", OFFICE, 150, 95),
        bp(2, "2026-03-02T09:05:00+08:00", OFFICE, 148, 94),
        bp(3, "2026-03-09T09:00:00+08:00", OFFICE, 146, 92));
    Finding f = twoDays.lastOf("htn-office").getFirst();
    assertThat(f.level()).isEqualTo("stage-2");
    assertThat(f.evidence()).extracting(e -> e.readingId()).containsOnly(1L, 2L, 3L);
    assertThat(f.explanation()).contains("2 separate days");
  }

  @Test
  void whenSystolicAndDiastolicFallInDifferentCategoriesTheHigherApplies() {
    var r = run(MONITOR,
        bp(1, "2026-03-02T09:00:00+08:00", OFFICE, 132, 92),
        bp(2, "2026-03-05T09:00:00+08:00", OFFICE, 128, 91));
    assertThat(r.lastOf("htn-office").getFirst().level()).isEqualTo("stage-2");
  }

  @Test
  void stage1IsConfirmedAt130To139On2Days() {
    var r = run(MONITOR,
        bp(1, "2026-03-02T09:00:00+08:00", OFFICE, 134, 78),
        bp(2, "2026-03-05T09:00:00+08:00", OFFICE, 136, 79));
    Finding f = r.lastOf("htn-office").getFirst();
    assertThat(f.level()).isEqualTo("stage-1");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
  }

  @Test
  void oneStage2DayAndOneStage1DayConfirmOnlyStage1() {
    var r = run(MONITOR,
        bp(1, "2026-03-02T09:00:00+08:00", OFFICE, 152, 96),
        bp(2, "2026-03-05T09:00:00+08:00", OFFICE, 134, 82));
    assertThat(r.lastOf("htn-office").getFirst().level()).isEqualTo("stage-1");
  }

  @Test
  void theDailyMeanDecidesTheDayNotItsHighestReading() {
    // Day 1 averages 138/78 (stage 1), not stage 2 on its 146 reading.
    var r = run(MONITOR,
        bp(1, "2026-03-02T09:00:00+08:00", OFFICE, 146, 78),
        bp(2, "2026-03-02T09:03:00+08:00", OFFICE, 130, 78),
        bp(3, "2026-03-05T09:00:00+08:00", OFFICE, 150, 95));
    assertThat(r.lastOf("htn-office").getFirst().level()).isEqualTo("stage-1");
  }

  @Test
  void officeReadingsOutsideTheWindowDoNotConfirm() {
    var r = run(MONITOR,
        bp(1, "2025-10-01T09:00:00+08:00", OFFICE, 150, 95),
        bp(2, "2026-03-05T09:00:00+08:00", OFFICE, 150, 95));
    assertThat(r.lastOf("htn-office")).isEmpty();
  }

  @Test
  void homeReadingsDoNotConfirmAnOfficeStage() {
    var r = run(MONITOR,
        bp(1, "2026-03-02T09:00:00+08:00", HOME, 150, 95),
        bp(2, "2026-03-05T09:00:00+08:00", HOME, 150, 95));
    assertThat(r.all()).filteredOn(f -> f.family().equals("htn-office")).isEmpty();
  }

  @Test
  void theLocalCalendarDayComesFromTheReadingsOwnOffset() {
    // 23:30 and 00:30 local time are two days for the member, though only an hour apart.
    var r = run(MONITOR,
        bp(1, "2026-03-02T23:30:00+08:00", OFFICE, 150, 95),
        bp(2, "2026-03-03T00:30:00+08:00", OFFICE, 150, 95));
    assertThat(r.lastOf("htn-office").getFirst().evidence()).hasSize(4);
  }

  @Test
  void aHomeMeanAtOrAbove135Over85OverTheWindowIsHomeStage2() {
    var r = run(MONITOR,
        bp(1, "2026-03-01T07:00:00+08:00", HOME, 138, 84),
        bp(2, "2026-03-02T07:00:00+08:00", HOME, 136, 86),
        bp(3, "2026-03-03T07:00:00+08:00", HOME, 134, 85),
        bp(4, "2026-03-04T07:00:00+08:00", HOME, 135, 83));
    Finding f = r.lastOf("htn-home").getFirst();
    assertThat(f.level()).isEqualTo("home-stage-2");
    assertThat(f.citation().section()).contains("135/85");
    assertThat(f.thresholds()).anySatisfy(t -> {
      assertThat(t.analyte()).isEqualTo("systolic-bp");
      assertThat(t.observed().value()).isEqualTo(135.75);
      assertThat(t.observedAs()).isEqualTo("mean of 4 readings");
    });
    assertThat(f.evidence()).hasSize(8);
    assertThat(f.explanation()).contains("4 readings").contains("7 days");
  }

  @Test
  void fewerHomeReadingsThanTheMinimumGiveNoMean() {
    var r = run(MONITOR,
        bp(1, "2026-03-01T07:00:00+08:00", HOME, 150, 95),
        bp(2, "2026-03-02T07:00:00+08:00", HOME, 150, 95),
        bp(3, "2026-03-03T07:00:00+08:00", HOME, 150, 95));
    assertThat(r.all()).filteredOn(f -> f.family().equals("htn-home")).isEmpty();
  }

  @Test
  void separateSystolicAndDiastolicObservationsCountLikeAPanel() {
    var r = run(MONITOR,
        systolicOnly(1, "2026-03-02T09:00:00+08:00", OFFICE, 150),
        systolicOnly(2, "2026-03-05T09:00:00+08:00", OFFICE, 152));
    assertThat(r.lastOf("htn-office").getFirst().level()).isEqualTo("stage-2");
  }

  @Test
  void theWhiteCoatDifferentialIsExcludedWhenTheHomeMeanIsAlsoElevated() {
    var withoutHome = run(MONITOR,
        bp(1, "2026-03-02T09:00:00+08:00", OFFICE, 150, 95),
        bp(2, "2026-03-05T09:00:00+08:00", OFFICE, 150, 95));
    assertThat(whiteCoat(withoutHome.lastOf("htn-office").getFirst()).excluded()).isFalse();

    var withHome = run(MONITOR,
        bp(10, "2026-03-02T07:00:00+08:00", HOME, 140, 88),
        bp(11, "2026-03-03T07:00:00+08:00", HOME, 140, 88),
        bp(12, "2026-03-04T07:00:00+08:00", HOME, 140, 88),
        bp(13, "2026-03-05T07:00:00+08:00", HOME, 140, 88),
        bp(1, "2026-03-05T09:00:00+08:00", OFFICE, 150, 95),
        bp(2, "2026-03-06T09:00:00+08:00", OFFICE, 150, 95));
    assertThat(whiteCoat(withHome.lastOf("htn-office").getFirst()).excluded()).isTrue();
  }

  private static DifferentialResult whiteCoat(Finding f) {
    return f.differentials().stream().filter(d -> d.id().equals("white-coat")).findFirst().orElseThrow();
  }
}
