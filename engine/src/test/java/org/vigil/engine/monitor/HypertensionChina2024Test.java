package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.engine.monitor.Readings.bp;
import static org.vigil.engine.monitor.Readings.run;
import static org.vigil.engine.monitor.Setting.HOME;
import static org.vigil.engine.monitor.Setting.OFFICE;

import org.junit.jupiter.api.Test;
import org.vigil.knowledge.KnowledgeLoader;

/** The China profile: 中国高血压防治指南(2024年修订版) grades, three non-same-day measurements (C1). */
class HypertensionChina2024Test {
  private static final Monitor MONITOR = Monitor.forProfile(KnowledgeLoader.loadDefault(), "china");

  @Test
  void grade1NeedsThreeElevatedOfficeDaysNotTwo() {
    var two = run(MONITOR,
        bp(1, "2026-03-02T09:00:00+08:00", OFFICE, 145, 92),
        bp(2, "2026-03-05T09:00:00+08:00", OFFICE, 146, 91));
    assertThat(two.all()).filteredOn(f -> f.family().equals("htn-office")).isEmpty();

    var three = run(MONITOR,
        bp(1, "2026-03-02T09:00:00+08:00", OFFICE, 145, 92),
        bp(2, "2026-03-05T09:00:00+08:00", OFFICE, 146, 91),
        bp(3, "2026-03-09T09:00:00+08:00", OFFICE, 144, 90));
    Finding f = three.lastOf("htn-office").getFirst();
    assertThat(f.level()).isEqualTo("grade-1");
    assertThat(f.citation().guidelineId()).isEqualTo("china-htn-2024");
    assertThat(f.supportingCitations()).extracting(c -> c.guidelineId()).containsExactly("china-htn-primary-care-2019");
    assertThat(f.profileId()).isEqualTo("china");
  }

  @Test
  void stage1OfAccAhaIsNotHypertensionInTheChinaProfile() {
    var r = run(MONITOR,
        bp(1, "2026-03-02T09:00:00+08:00", OFFICE, 134, 84),
        bp(2, "2026-03-05T09:00:00+08:00", OFFICE, 136, 82),
        bp(3, "2026-03-09T09:00:00+08:00", OFFICE, 138, 86));
    assertThat(r.all()).filteredOn(f -> f.family().equals("htn-office")).isEmpty();
  }

  @Test
  void grade3At180Over110OnThreeDaysIsUrgent() {
    var r = run(MONITOR,
        bp(1, "2026-03-02T09:00:00+08:00", OFFICE, 178, 112),
        bp(2, "2026-03-05T09:00:00+08:00", OFFICE, 176, 110),
        bp(3, "2026-03-09T09:00:00+08:00", OFFICE, 170, 111));
    Finding f = r.lastOf("htn-office").getFirst();
    assertThat(f.level()).isEqualTo("grade-3");
    assertThat(f.severity()).isEqualTo(Severity.URGENT);
  }

  @Test
  void grade2Between160And179() {
    var r = run(MONITOR,
        bp(1, "2026-03-02T09:00:00+08:00", OFFICE, 165, 95),
        bp(2, "2026-03-05T09:00:00+08:00", OFFICE, 162, 98),
        bp(3, "2026-03-09T09:00:00+08:00", OFFICE, 168, 96));
    assertThat(r.lastOf("htn-office").getFirst().level()).isEqualTo("grade-2");
  }

  @Test
  void theHomeThresholdIs135Over85() {
    var below = run(MONITOR,
        bp(1, "2026-03-01T07:00:00+08:00", HOME, 134, 84),
        bp(2, "2026-03-02T07:00:00+08:00", HOME, 134, 84),
        bp(3, "2026-03-03T07:00:00+08:00", HOME, 134, 84),
        bp(4, "2026-03-04T07:00:00+08:00", HOME, 134, 84));
    assertThat(below.all()).filteredOn(f -> f.family().equals("htn-home")).isEmpty();
    var at = run(MONITOR,
        bp(1, "2026-03-01T07:00:00+08:00", HOME, 134, 85),
        bp(2, "2026-03-02T07:00:00+08:00", HOME, 134, 85),
        bp(3, "2026-03-03T07:00:00+08:00", HOME, 134, 85),
        bp(4, "2026-03-04T07:00:00+08:00", HOME, 134, 85));
    assertThat(at.lastOf("htn-home").getFirst().level()).isEqualTo("home-hypertension");
  }

  @Test
  void theCrisisRuleInTheChinaProfileCitesAccAhaBecauseTheChineseDefinitionIsUnverified() {
    var r = run(MONITOR, bp(1, "2026-03-02T08:00:00+08:00", HOME, 190, 100));
    assertThat(r.lastOf("htn-crisis").getFirst().citation().guidelineId()).isEqualTo("acc-aha-2017");
  }
}
