package org.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vigil.engine.monitor.Setting;
import org.vigil.engine.units.Quantity;

class DeviceStreamTest {
  private static final long SEED = 11;
  private static final Instant START = OffsetDateTime.parse("2026-03-01T00:00:00+08:00").toInstant();
  private static final List<SimMember> PANEL = Population.generate(2026, 2_000);

  @Test
  void theSameMemberSeedAndWindowGiveTheSameReadings() {
    SimMember m = firstWhere(ph -> ph.measuresAtHome() && ph.diabetic());
    Instant end = START.plus(Duration.ofDays(60));
    assertThat(DeviceStream.of(m, SEED, START, end).stream().toList())
        .isNotEmpty()
        .isEqualTo(DeviceStream.of(m, SEED, START, end).stream().toList());
  }

  @Test
  void differentSeedsGiveDifferentReadings() {
    SimMember m = firstWhere(Phenotype::measuresAtHome);
    Instant end = START.plus(Duration.ofDays(30));
    List<SimReading> a = DeviceStream.of(m, 1, START, end).stream().toList();
    List<SimReading> b = DeviceStream.of(m, 2, START, end).stream().toList();
    assertThat(a).isNotEqualTo(b);
    assertThat(a.stream().map(SimReading::effective).toList())
        .isNotEqualTo(b.stream().map(SimReading::effective).toList());
  }

  @Test
  void readingsAreInTimeOrderAndInsideTheHalfOpenWindow() {
    // A window that cuts through members' mornings and evenings on both ends.
    Instant start = OffsetDateTime.parse("2026-03-01T07:40:00+08:00").toInstant();
    Instant end = OffsetDateTime.parse("2026-03-21T19:50:00+08:00").toInstant();
    for (SimMember m : PANEL.subList(0, 300)) {
      List<SimReading> readings = DeviceStream.of(m, SEED, start, end).stream().toList();
      assertThat(readings).isSortedAccordingTo(SimReading.CHRONOLOGICAL);
      assertThat(readings).allSatisfy(r -> assertThat(r.instant()).isAfterOrEqualTo(start).isBefore(end));
    }
    SimMember m = firstWhere(Phenotype::measuresAtHome);
    Instant morning = DeviceStream.of(m, SEED, START, START.plus(Duration.ofDays(1))).iterator().next().instant();
    assertThat(DeviceStream.of(m, SEED, morning, morning.plusSeconds(60)).stream().toList()).hasSize(1);
    assertThat(DeviceStream.of(m, SEED, START, morning).stream().toList()).isEmpty();
    assertThat(DeviceStream.of(m, SEED, morning, morning).stream().toList()).isEmpty();
  }

  @Test
  void consecutiveWindowsJoinUpToTheWholeWindow() {
    Instant cut1 = START.plus(Duration.ofHours(31));
    Instant cut2 = START.plus(Duration.ofDays(9).plusMinutes(17));
    Instant end = START.plus(Duration.ofDays(20));
    for (SimMember m : PANEL.subList(0, 100)) {
      List<SimReading> pieces = new ArrayList<>();
      DeviceStream.of(m, SEED, START, cut1).forEach(pieces::add);
      DeviceStream.of(m, SEED, cut1, cut2).forEach(pieces::add);
      DeviceStream.of(m, SEED, cut2, end).forEach(pieces::add);
      assertThat(pieces).isEqualTo(DeviceStream.of(m, SEED, START, end).stream().toList());
    }
  }

  @Test
  void homeMeasurersSendTheirReadingsPerDayInTheMorningAndEveningWindows() {
    for (int perDay = 1; perDay <= 2; perDay++) {
      int wanted = perDay;
      SimMember m = firstWhere(ph -> ph.measuresAtHome() && ph.readingsPerDay() == wanted);
      Map<LocalDate, List<SimReading>> byDay = DeviceStream.of(m, SEED, START, START.plus(Duration.ofDays(28)))
          .stream().filter(r -> r.setting() == Setting.HOME && r.code().equals(Loinc.BP_PANEL))
          .collect(Collectors.groupingBy(r -> r.effective().toLocalDate()));
      assertThat(byDay).hasSize(28);
      assertThat(byDay.values()).allSatisfy(day -> {
        assertThat(day).hasSize(wanted);
        assertThat(day.getFirst().effective().toLocalTime()).isBetween(LocalTime.of(7, 0), LocalTime.of(8, 30));
        if (wanted == 2) {
          assertThat(day.get(1).effective().toLocalTime()).isBetween(LocalTime.of(19, 0), LocalTime.of(21, 0));
        }
        assertThat(day).allSatisfy(r -> assertThat(r.source()).isEqualTo("sim:omron-hem-7361t"));
      });
    }
    SimMember noMonitor = firstWhere(ph -> !ph.measuresAtHome());
    assertThat(DeviceStream.of(noMonitor, SEED, START, START.plus(Duration.ofDays(60))).stream()
        .filter(r -> r.code().equals(Loinc.BP_PANEL))).allSatisfy(r -> assertThat(r.setting()).isEqualTo(Setting.OFFICE));
  }

  @Test
  void timesAreLocalToTheMembersOffset() {
    SimMember m = firstWhere(Phenotype::measuresAtHome);
    ZoneOffset london = ZoneOffset.UTC;
    List<SimReading> readings = new DeviceStream(m, SEED, START, START.plus(Duration.ofDays(10)), london)
        .stream().toList();
    assertThat(readings).isNotEmpty().allSatisfy(r -> assertThat(r.effective().getOffset()).isEqualTo(london));
    assertThat(readings).filteredOn(r -> r.setting() == Setting.HOME && r.code().equals(Loinc.BP_PANEL))
        .allSatisfy(r -> assertThat(r.effective().getHour()).isIn(7, 8, 19, 20));
    assertThat(DeviceStream.of(m, SEED, START, START.plus(Duration.ofDays(10))).stream().toList())
        .allSatisfy(r -> assertThat(r.effective().getOffset()).isEqualTo(ZoneOffset.ofHours(8)));
  }

  @Test
  void bloodPressureStaysWithinTheClampedRanges() {
    Instant end = START.plus(Duration.ofDays(60));
    MergedStream.of(PANEL, SEED, START, end).forEach(r -> {
      if (r.code().equals(Loinc.BP_PANEL)) {
        double sys = r.component(Loinc.SYSTOLIC_BP).orElseThrow().value();
        double dia = r.component(Loinc.DIASTOLIC_BP).orElseThrow().value();
        assertThat(sys).isBetween(85.0, 230.0);
        assertThat(dia).isBetween(45.0, 135.0).isLessThan(sys);
        assertThat(sys).isEqualTo(Math.rint(sys));
        assertThat(dia).isEqualTo(Math.rint(dia));
      }
    });
  }

  @Test
  void homeSystolicVariesFromDayToDayAsTheSettingsSay() {
    SimMember m = firstWhere(ph -> ph.measuresAtHome() && ph.readingsPerDay() == 1 && !ph.crisisProne());
    double[] sys = DeviceStream.of(m, SEED, START, START.plus(Duration.ofDays(365))).stream()
        .filter(r -> r.setting() == Setting.HOME && r.code().equals(Loinc.BP_PANEL))
        .mapToDouble(r -> r.component(Loinc.SYSTOLIC_BP).orElseThrow().value()).toArray();
    double mean = java.util.Arrays.stream(sys).average().orElseThrow();
    double sd = Math.sqrt(java.util.Arrays.stream(sys).map(v -> (v - mean) * (v - mean)).sum() / (sys.length - 1));
    // Day-to-day SD 7 and within-day SD 3 combine to about 7.6 mmHg.
    assertThat(sys).hasSize(365);
    assertThat(mean).isCloseTo(m.phenotype().baselineSystolic(), org.assertj.core.api.Assertions.within(1.5));
    assertThat(sd).isBetween(6.5, 8.8);
  }

  @Test
  void crisisProneMembersSometimesReadAbove180Over120() {
    SimMember m = Population.generate(2026, 20_000).stream()
        .filter(x -> x.phenotype().crisisProne() && x.phenotype().measuresAtHome()).findFirst().orElseThrow();
    List<SimReading> crises = DeviceStream.of(m, SEED, START, START.plus(Duration.ofDays(90))).stream()
        .filter(r -> r.code().equals(Loinc.BP_PANEL))
        .filter(r -> r.component(Loinc.SYSTOLIC_BP).orElseThrow().value() > 180
            && r.component(Loinc.DIASTOLIC_BP).orElseThrow().value() > 120)
        .toList();
    assertThat(crises).hasSizeBetween(1, 20);
    long calmCrises = PANEL.stream().filter(x -> !x.phenotype().hypertensive()).limit(200)
        .flatMap(x -> DeviceStream.of(x, SEED, START, START.plus(Duration.ofDays(90))).stream())
        .filter(r -> r.component(Loinc.DIASTOLIC_BP).map(q -> q.value() > 120).orElse(false)).count();
    assertThat(calmCrises).isZero();
  }

  @Test
  void officeReadingsComeAboutOnceAMonth() {
    List<SimMember> members = PANEL.subList(0, 100);
    long office = MergedStream.of(members, SEED, START, START.plus(Duration.ofDays(360))).stream()
        .filter(r -> r.setting() == Setting.OFFICE).count();
    // 100 members x 12 expected visits; Poisson SD about 35.
    assertThat(office).isBetween(1_050L, 1_350L);
    assertThat(MergedStream.of(members, SEED, START, START.plus(Duration.ofDays(60))).stream()
        .filter(r -> r.setting() == Setting.OFFICE))
        .allSatisfy(r -> {
          assertThat(r.effective().toLocalTime()).isBetween(LocalTime.of(9, 0), LocalTime.of(11, 30));
          assertThat(r.identifier()).endsWith("-office");
        });
  }

  @Test
  void membersWhoTrackWeightStepOnTheScaleWeeklyToOneDecimal() {
    SimMember tracker = firstWhere(Phenotype::tracksWeight);
    List<SimReading> weights = DeviceStream.of(tracker, SEED, START, START.plus(Duration.ofDays(56))).stream()
        .filter(r -> r.code().equals(Loinc.BODY_WEIGHT)).toList();
    assertThat(weights).hasSize(8);
    assertThat(weights.stream().map(r -> r.effective().getDayOfWeek()).distinct()).hasSize(1);
    assertThat(weights).allSatisfy(r -> {
      Quantity kg = r.value().orElseThrow();
      assertThat(kg.unit()).isEqualTo("kg");
      assertThat(kg.value() * 10).isEqualTo(Math.rint(kg.value() * 10));
      assertThat(kg.value()).isBetween(tracker.phenotype().weightKg() - 2, tracker.phenotype().weightKg() + 2);
      assertThat(r.components()).isEmpty();
    });
    SimMember other = firstWhere(ph -> !ph.tracksWeight());
    assertThat(DeviceStream.of(other, SEED, START, START.plus(Duration.ofDays(56))).stream()
        .filter(r -> r.code().equals(Loinc.BODY_WEIGHT))).isEmpty();
  }

  @Test
  void diabeticsSendFastingGlucoseAlternatingMgPerDlAndMmolPerL() {
    SimMember diabetic = firstWhere(Phenotype::diabetic);
    List<SimReading> glucose = DeviceStream.of(diabetic, SEED, START, START.plus(Duration.ofDays(60))).stream()
        .filter(r -> r.code().equals(Loinc.FASTING_GLUCOSE_MASS) || r.code().equals(Loinc.FASTING_GLUCOSE_MOLAR))
        .toList();
    assertThat(glucose).hasSize(15);
    for (int i = 1; i < glucose.size(); i++) {
      assertThat(glucose.get(i).code()).isNotEqualTo(glucose.get(i - 1).code());
    }
    assertThat(glucose).allSatisfy(r -> {
      assertThat(r.context().fasting()).contains(true);
      double mmol = r.code().equals(Loinc.FASTING_GLUCOSE_MOLAR)
          ? r.value().orElseThrow().value()
          : r.value().orElseThrow().value() / 18.016;
      assertThat(r.value().orElseThrow().unit())
          .isEqualTo(r.code().equals(Loinc.FASTING_GLUCOSE_MOLAR) ? "mmol/L" : "mg/dL");
      assertThat(mmol).isBetween(diabetic.phenotype().baselineFastingGlucose() - 3.5,
          diabetic.phenotype().baselineFastingGlucose() + 3.5);
    });
    assertThat(DeviceStream.of(firstWhere(ph -> !ph.diabetic()), SEED, START, START.plus(Duration.ofDays(60)))
        .stream().filter(r -> r.code().equals(Loinc.FASTING_GLUCOSE_MASS)
            || r.code().equals(Loinc.FASTING_GLUCOSE_MOLAR))).isEmpty();
  }

  @Test
  void identifiersAreUniqueAndNameTheMemberAndTheLocalMinute() {
    List<SimReading> all = MergedStream.of(PANEL.subList(0, 300), SEED, START, START.plus(Duration.ofDays(90)))
        .stream().toList();
    assertThat(all.stream().map(SimReading::identifier).distinct().count()).isEqualTo(all.size());
    assertThat(all).allSatisfy(r -> assertThat(r.identifier()).startsWith("sim-" + r.patient() + "-"
        + r.effective().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm"))));
  }

  @Test
  void aCenturyLongStreamStartsAtOnceBecauseItIsLazy() {
    SimMember m = firstWhere(Phenotype::measuresAtHome);
    long t0 = System.nanoTime();
    List<SimReading> first = DeviceStream.of(m, SEED, START, START.plus(Duration.ofDays(36_500))).stream()
        .limit(5).toList();
    assertThat(first).hasSize(5);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aWindowMustNotEndBeforeItStarts() {
    assertThatThrownBy(() -> DeviceStream.of(PANEL.getFirst(), SEED, START, START.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static SimMember firstWhere(Predicate<Phenotype> trait) {
    return PANEL.stream().filter(m -> trait.test(m.phenotype())).findFirst().orElseThrow();
  }
}
