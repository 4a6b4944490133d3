package org.vigil.sim;

/**
 * How often each trait occurs in a generated population, as fractions of all members.
 *
 * <p>These are rough SIMULATION SETTINGS chosen to make the demo look like a real Five-Highs panel (enough
 * hypertensives for the worklist to fill, a rare crisis to escalate). They are not sourced epidemiological
 * figures and no clinical decision may rest on them; clinical content lives in {@code knowledge}.
 *
 * @param hypertension fraction with hypertension
 * @param diabetes fraction with diabetes
 * @param dyslipidemia fraction with dyslipidemia
 * @param hyperuricemia fraction with hyperuricemia
 * @param obesity fraction whose BMI is 28 kg/m2 or more (the Chinese cut-off style)
 * @param crisisProne fraction (of everyone, drawn among hypertensives) who now and then read above 180/120
 * @param measuresAtHome fraction who own and use a home BP monitor
 * @param twiceDaily fraction of home measurers who measure morning and evening rather than mornings only
 */
public record Prevalence(
    double hypertension,
    double diabetes,
    double dyslipidemia,
    double hyperuricemia,
    double obesity,
    double crisisProne,
    double measuresAtHome,
    double twiceDaily) {

  /** The demo's settings (see the class comment: simulation assumptions, not data). */
  public static final Prevalence DEFAULT = new Prevalence(0.30, 0.12, 0.35, 0.15, 0.15, 0.005, 0.75, 0.5);

  public Prevalence {
    requireFraction("hypertension", hypertension);
    requireFraction("diabetes", diabetes);
    requireFraction("dyslipidemia", dyslipidemia);
    requireFraction("hyperuricemia", hyperuricemia);
    requireFraction("obesity", obesity);
    requireFraction("crisisProne", crisisProne);
    requireFraction("measuresAtHome", measuresAtHome);
    requireFraction("twiceDaily", twiceDaily);
    if (crisisProne > hypertension) {
      throw new IllegalArgumentException("crisisProne (" + crisisProne + ") is drawn among hypertensives, so it "
          + "cannot exceed hypertension (" + hypertension + ")");
    }
  }

  /** The chance that a hypertensive member is crisis-prone, so that the overall fraction is {@link #crisisProne}. */
  double crisisProneAmongHypertensives() {
    return hypertension == 0 ? 0 : crisisProne / hypertension;
  }

  private static void requireFraction(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be a fraction between 0 and 1, was " + value);
    }
  }
}
