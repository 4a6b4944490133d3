package org.vigil.sim;

/**
 * The LOINC codes and UCUM units simulated devices send. Each must be one {@code knowledge/analytes.yaml} manages
 * (a test checks), so every simulated reading is one the server can normalize.
 */
public final class Loinc {
  public static final String BP_PANEL = "85354-9";
  public static final String SYSTOLIC_BP = "8480-6";
  public static final String DIASTOLIC_BP = "8462-4";
  public static final String BODY_WEIGHT = "29463-7";
  /** Fasting glucose, mass concentration (mg/dL). */
  public static final String FASTING_GLUCOSE_MASS = "1558-6";
  /** Fasting glucose, molar concentration (mmol/L). */
  public static final String FASTING_GLUCOSE_MOLAR = "14771-0";

  public static final String MM_HG = "mm[Hg]";
  public static final String KG = "kg";
  public static final String MG_PER_DL = "mg/dL";
  public static final String MMOL_PER_L = "mmol/L";

  private Loinc() {}
}
