package org.vigil.sim;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vigil.engine.monitor.Setting;
import org.vigil.engine.units.Quantity;
import org.vigil.knowledge.KnowledgeLoader;
import org.vigil.knowledge.MassMolar;

/**
 * Everything one member's devices send on one local day. A day's random stream is seeded by (seed, member, day)
 * alone, so a day comes out the same whatever window it is generated in: consecutive windows join up exactly.
 *
 * <p>Timings, noise and rates are simulation settings picked to look like a home-monitoring panel, not clinical
 * knowledge.
 */
final class MemberDay {
  static final String HOME_BP_SOURCE = "sim:omron-hem-7361t";
  static final String OFFICE_BP_SOURCE = "sim:clinic-bp-monitor";
  static final String SCALE_SOURCE = "sim:body-scale";
  static final String GLUCOMETER_SOURCE = "sim:glucometer";

  // Day-to-day swing of a member's BP around their baseline, and the smaller scatter between readings of a day.
  private static final double DAY_SD_SYSTOLIC = 7;
  private static final double DAY_SD_DIASTOLIC = 5;
  private static final double READING_SD_SYSTOLIC = 3;
  private static final double READING_SD_DIASTOLIC = 2;
  private static final double SYS_DIA_CORRELATION = 0.6;
  /** Office readings run a little higher than home ones (the white-coat effect), as in real panels. */
  private static final int OFFICE_EXTRA_SYSTOLIC = 5;
  private static final int OFFICE_EXTRA_DIASTOLIC = 3;
  /** One clinic visit every 30 days on average. */
  private static final double OFFICE_VISITS_PER_DAY = 1.0 / 30;
  /** A crisis-prone member's reading is a crisis this often: a few times a month for a twice-daily measurer. */
  private static final double CRISIS_PER_READING = 0.04;
  /** Diabetics check fasting glucose every few days; consecutive checks alternate mg/dL and mmol/L devices. */
  private static final int GLUCOSE_EVERY_DAYS = 4;
  private static final double GLUCOSE_DAY_SD = 0.7;
  private static final double WEIGHT_SD_KG = 0.4;

  private static final LocalTime MORNING = LocalTime.of(7, 0);
  private static final int MORNING_SPAN_MINUTES = 90;
  private static final LocalTime EVENING = LocalTime.of(19, 0);
  private static final int EVENING_SPAN_MINUTES = 120;
  private static final LocalTime CLINIC = LocalTime.of(9, 0);
  private static final int CLINIC_SPAN_MINUTES = 150;
  private static final LocalTime WEIGH_IN = LocalTime.of(6, 30);
  private static final LocalTime FASTING_CHECK = LocalTime.of(6, 0);
  private static final int EARLY_SPAN_MINUTES = 30;

  private MemberDay() {}

  /**
   * The member's readings on {@code day}, in time order, as a fresh list the caller may trim. Draws are made in a
   * fixed order whatever is kept.
   */
  static List<SimReading> readings(SimMember member, long memberKey, long seed, LocalDate day, ZoneOffset offset) {
    Phenotype ph = member.phenotype();
    long epochDay = day.toEpochDay();
    SplittableRandom random = Seeds.random(Seeds.DEVICES, seed, memberKey, epochDay);
    double zSys = random.nextGaussian();
    double zDia = Population.correlated(SYS_DIA_CORRELATION, zSys, random.nextGaussian());
    double daySystolic = ph.baselineSystolic() + DAY_SD_SYSTOLIC * zSys;
    double dayDiastolic = ph.baselineDiastolic() + DAY_SD_DIASTOLIC * zDia;
    Day d = new Day(member, day, offset, random);

    List<SimReading> out = new ArrayList<>(5);
    if (ph.measuresAtHome()) {
      out.add(d.bloodPressure(Setting.HOME, MORNING, MORNING_SPAN_MINUTES, daySystolic, dayDiastolic));
      if (ph.readingsPerDay() == 2) {
        out.add(d.bloodPressure(Setting.HOME, EVENING, EVENING_SPAN_MINUTES, daySystolic, dayDiastolic));
      }
    }
    if (random.nextDouble() < OFFICE_VISITS_PER_DAY) {
      out.add(d.bloodPressure(Setting.OFFICE, CLINIC, CLINIC_SPAN_MINUTES,
          daySystolic + OFFICE_EXTRA_SYSTOLIC, dayDiastolic + OFFICE_EXTRA_DIASTOLIC));
    }
    if (ph.tracksWeight() && day.getDayOfWeek().getValue() - 1 == Math.floorMod(memberKey, 7)) {
      out.add(d.weight());
    }
    long glucoseSlot = epochDay + Math.floorMod(memberKey, GLUCOSE_EVERY_DAYS);
    if (ph.diabetic() && Math.floorMod(glucoseSlot, GLUCOSE_EVERY_DAYS) == 0) {
      boolean molar = Math.floorMod(Math.floorDiv(glucoseSlot, GLUCOSE_EVERY_DAYS), 2) == 0;
      out.add(d.fastingGlucose(molar));
    }
    out.sort(SimReading.CHRONOLOGICAL);
    return out;
  }

  /** One member's day being generated: its date, offset and random stream. */
  private static final class Day {
    private final SimMember member;
    private final LocalDate date;
    private final ZoneOffset offset;
    private final SplittableRandom random;

    Day(SimMember member, LocalDate date, ZoneOffset offset, SplittableRandom random) {
      this.member = member;
      this.date = date;
      this.offset = offset;
      this.random = random;
    }

    SimReading bloodPressure(Setting setting, LocalTime from, int spanMinutes, double systolic, double diastolic) {
      OffsetDateTime at = at(from, spanMinutes);
      double sys = systolic + READING_SD_SYSTOLIC * random.nextGaussian();
      double dia = diastolic + READING_SD_DIASTOLIC * random.nextGaussian();
      boolean crisis = random.nextDouble() < CRISIS_PER_READING;
      double crisisSys = 182 + 35 * random.nextDouble();
      double crisisDia = 121 + 12 * random.nextDouble();
      if (crisis && member.phenotype().crisisProne()) {
        sys = Math.max(sys, crisisSys);
        dia = Math.max(dia, crisisDia);
      }
      int s = Population.clamp(Math.round(sys), Population.MIN_SYSTOLIC, Population.MAX_SYSTOLIC);
      int di = Population.diastolic(s, dia);
      return SimReading.panel(identifier(at, setting == Setting.HOME ? "" : "-" + setting.code()), member.id(),
          Loinc.BP_PANEL,
          List.of(new SimReading.Component(Loinc.SYSTOLIC_BP, new Quantity(s, Loinc.MM_HG)),
              new SimReading.Component(Loinc.DIASTOLIC_BP, new Quantity(di, Loinc.MM_HG))),
          at, setting == Setting.HOME ? HOME_BP_SOURCE : OFFICE_BP_SOURCE, setting);
    }

    SimReading weight() {
      OffsetDateTime at = at(WEIGH_IN, EARLY_SPAN_MINUTES);
      double kg = Population.round1(member.phenotype().weightKg() + WEIGHT_SD_KG * random.nextGaussian());
      return SimReading.single(identifier(at, "-weight"), member.id(), Loinc.BODY_WEIGHT,
          new Quantity(kg, Loinc.KG), at, SCALE_SOURCE, Setting.HOME, ReadingContext.NONE);
    }

    SimReading fastingGlucose(boolean molar) {
      OffsetDateTime at = at(FASTING_CHECK, EARLY_SPAN_MINUTES);
      double mmol = Population.clamp(
          member.phenotype().baselineFastingGlucose() + GLUCOSE_DAY_SD * random.nextGaussian(), 3.0, 25.0);
      Quantity value = molar
          ? new Quantity(Population.round1(mmol), Loinc.MMOL_PER_L)
          : new Quantity(Math.round(GlucoseUnits.MASS_MOLAR.massFromMolar(mmol)), Loinc.MG_PER_DL);
      return SimReading.single(identifier(at, "-glucose"), member.id(),
          molar ? Loinc.FASTING_GLUCOSE_MOLAR : Loinc.FASTING_GLUCOSE_MASS, value, at, GLUCOMETER_SOURCE,
          Setting.HOME, ReadingContext.FASTING);
    }

    private OffsetDateTime at(LocalTime from, int spanMinutes) {
      return OffsetDateTime.of(date, from.plusMinutes(random.nextInt(spanMinutes)), offset);
    }

    /**
     * {@code sim-demo-000001-20260302T0712[-kind]}: the member's local minute names the reading, and each kind
     * happens at most once per window, with home BP windows (morning, evening) that never overlap.
     */
    private String identifier(OffsetDateTime at, String kind) {
      StringBuilder b = new StringBuilder(40).append("sim-").append(member.id()).append('-');
      JsonText.digits(b, at.getYear(), 4);
      JsonText.digits(b, at.getMonthValue(), 2);
      JsonText.digits(b, at.getDayOfMonth(), 2).append('T');
      JsonText.digits(b, at.getHour(), 2);
      JsonText.digits(b, at.getMinute(), 2);
      return b.append(kind).toString();
    }
  }

  /** The mg/dL-mmol/L factor comes from knowledge (C6), loaded on the first glucose reading only. */
  private static final class GlucoseUnits {
    static final MassMolar MASS_MOLAR = KnowledgeLoader.loadDefault().analyte("fasting-glucose")
        .map(a -> a.massMolar())
        .filter(m -> m.molarUnit().equals(Loinc.MMOL_PER_L) && m.massUnit().equals(Loinc.MG_PER_DL))
        .orElseThrow(() -> new IllegalStateException(
            "knowledge must define fasting-glucose with a mg/dL <-> mmol/L conversion"));
  }
}
