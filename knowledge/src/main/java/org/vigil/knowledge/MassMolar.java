package org.vigil.knowledge;

/**
 * How an analyte's mass concentration relates to its molar concentration, exactly as the knowledge pack
 * states it: either {@code massPerMolar} (1 molarUnit = massPerMolar massUnit) or {@code molarPerMass}
 * (1 massUnit = molarPerMass molarUnit).
 */
public record MassMolar(
    String molarUnit, String massUnit, Double massPerMolar, Double molarPerMass, String knowledgeRef) {

  /** Molar value for a mass value expressed in {@link #massUnit()}. */
  public double molarFromMass(double mass) {
    return massPerMolar != null ? mass / massPerMolar : mass * molarPerMass;
  }

  /** Mass value in {@link #massUnit()} for a molar value expressed in {@link #molarUnit()}. */
  public double massFromMolar(double molar) {
    return massPerMolar != null ? molar * massPerMolar : molar / molarPerMass;
  }
}
