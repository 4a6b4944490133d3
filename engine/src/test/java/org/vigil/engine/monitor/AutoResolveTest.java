package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.engine.monitor.Readings.bp;
import static org.vigil.engine.monitor.Readings.lab;
import static org.vigil.engine.monitor.Readings.member;
import static org.vigil.engine.monitor.Readings.meter;
import static org.vigil.engine.monitor.Readings.run;
import static org.vigil.engine.monitor.Setting.HOME;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * Alerts resolve themselves when their rule clearly no longer holds (a {@link Cleared}); rules marked
 * {@code autoResolve: false} (hypertensive crisis, hypoglycaemia) are closed by a person and never clear.
 */
class AutoResolveTest {
  private static final Monitor ACC_AHA = Monitor.forProfile(KnowledgeLoader.loadDefault(), "international");
  private static final Monitor CHINA = Monitor.forProfile(KnowledgeLoader.loadDefault(), "china");

  @Test
  void aHomeMeanFallingBelowTheBandsClearsTheHomeFamily() {
    var r = run(ACC_AHA,
        bp(1, "2026-03-01T07:00:00+08:00", HOME, 140, 90),
        bp(2, "2026-03-02T07:00:00+08:00", HOME, 140, 90),
        bp(3, "2026-03-03T07:00:00+08:00", HOME, 140, 90),
        bp(4, "2026-03-04T07:00:00+08:00", HOME, 140, 90),
        bp(5, "2026-03-09T07:00:00+08:00", HOME, 118, 72),
        bp(6, "2026-03-10T07:00:00+08:00", HOME, 118, 72),
        bp(7, "2026-03-11T07:00:00+08:00", HOME, 118, 72),
        bp(8, "2026-03-12T07:00:00+08:00", HOME, 118, 72));
    assertThat(r.allOf("htn-home")).extracting(Finding::level).startsWith("home-stage-2");
    assertThat(r.lastOf("htn-home")).isEmpty();
    assertThat(r.lastClearedOf("htn-home")).singleElement().satisfies(c -> {
      assertThat(c.ruleId()).isEqualTo("htn.acc-aha-2017.home-mean");
      assertThat(c.condition()).isEqualTo(Condition.HYPERTENSION);
      assertThat(c.patientId()).isEqualTo("p1");
      assertThat(c.asOf()).isEqualTo(OffsetDateTime.parse("2026-03-12T07:00:00+08:00").toInstant());
      assertThat(c.reason()).isNotBlank();
    });
  }

  @Test
  void aHomeMeanStillInStage1DoesNotClearUnderAccAhaButDoesInChina() {
    // Mean 132/82: home stage 1 (>=130/80) for ACC/AHA, below the Chinese 135/85.
    Reading[] readings = {
        bp(1, "2026-03-01T07:00:00+08:00", HOME, 132, 82),
        bp(2, "2026-03-02T07:00:00+08:00", HOME, 132, 82),
        bp(3, "2026-03-03T07:00:00+08:00", HOME, 132, 82),
        bp(4, "2026-03-04T07:00:00+08:00", HOME, 132, 82)};
    var acc = run(ACC_AHA, readings);
    assertThat(acc.only("htn-home").level()).isEqualTo("home-stage-1");
    assertThat(acc.lastClearedOf("htn-home")).isEmpty();
    var china = run(CHINA, readings);
    assertThat(china.lastOf("htn-home")).isEmpty();
    assertThat(china.lastClearedOf("htn-home")).extracting(Cleared::ruleId).containsExactly("htn.china-2024.home-mean");
  }

  @Test
  void theCrisisRuleNeverProducesACleared() {
    var r = run(ACC_AHA,
        bp(1, "2026-03-01T07:00:00+08:00", HOME, 190, 110),
        bp(2, "2026-03-01T07:10:00+08:00", HOME, 120, 75));
    assertThat(r.allOf("htn-crisis")).hasSize(1);
    assertThat(r.allCleared()).extracting(Cleared::family).doesNotContain("htn-crisis");
    // The same normal reading does clear other families (so clearing works, the crisis is exempt).
    assertThat(r.lastCleared()).extracting(Cleared::family).contains("htn-follow-up");
    assertThat(r.allOf("htn-crisis").getFirst().autoResolve()).isFalse();
  }

  @Test
  void hypoglycaemiaNeverProducesACleared() {
    var r = run(ACC_AHA,
        meter(1, "2026-03-01T03:00:00+08:00", 2.7),
        meter(2, "2026-03-01T03:20:00+08:00", 6.2));
    assertThat(r.allOf("dm-hypoglycemia")).hasSize(1);
    assertThat(r.allCleared()).extracting(Cleared::family).doesNotContain("dm-hypoglycemia");
  }

  @Test
  void anLdlBackWithinTheVeryHighRiskTargetClearsTheLdlFamily() {
    var r = run(CHINA, member(null, null, "very-high"),
        lab(1, "2026-01-10T08:00:00+08:00", "ldl-cholesterol", 2.4, "mmol/L"),
        lab(2, "2026-03-10T08:00:00+08:00", "ldl-cholesterol", 1.6, "mmol/L"));
    assertThat(r.allOf("lipid-ldl")).hasSize(1);
    assertThat(r.lastClearedOf("lipid-ldl")).extracting(Cleared::ruleId).containsExactly("lipid.china-2023.ldl-target");
  }
}
