package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.KnowledgeLoader;

/** The thresholds drawn on a member's charts come from the rules that apply to that member. */
class ThresholdLinesTest {
  private static final KnowledgeBase KNOWLEDGE = KnowledgeLoader.loadDefault();
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  private static List<ThresholdLines.Line> lines(String profile, Set<String> conditions) {
    MemberFacts facts = new MemberFacts(Optional.of("female"), Optional.of(LocalDate.of(1960, 1, 1)), conditions,
        Optional.empty());
    return ThresholdLines.of(Monitor.forProfile(KNOWLEDGE, profile), facts, NOW, ZoneOffset.UTC);
  }

  @Test
  void bloodPressureLinesAreTheProfilesEntryThresholdsAndTheCrisis() {
    List<ThresholdLines.Line> china = lines("china", Set.of());
    assertThat(china).filteredOn(l -> l.analyte().equals("systolic-bp") && l.settings().contains("office")
            && l.ruleId().equals("htn.china-2024.office-grade"))
        .extracting(ThresholdLines.Line::value).as("China 2024 grade 1 starts at office SBP 140 (C1)")
        .containsExactly(140.0);
    assertThat(china).filteredOn(l -> l.severity().equals("emergency") && l.analyte().equals("systolic-bp"))
        .isNotEmpty();
    List<ThresholdLines.Line> intl = lines("international", Set.of());
    assertThat(intl).filteredOn(l -> l.ruleId().equals("htn.acc-aha-2017.office-stage")
            && l.analyte().equals("systolic-bp"))
        .extracting(ThresholdLines.Line::value).as("ACC/AHA 2017 stage 1 starts at 130 (C1)").containsExactly(130.0);
    assertThat(intl).allSatisfy(l -> assertThat(l.guideline()).isNotBlank());
  }

  @Test
  void diagnosticGlucoseLinesAreForMembersWithoutDiabetesOnly() {
    assertThat(lines("international", Set.of())).anySatisfy(l -> {
      assertThat(l.analyte()).isEqualTo("hba1c");
      assertThat(l.ruleId()).contains("diagnos");
    });
    assertThat(lines("international", Set.of("diabetes")))
        .noneSatisfy(l -> assertThat(l.ruleId()).contains("diagnos"));
  }
}
