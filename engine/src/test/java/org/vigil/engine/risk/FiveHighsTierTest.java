package org.vigil.engine.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.engine.monitor.Condition;
import org.vigil.engine.monitor.ConditionStatus;
import org.vigil.engine.monitor.Measurement;
import org.vigil.engine.monitor.MemberFacts;
import org.vigil.engine.monitor.Monitor;
import org.vigil.engine.monitor.PatientState;
import org.vigil.engine.monitor.Reading;
import org.vigil.engine.monitor.Setting;
import org.vigil.engine.units.Quantity;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.KnowledgeLoader;
import org.vigil.knowledge.risk.TierDefinition;

/** The member's risk from their stored data, and the composite Five-Highs tier with its reasons. */
class FiveHighsTierTest {
  private static final KnowledgeBase KB = KnowledgeLoader.loadDefault();
  private static final Monitor MONITOR = Monitor.forProfile(KB, "china");
  private static final MemberRisk RISK = new MemberRisk(new RiskModels(KB, new UnitNormalizer(KB)), KB);
  private static final FiveHighsTier TIER = new FiveHighsTier(TierDefinition.load(), KB, RISK);
  private static final Instant NOW = Instant.parse("2026-03-10T00:00:00Z");

  private static PatientState state(Object[]... readings) {
    PatientState s = PatientState.EMPTY;
    long id = 1;
    for (Object[] r : readings) {
      OffsetDateTime t = OffsetDateTime.parse((String) r[0]);
      s = MONITOR.replay(s, new Reading(id++, "p", t.toInstant(), t.getOffset(), Setting.OFFICE,
          List.of(new Measurement((String) r[1], new Quantity((Double) r[2], (String) r[3])))));
    }
    return s;
  }

  private static MemberFacts man(int birthYear, String... conditions) {
    return new MemberFacts(Optional.of("male"), Optional.of(LocalDate.of(birthYear, 1, 1)), Set.of(conditions),
        Optional.empty());
  }

  /** The China-PAR paper profile (B3): TC 210 mg/dL, HDL 55 mg/dL, SBP 130, waist 80, diabetes, north, urban. */
  private static PatientState chinaParProfile() {
    return state(
        new Object[] {"2026-03-01T08:00:00+08:00", "total-cholesterol", 210 / 38.67, "mmol/L"},
        new Object[] {"2026-03-01T08:00:00+08:00", "hdl-cholesterol", 55 / 38.67, "mmol/L"},
        new Object[] {"2026-03-02T08:00:00+08:00", "systolic-bp", 130.0, "mm[Hg]"},
        new Object[] {"2026-03-02T08:00:00+08:00", "waist-circumference", 80.0, "cm"});
  }

  private static final Map<String, Object> FACTORS = Map.of("onBpTreatment", false, "smoker", false,
      "region", "north", "area", "urban", "familyHistoryAscvd", false);

  @Test
  void aMissingInputIsReportedAsMissingNotGuessed() {
    var r = TIER.assess("china", chinaParProfile(), man(1966), List.of(), Map.of(), NOW);
    var chinaPar = r.models().stream().filter(m -> m.model().equals("china-par")).findFirst().orElseThrow();
    assertThat(chinaPar.result()).isEmpty();
    assertThat(chinaPar.missing()).contains("onBpTreatment", "smoker", "region", "area", "familyHistoryAscvd",
        "diabetes");
    assertThat(r.tier()).isEqualTo("low");
  }

  @Test
  void chinaParFromTheMembersOwnReadingsGivesItsCategoryAsTheTierWithTheReadingsUsed() {
    var r = TIER.assess("china", chinaParProfile(), man(1966, "diabetes"), List.of(), FACTORS, NOW);
    var chinaPar = r.models().stream().filter(m -> m.model().equals("china-par")).findFirst().orElseThrow();
    // The B3 profile at age 60 gives 10.82 % with the T/JPMA set: high (>= 10 %).
    assertThat(chinaPar.result().orElseThrow().risk().orElseThrow()).isBetween(0.105, 0.11);
    assertThat(chinaPar.readingsUsed()).containsKeys("totalCholesterol", "hdlCholesterol", "systolicBp", "waist");
    assertThat(r.tier()).isEqualTo("high");
    assertThat(r.reasons()).anySatisfy(x -> {
      assertThat(x.component()).isEqualTo("china-par");
      assertThat(x.reason()).contains("10.8");
    });
    assertThat(r.followUp()).isPresent();
  }

  @Test
  void anLdlOf4Point9OrMoreIsHighByTheLipidGuidelinesDirectCriteria() {
    PatientState s = state(new Object[] {"2026-03-01T08:00:00+08:00", "ldl-cholesterol", 5.0, "mmol/L"});
    var r = TIER.assess("china", s, man(1990), List.of(), Map.of(), NOW);
    assertThat(r.tier()).isEqualTo("high");
    assertThat(r.reasons()).anySatisfy(x -> assertThat(x.knowledgeRef()).contains("C3"));
  }

  @Test
  void diabetesAndAge40OrMoreIsHighButAt39ItIsNot() {
    assertThat(TIER.assess("china", PatientState.EMPTY, man(1985, "diabetes"), List.of(), Map.of(), NOW).tier())
        .isEqualTo("high");
    assertThat(TIER.assess("china", PatientState.EMPTY, man(1987, "diabetes"), List.of(), Map.of(), NOW).tier())
        .isEqualTo("low");
  }

  @Test
  void threeUncontrolledConditionsMakeTheTierVeryHigh() {
    List<ConditionStatus> statuses = List.of(
        new ConditionStatus(Condition.HYPERTENSION, ConditionStatus.Status.UNCONTROLLED, List.of(), List.of(), Optional.empty()),
        new ConditionStatus(Condition.DIABETES, ConditionStatus.Status.UNCONTROLLED, List.of(), List.of(), Optional.empty()),
        new ConditionStatus(Condition.OBESITY, ConditionStatus.Status.UNCONTROLLED, List.of(), List.of(), Optional.empty()));
    var r = TIER.assess("china", PatientState.EMPTY, man(1990), statuses, Map.of(), NOW);
    assertThat(r.tier()).isEqualTo("very-high");
    assertThat(r.reasons().getFirst().reason()).contains("hypertension", "diabetes", "obesity");
    assertThat(TIER.assess("china", PatientState.EMPTY, man(1990), statuses.subList(0, 1), Map.of(), NOW).tier())
        .isEqualTo("medium");
  }

  @Test
  void theInternationalProfileRunsPceAndPreventNotChinaPar() {
    var r = TIER.assess("international", chinaParProfile(), man(1966), List.of(), FACTORS, NOW);
    assertThat(r.models()).extracting(MemberRisk.ModelRisk::model).containsExactly("pce", "prevent", "findrisc");
  }
}
