package org.vigil.sim;

/**
 * A simulated member's health as the device streams need it: which of the Five Highs they have and the usual
 * values their readings scatter around. Baselines are simulation settings, not clinical targets.
 *
 * @param hypertensive has hypertension (baseline BP drawn from the hypertensive distribution)
 * @param baselineSystolic usual systolic BP, mmHg
 * @param baselineDiastolic usual diastolic BP, mmHg
 * @param crisisProne now and then reads above 180/120 (about 1 member in 200, all hypertensive)
 * @param diabetic has diabetes (and so sends fasting glucose now and then)
 * @param baselineFastingGlucose usual fasting plasma glucose, mmol/L
 * @param dyslipidemic has dyslipidemia
 * @param hyperuricemic has hyperuricemia
 * @param obese BMI of 28 kg/m2 or more
 * @param weightKg usual body weight, kg (1 decimal)
 * @param heightCm body height, cm (1 decimal)
 * @param measuresAtHome owns and uses a home BP monitor
 * @param readingsPerDay home BP readings per day: 1 (morning) or 2 (morning and evening)
 */
public record Phenotype(
    boolean hypertensive,
    int baselineSystolic,
    int baselineDiastolic,
    boolean crisisProne,
    boolean diabetic,
    double baselineFastingGlucose,
    boolean dyslipidemic,
    boolean hyperuricemic,
    boolean obese,
    double weightKg,
    double heightCm,
    boolean measuresAtHome,
    int readingsPerDay) {

  public Phenotype {
    if (readingsPerDay != 1 && readingsPerDay != 2) {
      throw new IllegalArgumentException("readingsPerDay must be 1 or 2, was " + readingsPerDay);
    }
    if (heightCm <= 0 || weightKg <= 0) {
      throw new IllegalArgumentException("height and weight must be positive");
    }
  }

  /** Body mass index, kg/m2. */
  public double bmi() {
    double metres = heightCm / 100;
    return weightKg / (metres * metres);
  }

  /** Members whose weight matters to their plan step on a scale once a week. */
  public boolean tracksWeight() {
    return obese || diabetic;
  }
}
