package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vigil.engine.monitor.Readings.CGM;
import static org.vigil.engine.monitor.Readings.FASTING;
import static org.vigil.engine.monitor.Readings.SYMPTOMS;
import static org.vigil.engine.monitor.Readings.canonical;
import static org.vigil.engine.monitor.Readings.evidenceIds;
import static org.vigil.engine.monitor.Readings.glucose;
import static org.vigil.engine.monitor.Readings.hba1c;
import static org.vigil.engine.monitor.Readings.lab;
import static org.vigil.engine.monitor.Readings.meter;
import static org.vigil.engine.monitor.Readings.run;
import static org.vigil.engine.monitor.Readings.single;
import static org.vigil.engine.monitor.Readings.threshold;
import static org.vigil.engine.monitor.Readings.withConditions;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.engine.explain.AppliedThreshold;
import org.vigil.engine.explain.DifferentialResult;
import org.vigil.engine.units.Normalized;
import org.vigil.engine.units.Result;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * The international profile's glucose rules: ADA Standards of Care 2025 diagnosis, prediabetes, hypoglycaemia
 * levels, A1C target and CGM range (clinical-knowledge.md C2). ADA thresholds are in mg/dL and convert with
 * 18.016 mg/dL per mmol/L (C6).
 */
class DiabetesAda2025Test {
  private static final Monitor ADA = Monitor.forProfile(KnowledgeLoader.loadDefault(), "international");
  private static final double MG_PER_MMOL = 18.016;

  // ------------------------------------------------------------------------------------------ diagnosis

  @Test
  void twoAbnormalResultsFromTheSameDayConfirmTheDiabetesRange() {
    var r = run(ADA,
        glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", 7.2),
        hba1c(2, "2026-03-02T08:30:00+08:00", 6.8));

    assertThat(r.allOf("dm-diagnosis").getFirst().pending()).as("the first result alone is pending").isTrue();
    Finding f = r.only("dm-diagnosis");
    assertThat(f.ruleId()).isEqualTo("dm.ada-2025.diagnosis");
    assertThat(f.condition()).isEqualTo(Condition.DIABETES);
    assertThat(f.level()).isEqualTo("diabetes-range");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(f.pending()).isFalse();
    assertThat(f.citation().guidelineId()).isEqualTo("ada-2025");
    assertThat(f.citation().year()).isEqualTo(2025);
    assertThat(f.citation().section()).contains("two abnormal results");
    assertThat(evidenceIds(f)).containsExactly(1L, 2L);
    AppliedThreshold fpg = threshold(f, "fasting-glucose", ">=");
    assertThat(fpg.threshold().value()).as("126 mg/dL").isCloseTo(126 / MG_PER_MMOL, within(1e-6));
    assertThat(fpg.observed().value()).isCloseTo(7.2, within(1e-5));
    assertThat(fpg.met()).isTrue();
    AppliedThreshold a1c = threshold(f, "hba1c", ">=");
    assertThat(a1c.threshold().value()).isEqualTo(6.5);
    assertThat(a1c.observed().value()).isCloseTo(6.8, within(1e-5));
    assertThat(a1c.met()).isTrue();
    assertThat(threshold(f, "ogtt-2h-glucose", ">=").met()).isFalse();
    assertThat(f.explanation())
        .contains("2 results within 90 days")
        .contains("fasting plasma glucose 7.2 mmol/L")
        .contains("6.8 %")
        .contains("ADA Standards of Care");
    assertThat(f.differentials()).extracting(DifferentialResult::id, DifferentialResult::excluded)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("single-abnormal-result", true));
    assertThat(f.category()).isEmpty();
    assertThat(f.memberAdvice()).isEmpty();
    assertThat(f.profileId()).isEqualTo("international");
  }

  @Test
  void aSingleResultInTheDiabetesRangeIsPendingUntilASecondTestConfirmsIt() {
    var r = run(ADA, glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", 7.4));
    Finding f = r.only("dm-diagnosis");
    assertThat(f.ruleId()).isEqualTo("dm.ada-2025.diagnosis");
    assertThat(f.pending()).isTrue();
    assertThat(f.level()).isEqualTo("diabetes-range-unconfirmed");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(f.citation().guidelineId()).isEqualTo("ada-2025");
    assertThat(evidenceIds(f)).containsExactly(1L);
    assertThat(f.recommendedAction()).contains("second test");
    assertThat(f.explanation()).contains("fasting plasma glucose 7.4 mmol/L");
    assertThat(f.differentials()).singleElement().satisfies(d -> assertThat(d.excluded()).isFalse());
    assertThat(r.lastOf("dm-prediabetes")).as("7.4 mmol/L is above the prediabetes range").isEmpty();
  }

  @Test
  void aPendingDiagnosisStillNamesTheThresholdItsResultMet() {
    var r = run(ADA, glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", 7.4));
    Finding f = r.only("dm-diagnosis");
    assertThat(f.pending()).isTrue();
    // The health manager must see which diagnostic threshold the single result met (ADA FPG >=126 mg/dL).
    assertThat(f.thresholds()).anySatisfy(t -> {
      assertThat(t.analyte()).isEqualTo("fasting-glucose");
      assertThat(t.threshold().value()).isCloseTo(126 / MG_PER_MMOL, within(1e-6));
      assertThat(t.met()).isTrue();
    });
    assertThat(f.explanation()).contains("fasting plasma glucose >= 6.99 mmol/L");
  }

  @Test
  void aFastingGlucoseReportedAs126MgPerDlCountsForAdaThoughItIs6Point99MmolPerL() {
    double fpg126 = canonical("1558-6", 126, "mg/dL");
    assertThat(fpg126).as("126 mg/dL in mmol/L").isCloseTo(6.99, within(0.005)).isLessThan(7.0);
    var r = run(ADA,
        glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", fpg126),
        glucose(2, "2026-03-09T08:00:00+08:00", "fasting-glucose", fpg126));
    Finding f = r.only("dm-diagnosis");
    assertThat(f.level()).isEqualTo("diabetes-range");
    assertThat(f.pending()).isFalse();
    assertThat(evidenceIds(f)).containsExactly(1L, 2L);
    assertThat(r.allOf("dm-prediabetes")).as("126 mg/dL is not in 100-125 mg/dL").isEmpty();
  }

  @Test
  void aFastingGlucoseOf125MgPerDlIsImpairedFastingGlucoseNotDiabetes() {
    var r = run(ADA, glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", canonical("1558-6", 125, "mg/dL")));
    assertThat(r.lastOf("dm-diagnosis")).isEmpty();
    assertThat(r.only("dm-prediabetes").level()).isEqualTo("ifg");
  }

  @Test
  void aRandomPlasmaGlucoseSentAsFastingCountsAsFastingOnlyOnceNormalizedToTheFastingAnalyte() {
    // At engine level the analyte decides: a random-glucose analyte with a fasting flag feeds no diagnostic rule.
    var raw = run(ADA, glucose(1, "2026-03-02T08:00:00+08:00", "glucose", 7.5, FASTING));
    assertThat(raw.allOf("dm-diagnosis")).isEmpty();

    // Ingest normalizes 2345-7 + fasting to the fasting-glucose analyte (analytes.yaml fastingVariant).
    Result<Normalized> n = Readings.units().normalize("reading", "2345-7", 7.5, "mmol/L");
    Normalized fasting = Readings.units().fastingVariant(((Result.Ok<Normalized>) n).value());
    assertThat(fasting.analyte().id()).isEqualTo("fasting-glucose");
    var normalized = run(ADA, glucose(1, "2026-03-02T08:00:00+08:00", fasting.analyte().id(),
        fasting.canonical().value(), FASTING));
    assertThat(normalized.only("dm-diagnosis").pending()).isTrue();
  }

  @Test
  void twoTestsFromTheSameSampleAreTwoAbnormalResults() {
    // ADA (C2): "diagnosis requires two abnormal results (same sample or two samples)".
    var r = run(ADA, Readings.labPanel(1, "2026-03-02T08:00:00+08:00",
        Readings.m("fasting-glucose", 7.3, "mmol/L"), Readings.m("hba1c", 6.9, "%")));
    Finding f = r.only("dm-diagnosis");
    assertThat(f.pending()).isFalse();
    assertThat(f.level()).isEqualTo("diabetes-range");
  }

  // ------------------------------------------------------------------------------------------ random glucose

  @Test
  void aRandomPlasmaGlucoseAt200MgPerDlOrMoreWithClassicSymptomsIsUrgent() {
    var r = run(ADA, glucose(1, "2026-03-02T15:00:00+08:00", "glucose", 11.5, SYMPTOMS));
    Finding f = r.only("dm-random-symptomatic");
    assertThat(f.ruleId()).isEqualTo("dm.ada-2025.random-symptomatic");
    assertThat(f.level()).isEqualTo("random-glucose-with-symptoms");
    assertThat(f.severity()).isEqualTo(Severity.URGENT);
    assertThat(f.pending()).isFalse();
    assertThat(f.citation().guidelineId()).isEqualTo("ada-2025");
    assertThat(f.citation().section()).contains("classic symptoms");
    assertThat(evidenceIds(f)).containsExactly(1L);
    AppliedThreshold t = threshold(f, "glucose", ">=");
    assertThat(t.threshold().value()).as("11.1 mmol/L, the lower of ADA's pair 200 mg/dL (11.1 mmol/L)").isEqualTo(11.1);
    assertThat(t.observed().value()).isCloseTo(11.5, within(1e-5));
    assertThat(t.met()).isTrue();
    assertThat(f.explanation()).contains("11.5 mmol/L").contains("with symptoms reported");
  }

  @Test
  void aRandomPlasmaGlucoseReportedAsExactly200MgPerDlWithSymptomsIsUrgent() {
    double g200 = canonical("2345-7", 200, "mg/dL");
    var r = run(ADA, glucose(1, "2026-03-02T15:00:00+08:00", "glucose", g200, SYMPTOMS));
    assertThat(r.lastOf("dm-random-symptomatic")).as("200 mg/dL meets '>=200 mg/dL'").hasSize(1);
  }

  @Test
  void aRandomPlasmaGlucoseOf11Point1MmolPerLWithSymptomsMeetsAdasOwnMmolPerLThreshold() {
    // C2: "Random PG >=200 mg/dL (11.1 mmol/L) only with classic symptoms" — 11.1 mmol/L is ADA's printed value.
    var r = run(ADA, glucose(1, "2026-03-02T15:00:00+08:00", "glucose", 11.1, SYMPTOMS));
    assertThat(r.lastOf("dm-random-symptomatic")).extracting(Finding::severity).containsExactly(Severity.URGENT);
  }

  @Test
  void anOgttTwoHourGlucoseOf11Point1MmolPerLIsTheDiabetesRangeNotImpairedGlucoseTolerance() {
    // C2: 2-h PG prediabetes 140-199 mg/dL (7.8-11.0 mmol/L), diabetes >=200 mg/dL (11.1 mmol/L).
    var r = run(ADA, glucose(1, "2026-03-02T10:00:00+08:00", "ogtt-2h-glucose", 11.1));
    assertThat(r.lastOf("dm-prediabetes")).as("11.1 mmol/L is above the 7.8-11.0 mmol/L IGT range").isEmpty();
    assertThat(r.lastOf("dm-diagnosis")).extracting(Finding::level).containsExactly("diabetes-range-unconfirmed");
  }

  @Test
  void aHighRandomGlucoseWithoutSymptomsIsNotDiagnosticOnItsOwn() {
    var r = run(ADA, glucose(1, "2026-03-02T15:00:00+08:00", "glucose", 15.0));
    assertThat(r.all()).isEmpty();
  }

  @Test
  void membersWithKnownDiabetesGetNoRandomGlucoseDiagnosis() {
    var r = run(ADA, withConditions("diabetes"), glucose(1, "2026-03-02T15:00:00+08:00", "glucose", 15.0, SYMPTOMS));
    assertThat(r.all()).filteredOn(f -> f.family().equals("dm-random-symptomatic")).isEmpty();
  }

  // ------------------------------------------------------------------------------------------ prediabetes

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
      "fasting-glucose, 5.8, mmol/L, ifg",              // 100-125 mg/dL (5.6-6.9 mmol/L)
      "fasting-glucose, 6.9, mmol/L, ifg",
      "ogtt-2h-glucose, 8.5, mmol/L, igt",              // 140-199 mg/dL (7.8-11.0 mmol/L)
      "hba1c,           6.0, %,      hba1c-prediabetes", // 5.7-6.4 %
  })
  void resultsInTheAdaPrediabetesRangesArePrediabetes(String analyte, double value, String unit, String level) {
    var r = run(ADA, lab(1, "2026-03-02T08:00:00+08:00", analyte, value, unit));
    Finding f = r.only("dm-prediabetes");
    assertThat(f.ruleId()).isEqualTo("dm.ada-2025.prediabetes");
    assertThat(f.level()).isEqualTo(level);
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(f.citation().guidelineId()).isEqualTo("ada-2025");
    assertThat(f.thresholds()).hasSize(2).allSatisfy(t -> {
      assertThat(t.analyte()).isEqualTo(analyte);
      assertThat(t.met()).isTrue();
    });
    assertThat(f.explanation()).contains(new org.vigil.engine.units.Quantity(value, unit).formattedValue(1));
    assertThat(r.lastOf("dm-diagnosis")).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
      "1558-6, 100, mg/dL, ifg",
      "1518-0, 140, mg/dL, igt",
      "4548-4, 5.7, %,     hba1c-prediabetes",
  })
  void theLowerBoundOfEachAdaPrediabetesRangeIsIncluded(String loinc, double value, String unit, String level) {
    Normalized n = ((Result.Ok<Normalized>) Readings.units().normalize("r", loinc, value, unit)).value();
    var r = run(ADA, lab(1, "2026-03-02T08:00:00+08:00", n.analyte().id(), n.canonical().value(),
        n.canonical().unit()));
    assertThat(r.lastOf("dm-prediabetes")).extracting(Finding::level).containsExactly(level);
  }

  @Test
  void anA1cOf6Point5IsTheDiabetesRangeNotPrediabetes() {
    var r = run(ADA, hba1c(1, "2026-03-02T08:00:00+08:00", 6.5));
    assertThat(r.lastOf("dm-prediabetes")).isEmpty();
    assertThat(r.only("dm-diagnosis").pending()).isTrue();
  }

  // ------------------------------------------------------------------------------------------ known diabetes

  @Test
  void membersWithDiabetesGetNoDiagnosticOrPrediabetesFindingsButTheA1cTargetFinding() {
    var r = run(ADA, withConditions("diabetes"),
        glucose(1, "2026-03-02T08:00:00+08:00", "fasting-glucose", 7.5),
        glucose(2, "2026-03-03T08:00:00+08:00", "fasting-glucose", 6.0),
        hba1c(3, "2026-03-04T08:00:00+08:00", 7.3));
    assertThat(r.all()).extracting(Finding::family).doesNotContain("dm-diagnosis", "dm-prediabetes");
    Finding f = r.only("dm-control");
    assertThat(f.ruleId()).isEqualTo("dm.ada-2025.hba1c-control");
    assertThat(f.level()).isEqualTo("above-hba1c-target");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(f.citation().guidelineId()).isEqualTo("ada-2025");
    assertThat(f.citation().section()).contains("A1C <7.0 %");
    assertThat(evidenceIds(f)).containsExactly(3L);
    AppliedThreshold t = threshold(f, "hba1c", ">=");
    assertThat(t.threshold().value()).isEqualTo(7.0);
    assertThat(t.observed().value()).isCloseTo(7.3, within(1e-5));
    assertThat(f.explanation()).contains("7.3 %");
  }

  @Test
  void anA1cBelow7PercentMeetsTheTargetAndClearsTheControlFamily() {
    var r = run(ADA, withConditions("diabetes"), hba1c(1, "2026-03-04T08:00:00+08:00", 6.8));
    assertThat(r.all()).isEmpty();
    assertThat(r.lastClearedOf("dm-control")).extracting(Cleared::ruleId).containsExactly("dm.ada-2025.hba1c-control");
  }

  @Test
  void theA1cTargetIsNotAppliedToMembersWithoutDiabetes() {
    var r = run(ADA, hba1c(1, "2026-03-04T08:00:00+08:00", 7.3));
    assertThat(r.lastOf("dm-control")).isEmpty();
    assertThat(r.only("dm-diagnosis").pending()).isTrue();
  }

  // ------------------------------------------------------------------------------------------ hypoglycaemia

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"blood-glucose", "glucose", "fasting-glucose"})
  void levelTwoHypoglycaemiaBelow3Point0IsAnEmergencyWithAdviceToTheMember(String analyte) {
    var r = run(ADA, single(1, "2026-03-02T03:10:00+08:00", Setting.HOME, analyte, 2.8, "mmol/L"));
    Finding f = r.only("dm-hypoglycemia");
    assertThat(f.ruleId()).isEqualTo("dm.ada-2025.hypoglycemia");
    assertThat(f.level()).isEqualTo("level-2");
    assertThat(f.severity()).isEqualTo(Severity.EMERGENCY);
    assertThat(f.citation().guidelineId()).isEqualTo("ada-2025");
    assertThat(f.citation().section()).contains("<54 mg/dL (3.0 mmol/L)");
    assertThat(f.supportingCitations()).singleElement()
        .satisfies(c -> assertThat(c.section()).contains("level 1: glucose <70 mg/dL (3.9 mmol/L)"));
    assertThat(f.memberAdvice()).hasValueSatisfying(a -> assertThat(a).contains("sugary").contains("emergency services"));
    assertThat(f.autoResolve()).isFalse();
    assertThat(evidenceIds(f)).containsExactly(1L);
    AppliedThreshold t = threshold(f, analyte, "<");
    assertThat(t.threshold().value()).as("54 mg/dL").isCloseTo(54 / MG_PER_MMOL, within(1e-6));
    assertThat(t.observed().value()).isCloseTo(2.8, within(1e-5));
    assertThat(t.met()).isTrue();
    assertThat(f.explanation()).contains("2.8 mmol/L").contains("home reading");
  }

  @Test
  void levelOneHypoglycaemiaBelow3Point9IsItsOwnBand() {
    var r = run(ADA, meter(1, "2026-03-02T11:00:00+08:00", 3.5));
    Finding f = r.only("dm-hypoglycemia");
    assertThat(f.level()).isEqualTo("level-1");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    AppliedThreshold t = threshold(f, "blood-glucose", "<");
    assertThat(t.threshold().value()).as("70 mg/dL").isCloseTo(70 / MG_PER_MMOL, within(1e-6));
    assertThat(t.observed().value()).isCloseTo(3.5, within(1e-5));
    assertThat(f.explanation()).contains("3.5 mmol/L");
  }

  @Test
  void exactly3Point0IsLevelOneNotLevelTwo() {
    assertThat(run(ADA, meter(1, "2026-03-02T11:00:00+08:00", 3.0)).only("dm-hypoglycemia").level())
        .isEqualTo("level-1");
  }

  @Test
  void aMeterReadingOfExactly54MgPerDlIsLevelOneBecauseLevelTwoIsBelow54() {
    double g54 = canonical("41653-7", 54, "mg/dL");
    assertThat(run(ADA, meter(1, "2026-03-02T11:00:00+08:00", g54)).only("dm-hypoglycemia").level())
        .isEqualTo("level-1");
  }

  @Test
  void aReadingOf3Point9IsNotHypoglycaemia() {
    var r = run(ADA, meter(1, "2026-03-02T11:00:00+08:00", 3.9));
    assertThat(r.all()).isEmpty();
  }

  // ------------------------------------------------------------------------------------------ CGM time in range

  /** One CGM reading every 15 minutes for 14 days; every {@code every}-th reading is {@code odd}, others {@code usual}. */
  private static Reading[] cgmFortnight(double usual, double odd, int every) {
    List<Reading> out = new ArrayList<>();
    OffsetDateTime t = OffsetDateTime.of(2026, 3, 1, 0, 0, 0, 0, ZoneOffset.ofHours(8));
    for (int i = 0; i < 14 * 96; i++) {
      out.add(single(1000 + i, t.plusMinutes(15L * i).toString(), Setting.HOME, CGM, "blood-glucose",
          i % every == 0 ? odd : usual, "mmol/L"));
    }
    return out.toArray(Reading[]::new);
  }

  @Test
  void theCgmTimeInRangeRuleIsInactiveWithoutAnOperatorTarget() {
    var r = run(ADA, cgmFortnight(12.0, 6.0, 4));
    assertThat(r.all()).filteredOn(f -> f.family().equals("dm-cgm-tir")).isEmpty();
    assertThat(r.allCleared()).filteredOn(c -> c.family().equals("dm-cgm-tir")).isEmpty();
    assertThat(ADA.rules()).filteredOn(rule -> rule.info().id().equals("dm.ada-2025.cgm-time-in-range"))
        .singleElement().satisfies(rule -> assertThat(rule.info().active()).isFalse());
  }

  private static Monitor withTimeInRangeTarget(double percent) {
    return Monitor.forProfile(KnowledgeLoader.loadDefault(
        Map.of("dm.ada-2025.cgm-time-in-range", Map.of("bands[0].criteria[0].value", percent))), "international");
  }

  @Test
  void withAnOperatorTargetOf70PercentAFortnightMostlyOutOfRangeIsBelowTarget() {
    // 70-180 mg/dL range (ADA level-1 threshold and peak postprandial target); 1 reading in 4 in range = 25 %.
    var r = run(withTimeInRangeTarget(70), cgmFortnight(12.0, 6.0, 4));
    Finding f = r.only("dm-cgm-tir");
    assertThat(f.ruleId()).isEqualTo("dm.ada-2025.cgm-time-in-range");
    assertThat(f.level()).isEqualTo("below-tir-target");
    assertThat(f.severity()).isEqualTo(Severity.ATTENTION);
    assertThat(f.citation().guidelineId()).isEqualTo("ada-2025");
    AppliedThreshold t = threshold(f, "time-in-range", "<");
    assertThat(t.threshold().value()).isEqualTo(70);
    assertThat(t.observed().value()).isCloseTo(25, within(0.5));
    assertThat(f.explanation()).contains("25 %").contains("14 days");
  }

  @Test
  void withAnOperatorTargetOf70PercentAFortnightMostlyInRangeMeetsTheTarget() {
    var r = run(withTimeInRangeTarget(70), cgmFortnight(6.0, 12.0, 4));
    assertThat(r.allOf("dm-cgm-tir")).isEmpty();
    assertThat(r.lastClearedOf("dm-cgm-tir")).as("75 percent in range: the rule judged and found the target met")
        .extracting(Cleared::ruleId).containsExactly("dm.ada-2025.cgm-time-in-range");
  }
}
