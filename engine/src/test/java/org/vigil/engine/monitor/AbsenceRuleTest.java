package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.engine.monitor.Readings.bp;
import static org.vigil.engine.monitor.Readings.evidenceIds;
import static org.vigil.engine.monitor.Readings.glucose;
import static org.vigil.engine.monitor.Readings.run;
import static org.vigil.engine.monitor.Setting.HOME;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * Follow-up when blood-pressure readings stop while hypertension is uncontrolled: no BP for 14 days (a Vigil
 * setting from the product specification), evaluated by the scheduler. "Uncontrolled" = a hypertension rule of the
 * profile held at the last reading (home mean >=135/85, C1).
 */
class AbsenceRuleTest {
  private static final Monitor ACC_AHA = Monitor.forProfile(KnowledgeLoader.loadDefault(), "international");
  private static final Monitor CHINA = Monitor.forProfile(KnowledgeLoader.loadDefault(), "china");

  private static Instant at(String time) {
    return OffsetDateTime.parse(time).toInstant();
  }

  /** Four home readings at noon Beijing time, 1-4 March, mean 142/90: uncontrolled in both profiles. */
  private static Readings.Run uncontrolled(Monitor m) {
    return run(m,
        bp(1, "2026-03-01T12:00:00+08:00", HOME, 140, 88),
        bp(2, "2026-03-02T12:00:00+08:00", HOME, 144, 92),
        bp(3, "2026-03-03T12:00:00+08:00", HOME, 142, 90),
        bp(4, "2026-03-04T12:00:00+08:00", HOME, 142, 90));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "international, htn.acc-aha-2017.no-recent-bp, acc-aha-2017",
      "china,         htn.china-2024.no-recent-bp,   china-htn-2024",
  })
  void noBloodPressureFor14DaysWhileUncontrolledCallsForFollowUp(String profile, String ruleId, String guideline) {
    Monitor m = profile.equals("china") ? CHINA : ACC_AHA;
    var r = uncontrolled(m);
    assertThat(r.only("htn-home").level()).as("uncontrolled at the last reading").startsWith("home-");

    Instant now = at("2026-03-18T12:00:00+08:00"); // 14 days after the last reading
    Evaluation e = m.scheduled(r.state(), MemberFacts.UNKNOWN, "p1", now);
    assertThat(e.findings()).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo(ruleId);
      assertThat(f.family()).isEqualTo("htn-follow-up");
      assertThat(f.condition()).isEqualTo(Condition.HYPERTENSION);
      assertThat(f.level()).isEqualTo("no-recent-bp");
      assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
      assertThat(f.citation().guidelineId()).isEqualTo(guideline);
      assertThat(evidenceIds(f)).as("the last reading").containsExactly(4L);
      assertThat(f.evidence()).extracting(ev -> ev.analyte()).containsExactlyInAnyOrder("systolic-bp", "diastolic-bp");
      assertThat(f.explanation()).contains("No blood pressure reading since 2026-03-04");
      assertThat(f.asOf()).isEqualTo(now);
      assertThat(f.pending()).isFalse();
      assertThat(f.patientId()).isEqualTo("p1");
    });
    assertThat(e.state()).isSameAs(r.state());
  }

  @Test
  void thirteenDaysWithoutAReadingIsNotYetOverdue() {
    var r = uncontrolled(ACC_AHA);
    Evaluation e = ACC_AHA.scheduled(r.state(), MemberFacts.UNKNOWN, "p1", at("2026-03-17T12:00:00+08:00"));
    assertThat(e.findings()).isEmpty();
  }

  @Test
  void aControlledMemberWithoutReadingsFor14DaysNeedsNoFollowUp() {
    var r = run(ACC_AHA,
        bp(1, "2026-03-01T12:00:00+08:00", HOME, 120, 76),
        bp(2, "2026-03-02T12:00:00+08:00", HOME, 118, 74),
        bp(3, "2026-03-03T12:00:00+08:00", HOME, 122, 78),
        bp(4, "2026-03-04T12:00:00+08:00", HOME, 119, 75));
    Evaluation e = ACC_AHA.scheduled(r.state(), MemberFacts.UNKNOWN, "p1", at("2026-03-25T12:00:00+08:00"));
    assertThat(e.findings()).isEmpty();
    assertThat(e.cleared()).isEmpty();
  }

  @Test
  void aMemberNeverMeasuredHasNoFollowUpFinding() {
    Evaluation e = ACC_AHA.scheduled(PatientState.EMPTY, MemberFacts.UNKNOWN, "p1", at("2026-03-25T12:00:00+08:00"));
    assertThat(e.findings()).isEmpty();
    assertThat(e.cleared()).isEmpty();
  }

  @Test
  void aSingleCrisisReadingMakesTheMemberUncontrolled() {
    var r = run(ACC_AHA, bp(1, "2026-03-01T12:00:00+08:00", HOME, 186, 100));
    Evaluation e = ACC_AHA.scheduled(r.state(), MemberFacts.UNKNOWN, "p1", at("2026-03-16T12:00:00+08:00"));
    assertThat(e.findings()).extracting(Finding::ruleId).containsExactly("htn.acc-aha-2017.no-recent-bp");
  }

  @Test
  void readingsOfOtherAnalytesDoNotCountAsBloodPressure() {
    var r = uncontrolled(ACC_AHA);
    PatientState s = ACC_AHA.evaluate(r.state(), MemberFacts.UNKNOWN,
        glucose(50, "2026-03-12T08:00:00+08:00", "fasting-glucose", 5.0), at("2026-03-12T08:00:00+08:00")).state();
    Evaluation e = ACC_AHA.scheduled(s, MemberFacts.UNKNOWN, "p1", at("2026-03-18T12:00:00+08:00"));
    assertThat(e.findings()).singleElement().satisfies(f -> assertThat(evidenceIds(f)).containsExactly(4L));
  }

  @Test
  void aNewBloodPressureReadingClearsTheFollowUp() {
    var r = uncontrolled(ACC_AHA);
    Instant late = at("2026-03-20T12:00:00+08:00");
    assertThat(ACC_AHA.scheduled(r.state(), MemberFacts.UNKNOWN, "p1", late).findings()).hasSize(1);
    Reading fresh = bp(5, "2026-03-20T12:00:00+08:00", HOME, 132, 82);
    Evaluation e = ACC_AHA.evaluate(r.state(), MemberFacts.UNKNOWN, fresh, late);
    assertThat(e.cleared()).filteredOn(c -> c.family().equals("htn-follow-up")).singleElement().satisfies(c -> {
      assertThat(c.ruleId()).isEqualTo("htn.acc-aha-2017.no-recent-bp");
      assertThat(c.condition()).isEqualTo(Condition.HYPERTENSION);
      assertThat(c.patientId()).isEqualTo("p1");
      assertThat(c.asOf()).isEqualTo(late);
    });
    assertThat(e.findings()).extracting(Finding::family).doesNotContain("htn-follow-up");
    assertThat(ACC_AHA.scheduled(e.state(), MemberFacts.UNKNOWN, "p1", at("2026-03-25T12:00:00+08:00")).findings())
        .isEmpty();
  }

  @Test
  void theSinceDateIsTheMembersLocalDateOfTheLastReading() {
    // 07:00 on 4 March in Beijing is 23:00 on 3 March UTC; the member and the health manager mean 4 March.
    var r = run(ACC_AHA,
        bp(1, "2026-03-01T07:00:00+08:00", HOME, 140, 88),
        bp(2, "2026-03-02T07:00:00+08:00", HOME, 144, 92),
        bp(3, "2026-03-03T07:00:00+08:00", HOME, 142, 90),
        bp(4, "2026-03-04T07:00:00+08:00", HOME, 142, 90));
    Evaluation e = ACC_AHA.scheduled(r.state(), MemberFacts.UNKNOWN, "p1", at("2026-03-19T07:00:00+08:00"));
    assertThat(e.findings()).singleElement()
        .satisfies(f -> assertThat(f.explanation()).contains("since 2026-03-04"));
  }
}
