package org.vigil.sim;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates synthetic members. Member {@code n} is drawn from its own random stream seeded by (seed, n), so it is
 * the same member whether the population has 10 or 10 million people, and can be regenerated alone.
 *
 * <p>The distributions below are simulation settings chosen so a realistic share of readings crosses the home
 * and office thresholds; they are not clinical knowledge.
 */
public final class Population {
  /** Ages are counted on this date unless another is given, so a seed means the same people every year. */
  public static final LocalDate REFERENCE_DATE = LocalDate.of(2026, 1, 1);
  public static final String IDENTIFIER_SYSTEM = "urn:vigil:demo:member";
  public static final int MIN_AGE = 35;
  public static final int MAX_AGE = 80;

  /** Physiologic bounds for generated BP; anything outside would be a device error, not a simulated person. */
  public static final int MIN_SYSTOLIC = 85;
  public static final int MAX_SYSTOLIC = 230;
  public static final int MIN_DIASTOLIC = 45;
  public static final int MAX_DIASTOLIC = 135;
  /** Diastolic stays at least this far below systolic: a narrower pulse pressure would look like a faulty cuff. */
  static final int MIN_PULSE_PRESSURE = 20;

  private static final double SYS_DIA_CORRELATION = 0.6;
  private static final double OBESE_BMI = 28.0;

  private Population() {}

  /** {@code size} members, numbered from 1, aged on {@link #REFERENCE_DATE}, with {@link Prevalence#DEFAULT}. */
  public static List<SimMember> generate(long seed, int size) {
    return generate(seed, size, REFERENCE_DATE, Prevalence.DEFAULT);
  }

  public static List<SimMember> generate(long seed, int size, LocalDate referenceDate) {
    return generate(seed, size, referenceDate, Prevalence.DEFAULT);
  }

  public static List<SimMember> generate(long seed, int size, LocalDate referenceDate, Prevalence prevalence) {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, was " + size);
    }
    List<SimMember> members = new ArrayList<>(size);
    for (int number = 1; number <= size; number++) {
      members.add(member(seed, number, referenceDate, prevalence));
    }
    return Collections.unmodifiableList(members);
  }

  /** Member number {@code number} (1-based, as in its id) of the population with this seed. */
  public static SimMember member(long seed, int number) {
    return member(seed, number, REFERENCE_DATE, Prevalence.DEFAULT);
  }

  public static SimMember member(long seed, int number, LocalDate referenceDate, Prevalence prevalence) {
    if (number < 1) {
      throw new IllegalArgumentException("member numbers start at 1, was " + number);
    }
    SplittableRandom random = Seeds.random(Seeds.POPULATION, seed, number);
    boolean female = random.nextBoolean();
    Names.Name family = pick(random, Names.FAMILY);
    Names.Name given = pick(random, female ? Names.GIVEN_FEMALE : Names.GIVEN_MALE);
    LocalDate birthDate = birthDate(random, referenceDate);
    String padded = "%06d".formatted(number);
    return new SimMember(
        "demo-" + padded,
        IDENTIFIER_SYSTEM,
        "M" + padded,
        family.pinyin(),
        given.pinyin(),
        family.hanzi() + given.hanzi(),
        female ? "female" : "male",
        birthDate,
        fakePhone(number),
        phenotype(random, female, prevalence));
  }

  /** Uniform over ages MIN_AGE..MAX_AGE (inclusive) on the reference date. */
  private static LocalDate birthDate(SplittableRandom random, LocalDate referenceDate) {
    LocalDate youngest = referenceDate.minusYears(MIN_AGE);
    LocalDate oldest = referenceDate.minusYears(MAX_AGE + 1).plusDays(1);
    long span = ChronoUnit.DAYS.between(oldest, youngest);
    return oldest.plusDays(random.nextLong(span + 1));
  }

  private static Phenotype phenotype(SplittableRandom random, boolean female, Prevalence p) {
    // Every member makes the same draws in the same order whatever their traits, so changing one prevalence
    // moves only the trait it governs.
    boolean hypertensive = random.nextDouble() < p.hypertension();
    boolean crisisProne = random.nextDouble() < p.crisisProneAmongHypertensives() && hypertensive;
    double zSys = random.nextGaussian();
    double zDia = random.nextGaussian();
    boolean diabetic = random.nextDouble() < p.diabetes();
    double zGlucose = random.nextGaussian();
    boolean dyslipidemic = random.nextDouble() < p.dyslipidemia();
    boolean hyperuricemic = random.nextDouble() < p.hyperuricemia();
    boolean obese = random.nextDouble() < p.obesity();
    double zHeight = random.nextGaussian();
    double zBmi = random.nextGaussian();
    boolean measuresAtHome = random.nextDouble() < p.measuresAtHome();
    boolean twiceDaily = random.nextDouble() < p.twiceDaily();

    // Normotensive ~N(118,10)/N(76,7), hypertensive ~N(148,14)/N(92,9); diastolic tracks systolic as in life.
    double sysMean = hypertensive ? 148 : 118;
    double sysSd = hypertensive ? 14 : 10;
    double diaMean = hypertensive ? 92 : 76;
    double diaSd = hypertensive ? 9 : 7;
    int systolic = clamp(Math.round(sysMean + sysSd * zSys), MIN_SYSTOLIC, MAX_SYSTOLIC);
    int diastolic = diastolic(systolic,
        diaMean + diaSd * correlated(SYS_DIA_CORRELATION, zSys, zDia));

    // Usual fasting glucose: diabetics ~N(8.0,1.5), others ~N(5.1,0.4) mmol/L.
    double glucose = diabetic
        ? clamp(8.0 + 1.5 * zGlucose, 5.6, 16.0)
        : clamp(5.1 + 0.4 * zGlucose, 3.9, 6.9);

    // Heights ~N(169.5,6.5) men, ~N(158,6) women; BMI kept on the right side of 28 so the flag and the
    // weight never disagree after rounding.
    double heightCm = round1(female ? clamp(158 + 6 * zHeight, 138, 182) : clamp(169.5 + 6.5 * zHeight, 145, 195));
    double bmi = obese ? clamp(OBESE_BMI + 0.2 + Math.abs(3 * zBmi), 28.2, 45) : clamp(23.5 + 2.2 * zBmi, 17.5, 27.8);
    double metres = heightCm / 100;
    double weightKg = round1(bmi * metres * metres);

    return new Phenotype(hypertensive, systolic, diastolic, crisisProne, diabetic, round1(glucose),
        dyslipidemic, hyperuricemic, obese, weightKg, heightCm, measuresAtHome, twiceDaily ? 2 : 1);
  }

  /** A diastolic value rounded and kept within bounds and a plausible pulse pressure below {@code systolic}. */
  static int diastolic(int systolic, double value) {
    return clamp(Math.min(Math.round(value), systolic - MIN_PULSE_PRESSURE), MIN_DIASTOLIC, MAX_DIASTOLIC);
  }

  /** A standard normal correlated {@code rho} with the standard normal {@code z1}, using an independent {@code z2}. */
  static double correlated(double rho, double z1, double z2) {
    return rho * z1 + Math.sqrt(1 - rho * rho) * z2;
  }

  /** "+86 138 0000 0001" for member 1: the digits are the member number, so the number is plainly invented. */
  static String fakePhone(int number) {
    return "+86 138 %04d %04d".formatted((number / 10_000) % 10_000, number % 10_000);
  }

  private static <T> T pick(SplittableRandom random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  static int clamp(long value, int min, int max) {
    return (int) Math.max(min, Math.min(max, value));
  }

  static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }

  static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
