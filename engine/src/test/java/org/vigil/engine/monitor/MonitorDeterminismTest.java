package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.engine.monitor.Readings.bp;
import static org.vigil.engine.monitor.Setting.HOME;
import static org.vigil.engine.monitor.Setting.OFFICE;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigil.knowledge.KnowledgeLoader;

class MonitorDeterminismTest {
  private static final Monitor MONITOR = Monitor.forProfile(KnowledgeLoader.loadDefault(), "international");

  @Test
  void applyingTheSameReadingTwiceChangesNothing() {
    Reading r = bp(1, "2026-03-02T08:00:00+08:00", HOME, 190, 100);
    Evaluation first = MONITOR.evaluate(PatientState.EMPTY, r, r.effective());
    Evaluation again = MONITOR.evaluate(first.state(), r, r.effective());
    assertThat(first.findings()).isNotEmpty();
    assertThat(again.findings()).isEmpty();
    assertThat(again.state()).isSameAs(first.state());
  }

  @Test
  void readingsArrivingOutOfOrderGiveTheSameStateAsInOrder() {
    List<Reading> readings = new ArrayList<>();
    Random random = new Random(7);
    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    for (int i = 0; i < 60; i++) {
      Instant t = start.plusSeconds(i * 3_600L * 11);
      readings.add(bp(i + 1, t.atOffset(java.time.ZoneOffset.ofHours(8)).toString(),
          i % 3 == 0 ? OFFICE : HOME, 110 + random.nextInt(60), 70 + random.nextInt(30)));
    }
    PatientState inOrder = PatientState.EMPTY;
    for (Reading r : readings) {
      inOrder = MONITOR.replay(inOrder, r);
    }
    List<Reading> shuffled = new ArrayList<>(readings);
    Collections.shuffle(shuffled, random);
    PatientState outOfOrder = PatientState.EMPTY;
    for (Reading r : shuffled) {
      outOfOrder = MONITOR.replay(outOfOrder, r);
    }
    assertThat(outOfOrder).isEqualTo(inOrder);
    Instant now = readings.getLast().effective();
    assertThat(MONITOR.currentFindings(outOfOrder, "p1", now))
        .isEqualTo(MONITOR.currentFindings(inOrder, "p1", now));
  }

  @Test
  void theStateForgetsWhatNoRuleCanStillSee() {
    PatientState s = PatientState.EMPTY;
    s = MONITOR.replay(s, bp(1, "2025-01-01T08:00:00+08:00", OFFICE, 150, 95));
    s = MONITOR.replay(s, bp(2, "2026-03-01T08:00:00+08:00", OFFICE, 150, 95));
    assertThat(s.size()).as("one record per blood-pressure reading").isEqualTo(1);
    assertThat(s.contains(1)).isFalse();
  }
}
