package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.engine.monitor.Readings.bp;
import static org.vigil.engine.monitor.Readings.glucose;
import static org.vigil.engine.monitor.Readings.hba1c;
import static org.vigil.engine.monitor.Readings.lab;
import static org.vigil.engine.monitor.Readings.run;
import static org.vigil.engine.monitor.Readings.withConditions;
import static org.vigil.engine.monitor.Setting.HOME;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.engine.monitor.ConditionStatus.Status;
import org.vigil.knowledge.KnowledgeLoader;

/** Where a member stands on each of the Five Highs: uncontrolled, controlled or unknown. */
class ConditionStatusTest {
  private static final Monitor CHINA = Monitor.forProfile(KnowledgeLoader.loadDefault(), "china");
  private static final Instant NOW = OffsetDateTime.parse("2026-03-05T12:00:00+08:00").toInstant();

  private static ConditionStatus of(List<ConditionStatus> all, Condition c) {
    return all.stream().filter(s -> s.condition() == c).findFirst().orElseThrow();
  }

  @Test
  void aMemberNobodyHasMeasuredIsUnknownOnAllFiveHighs() {
    List<ConditionStatus> all = CHINA.status(PatientState.EMPTY, MemberFacts.UNKNOWN, "p1", NOW);
    assertThat(all).extracting(ConditionStatus::condition).containsExactly(Condition.values());
    assertThat(all).allSatisfy(s -> {
      assertThat(s.status()).isEqualTo(Status.UNKNOWN);
      assertThat(s.findings()).isEmpty();
      assertThat(s.lastReading()).isEmpty();
    });
  }

  @Test
  void anElevatedHomeMeanIsUncontrolledHypertensionAndLeavesTheOthersUnknown() {
    var r = run(CHINA,
        bp(1, "2026-03-01T07:00:00+08:00", HOME, 142, 90),
        bp(2, "2026-03-02T07:00:00+08:00", HOME, 142, 90),
        bp(3, "2026-03-03T07:00:00+08:00", HOME, 142, 90),
        bp(4, "2026-03-04T07:00:00+08:00", HOME, 142, 90));
    List<ConditionStatus> all = CHINA.status(r.state(), MemberFacts.UNKNOWN, "p1", NOW);
    ConditionStatus htn = of(all, Condition.HYPERTENSION);
    assertThat(htn.status()).isEqualTo(Status.UNCONTROLLED);
    assertThat(htn.findings()).extracting(Finding::ruleId).contains("htn.china-2024.home-mean");
    assertThat(htn.lastReading()).contains(OffsetDateTime.parse("2026-03-04T07:00:00+08:00").toInstant());
    assertThat(all).filteredOn(s -> s.condition() != Condition.HYPERTENSION)
        .allSatisfy(s -> assertThat(s.status()).isEqualTo(Status.UNKNOWN));
  }

  @Test
  void aNormalHomeMeanIsControlledHypertension() {
    var r = run(CHINA,
        bp(1, "2026-03-01T07:00:00+08:00", HOME, 122, 78),
        bp(2, "2026-03-02T07:00:00+08:00", HOME, 124, 76),
        bp(3, "2026-03-03T07:00:00+08:00", HOME, 120, 80),
        bp(4, "2026-03-04T07:00:00+08:00", HOME, 126, 79));
    ConditionStatus htn = of(CHINA.status(r.state(), MemberFacts.UNKNOWN, "p1", NOW), Condition.HYPERTENSION);
    assertThat(htn.status()).isEqualTo(Status.CONTROLLED);
    assertThat(htn.findings()).isEmpty();
    assertThat(htn.clearRules()).contains("htn.china-2024.home-mean");
  }

  @Test
  void aMemberWithDiabetesAboveTheA1cTargetIsUncontrolled() {
    MemberFacts diabetic = withConditions("diabetes");
    var above = run(CHINA, diabetic, hba1c(1, "2026-03-04T08:00:00+08:00", 7.8));
    assertThat(of(CHINA.status(above.state(), diabetic, "p1", NOW), Condition.DIABETES).status())
        .isEqualTo(Status.UNCONTROLLED);
    var within = run(CHINA, diabetic, hba1c(1, "2026-03-04T08:00:00+08:00", 6.6));
    ConditionStatus dm = of(CHINA.status(within.state(), diabetic, "p1", NOW), Condition.DIABETES);
    assertThat(dm.status()).isEqualTo(Status.CONTROLLED);
    assertThat(dm.clearRules()).contains("dm.ada-2025.hba1c-control");
  }

  @Test
  void aSingleDiabetesRangeResultAwaitingConfirmationIsNotReportedAsControlled() {
    var r = run(CHINA, glucose(1, "2026-03-04T08:00:00+08:00", "fasting-glucose", 7.6));
    ConditionStatus dm = of(CHINA.status(r.state(), MemberFacts.UNKNOWN, "p1", NOW), Condition.DIABETES);
    assertThat(dm.findings()).extracting(Finding::pending).containsExactly(true);
    assertThat(dm.status()).as("a diabetes-range result is pending confirmation, not controlled")
        .isNotEqualTo(Status.CONTROLLED);
  }

  @Test
  void uricAcidAboveAndBelow420() {
    var high = run(CHINA, lab(1, "2026-03-04T08:00:00+08:00", "uric-acid", 470, "umol/L"));
    ConditionStatus ua = of(CHINA.status(high.state(), MemberFacts.UNKNOWN, "p1", NOW), Condition.HYPERURICEMIA);
    assertThat(ua.status()).isEqualTo(Status.UNCONTROLLED);
    assertThat(ua.findings()).extracting(Finding::ruleId).containsExactly("ua.china-2019.hyperuricemia");
    var normal = run(CHINA, lab(1, "2026-03-04T08:00:00+08:00", "uric-acid", 330, "umol/L"));
    assertThat(of(CHINA.status(normal.state(), MemberFacts.UNKNOWN, "p1", NOW), Condition.HYPERURICEMIA).status())
        .isEqualTo(Status.CONTROLLED);
  }
}
