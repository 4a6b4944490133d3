package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vigil.engine.monitor.Readings.canonical;
import static org.vigil.engine.monitor.Readings.evidenceIds;
import static org.vigil.engine.monitor.Readings.lab;
import static org.vigil.engine.monitor.Readings.member;
import static org.vigil.engine.monitor.Readings.run;
import static org.vigil.engine.monitor.Readings.threshold;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.engine.explain.AppliedThreshold;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * Serum uric acid (clinical-knowledge.md C4): hyperuricaemia = SUA >420 umol/L with no sex distinction
 * (痛风及高尿酸血症基层诊疗指南 2019); with gout the treatment target <360 umol/L, with tophi <300 umol/L (2013 CSE
 * consensus; ACR 2020 <6 mg/dL). Both profiles run the same rules.
 */
class HyperuricemiaTest {
  private static final org.vigil.knowledge.KnowledgeBase KB = KnowledgeLoader.loadDefault();
  private static final String T = "2026-03-10T08:00:00+08:00";

  private static Monitor monitor(String profile) {
    return Monitor.forProfile(KB, profile);
  }

  private static Reading urate(long id, double umol) {
    return lab(id, T, "uric-acid", umol, "umol/L");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"china", "international"})
  void aSerumUricAcidOf430IsHyperuricaemia(String profile) {
    var r = run(monitor(profile), urate(1, 430));
    Finding f = r.only("ua-level");
    assertThat(f.ruleId()).isEqualTo("ua.china-2019.hyperuricemia");
    assertThat(f.condition()).isEqualTo(Condition.HYPERURICEMIA);
    assertThat(f.level()).isEqualTo("hyperuricemia");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(f.pending()).isFalse();
    assertThat(f.citation().guidelineId()).isEqualTo("china-gout-primary-care-2019");
    assertThat(f.citation().year()).isEqualTo(2019);
    assertThat(f.citation().section()).contains(">420").contains("no sex distinction");
    assertThat(evidenceIds(f)).containsExactly(1L);
    AppliedThreshold t = threshold(f, "uric-acid", ">");
    assertThat(t.threshold().value()).isEqualTo(420);
    assertThat(t.observed().value()).isEqualTo(430);
    assertThat(t.met()).isTrue();
    assertThat(f.explanation()).contains("430 µmol/L").contains("> 420 µmol/L");
    assertThat(f.differentials()).singleElement().satisfies(d -> {
      assertThat(d.id()).isEqualTo("single-test");
      assertThat(d.excluded()).isFalse();
    });
    assertThat(f.category()).isEmpty();
    assertThat(f.profileId()).isEqualTo(profile);
  }

  @Test
  void theSameThresholdAppliesToWomenAndMenWithNoSexSpecificCutOff() {
    Monitor china = monitor("china");
    assertThat(run(china, member("female", "1990-01-01", null), urate(1, 430)).lastOf("ua-level")).hasSize(1);
    assertThat(run(china, member("male", "1990-01-01", null), urate(1, 430)).lastOf("ua-level")).hasSize(1);
    // 380 umol/L is above some sources' 360 for premenopausal women, but the rule uses >420 for everyone.
    assertThat(run(china, member("female", "1990-01-01", null), urate(1, 380)).all()).isEmpty();
  }

  @Test
  void exactly420IsNotAbove420() {
    var r = run(monitor("china"), urate(1, 420));
    assertThat(r.all()).isEmpty();
    assertThat(r.lastClearedOf("ua-level")).extracting(Cleared::ruleId).containsExactly("ua.china-2019.hyperuricemia");
  }

  @Test
  void aResultIn7Point1MgPerDlConvertsWith59Point48AndIsAbove420() {
    double umol = canonical("3084-1", 7.1, "mg/dL");
    assertThat(umol).isCloseTo(7.1 * 59.48, within(1e-6));
    assertThat(run(monitor("china"), urate(1, umol)).lastOf("ua-level")).hasSize(1);
  }

  @Test
  void aMemberWithGoutGetsTheTreatmentTargetBelow360InsteadOfTheDefinition() {
    var r = run(monitor("china"), member("male", "1970-01-01", null, "gout"), urate(1, 380));
    assertThat(r.lastOf("ua-level")).isEmpty();
    Finding f = r.only("ua-target");
    assertThat(f.ruleId()).isEqualTo("ua.cse-2013.treatment-target");
    assertThat(f.level()).isEqualTo("above-gout-target");
    assertThat(f.category()).contains("gout");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(f.citation().guidelineId()).isEqualTo("cse-urate-2013");
    assertThat(f.supportingCitations()).extracting(c -> c.guidelineId()).containsExactly("acr-gout-2020");
    AppliedThreshold t = threshold(f, "uric-acid", ">=");
    assertThat(t.threshold().value()).isEqualTo(360);
    assertThat(t.observed().value()).isEqualTo(380);
    assertThat(f.explanation()).contains("380 µmol/L").contains("Gout");
    assertThat(evidenceIds(f)).containsExactly(1L);
  }

  @Test
  void aMemberWithGoutAndAUricAcidAbove420GetsOnlyTheTreatmentTarget() {
    var r = run(monitor("china"), member(null, null, null, "gout"), urate(1, 450));
    assertThat(r.last()).extracting(Finding::family).containsExactly("ua-target");
  }

  @Test
  void aMemberWithGoutAt350MeetsTheTarget() {
    var r = run(monitor("china"), member(null, null, null, "gout"), urate(1, 350));
    assertThat(r.all()).isEmpty();
    assertThat(r.lastClearedOf("ua-target")).extracting(Cleared::ruleId).containsExactly("ua.cse-2013.treatment-target");
  }

  @Test
  void aMemberWithTophiAt320MissesTheStricterTargetBelow300() {
    var r = run(monitor("china"), member(null, null, null, "gout", "tophi"), urate(1, 320));
    Finding f = r.only("ua-target");
    assertThat(f.level()).isEqualTo("above-tophi-target");
    assertThat(f.category()).contains("tophi");
    AppliedThreshold t = threshold(f, "uric-acid", ">=");
    assertThat(t.threshold().value()).isEqualTo(300);
    assertThat(t.observed().value()).isEqualTo(320);
    assertThat(f.explanation()).contains("Gout with tophi").contains("320 µmol/L");
  }

  @Test
  void tophiRecordedWithoutAGoutCodeStillGetTheTophiTarget() {
    var r = run(monitor("international"), member(null, null, null, "tophi"), urate(1, 320));
    assertThat(r.only("ua-target").category()).contains("tophi");
    assertThat(r.lastOf("ua-level")).isEmpty();
  }

  @Test
  void aMemberWithTophiAt290MeetsTheTarget() {
    assertThat(run(monitor("china"), member(null, null, null, "gout", "tophi"), urate(1, 290)).all()).isEmpty();
  }

  @Test
  void aMemberWithoutGoutHasNoTreatmentTarget() {
    var r = run(monitor("china"), urate(1, 400));
    assertThat(r.all()).isEmpty();
    assertThat(r.lastCleared()).extracting(Cleared::family).doesNotContain("ua-target");
  }
}
