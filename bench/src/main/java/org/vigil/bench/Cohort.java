package org.vigil.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import org.vigil.engine.monitor.Measurement;
import org.vigil.engine.monitor.Monitor;
import org.vigil.engine.monitor.PatientState;
import org.vigil.engine.monitor.Reading;
import org.vigil.engine.monitor.Setting;
import org.vigil.engine.units.Quantity;

/**
 * A deterministic synthetic cohort of members measuring their blood pressure, for benchmarks. Each member has
 * a usual BP, a UTC offset and a clock of slots: a home reading at about 07:00 and 21:00 local time (each
 * taken three days in four, so 1-2 a day) and an office visit every ten days. Seeded, so every run sees the
 * same readings; independent of the {@code sim} module on purpose (a benchmark must not move when sim does).
 */
final class Cohort {
  /** How the members' usual blood pressures are spread (mmHg: mean and SD of the usual value, reading noise). */
  enum Mix {
    /** Usual BP normal around 135/85 (most members 115-155/73-97), office +5/+3: a mix of quiet and firing rules. */
    REALISTIC(135, 10, 85, 6, 8, 5, 5, 3),
    /** Usual BP around 110/68 with little spread: no rule of the international profile fires. */
    NORMOTENSIVE(110, 3, 68, 2, 3, 2, 0, 0),
    /** Usual BP around 152/96: the home-mean rule fires on every home reading, office stage 2 on office ones. */
    HYPERTENSIVE(152, 5, 96, 3, 6, 4, 0, 0);

    final double sys;
    final double sysSpread;
    final double dia;
    final double diaSpread;
    final double sysNoise;
    final double diaNoise;
    final double officeSys;
    final double officeDia;

    Mix(double sys, double sysSpread, double dia, double diaSpread, double sysNoise, double diaNoise,
        double officeSys, double officeDia) {
      this.sys = sys;
      this.sysSpread = sysSpread;
      this.dia = dia;
      this.diaSpread = diaSpread;
      this.sysNoise = sysNoise;
      this.diaNoise = diaNoise;
      this.officeSys = officeSys;
      this.officeDia = officeDia;
    }
  }

  static final String SYSTOLIC = "systolic-bp";
  static final String DIASTOLIC = "diastolic-bp";
  private static final String MMHG = "mm[Hg]";
  private static final long START = Instant.parse("2026-01-05T00:00:00Z").getEpochSecond();
  private static final ZoneOffset[] OFFSETS = {
      ZoneOffset.ofHours(8), ZoneOffset.ofHours(1), ZoneOffset.ofHours(-5), ZoneOffset.ofHoursMinutes(5, 30)};
  private static final int SLOTS_PER_DAY = 3;
  private static final int OFFICE_EVERY_DAYS = 10;

  private final Mix mix;
  private final String[] patientIds;
  private final ZoneOffset[] offsets;
  private final double[] usualSys;
  private final double[] usualDia;
  private final int[] officePhase;
  private int[] slots;
  private SplittableRandom random;

  Cohort(int members, Mix mix, long seed) {
    this.mix = mix;
    this.random = new SplittableRandom(seed);
    this.patientIds = new String[members];
    this.offsets = new ZoneOffset[members];
    this.usualSys = new double[members];
    this.usualDia = new double[members];
    this.officePhase = new int[members];
    this.slots = new int[members];
    for (int m = 0; m < members; m++) {
      patientIds[m] = "member-%06d".formatted(m);
      offsets[m] = OFFSETS[random.nextInt(OFFSETS.length)];
      usualSys[m] = random.nextGaussian(mix.sys, mix.sysSpread);
      usualDia[m] = random.nextGaussian(mix.dia, mix.diaSpread);
      officePhase[m] = random.nextInt(OFFICE_EVERY_DAYS);
    }
  }

  int size() {
    return patientIds.length;
  }

  /** The day (since the cohort's start) of the member's next slot. */
  int dayOf(int member) {
    return slots[member] / SLOTS_PER_DAY;
  }

  /** The member's next reading; their clock moves past it. */
  Reading next(int member) {
    while (true) {
      int slot = slots[member]++;
      int day = slot / SLOTS_PER_DAY;
      int kind = slot % SLOTS_PER_DAY;
      boolean office = kind == 1;
      if (office ? (day + officePhase[member]) % OFFICE_EVERY_DAYS != 0 : random.nextInt(4) == 0) {
        continue;
      }
      long localSeconds = switch (kind) {
        case 0 -> 7 * 3_600L + random.nextInt(3_600);
        case 1 -> 10 * 3_600L + random.nextInt(7_200);
        default -> 21 * 3_600L + random.nextInt(3_600);
      };
      ZoneOffset offset = offsets[member];
      long epochSecond = START + day * 86_400L + localSeconds - offset.getTotalSeconds();
      double sys = Math.rint(random.nextGaussian(usualSys[member] + (office ? mix.officeSys : 0), mix.sysNoise));
      double dia = Math.rint(random.nextGaussian(usualDia[member] + (office ? mix.officeDia : 0), mix.diaNoise));
      long id = ((long) member << 32) | slot;
      return new Reading(id, patientIds[member], Instant.ofEpochSecond(epochSecond), offset,
          office ? Setting.OFFICE : Setting.HOME, List.of(
              new Measurement(SYSTOLIC, new Quantity(sys, MMHG)),
              new Measurement(DIASTOLIC, new Quantity(dia, MMHG))));
    }
  }

  /** Every member's state after {@code days} days of readings, replayed without evaluating rules. */
  PatientState[] prewarm(Monitor monitor, int days) {
    PatientState[] states = new PatientState[size()];
    for (int m = 0; m < states.length; m++) {
      PatientState state = PatientState.EMPTY;
      while (dayOf(m) < days) {
        state = monitor.replay(state, next(m));
      }
      states[m] = state;
    }
    return states;
  }

  /** The members' clocks, to {@link #rewind} to. */
  int[] clocks() {
    return slots.clone();
  }

  /** Puts the clocks back and reseeds, so what follows is the same sequence of readings every time. */
  void rewind(int[] clocks, long seed) {
    this.slots = clocks.clone();
    this.random = new SplittableRandom(seed);
  }
}
