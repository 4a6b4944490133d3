package org.vigil.engine.risk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.engine.explain.Citation;
import org.vigil.engine.risk.RiskResult.Contribution;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.risk.CkdEpi2021Coefficients;
import org.vigil.knowledge.risk.CkdEpi2021Coefficients.SexTerms;

/**
 * CKD-EPI 2021 race-free eGFR (Inker 2021) in mL/min/1.73 m²: the creatinine equation, or the creatinine–cystatin C
 * equation when cystatin C is given, from {@code knowledge/risk/ckd-epi-2021.yaml}.
 *
 * <p>Rounding: {@code egfr} is the unrounded value, because other calculations (PREVENT, drug checks) should not
 * inherit a rounding error and Vigil rounds only for display (pack F). The value to report is the whole number
 * rounded half-up ({@link #reported(double)}, pack A6/KDIGO), and the KDIGO category G1–G5 is read from that reported
 * value, because the bands are whole-number bands (G2 60–89, G3a 45–59): an unrounded 59.6 reports as 60, G2.
 *
 * <p>Contributions are multiplicative, not additive: each is a factor of the product that is eGFR (the constant,
 * the creatinine and cystatin C terms below and above their knots, age, sex). {@code term} is the ratio to the knot
 * (or the age, or 1 for the constant and sex), {@code coefficient} the exponent (or the base 0.9938/0.9961 for age,
 * the constant or the sex factor), {@code contribution} the factor itself.
 */
public final class CkdEpi2021 implements RiskModel {
  public static final String NAME = "ckd-epi-2021";

  private final CkdEpi2021Coefficients c;
  private final List<Field> fields;
  private final Citation citation;

  public CkdEpi2021(KnowledgeBase knowledge) {
    this.c = CkdEpi2021Coefficients.load();
    if (!NAME.equals(c.model())) {
      throw new IllegalStateException(CkdEpi2021Coefficients.FILE + ": model is " + c.model() + ", not " + NAME);
    }
    this.fields = List.of(
        Field.number("age", c.age().min(), c.age().max(), "Age in years. CKD-EPI 2021 is for adults (18 and over, "
            + "pack A6); the pack gives no upper age — the upper bound is Vigil's plausibility bound."),
        Field.choice("sex", List.of("male", "female"), "Sex: selects κ, α and the female factor."),
        AnalyteBounds.field(knowledge, "creatinine", "creatinine", "mg/dL", "Serum creatinine; µmol/L converts "
            + "with ÷ 88.4 (pack A6, C6). The pack gives no range; Vigil refuses only values outside the plausibility "
            + "bounds it applies to any creatinine reading."),
        new Field("cystatinC", Field.Kind.QUANTITY, false, "mg/L", null, c.cystatinC().min(), c.cystatinC().max(),
            List.of(), "Serum cystatin C, optional: when given, the creatinine–cystatin C equation is used. The pack "
                + "gives no range; Vigil refuses only values too small to divide by."));
    var s = c.source();
    // An equation has no class of recommendation or level of evidence.
    this.citation = new Citation(c.citationId(), s.title(), s.authors(), s.publication(), s.year(), true, s.section(),
        s.strength(), null, null, s.knowledgeRef());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Field> fields() {
    return fields;
  }

  /** Creatinine in µmol/L converts with the equation's own 88.4 (mg/dL = µmol/L ÷ 88.4). */
  @Override
  public Map<String, Double> ownFactors() {
    return Map.of("creatinine|umol/L", 1 / c.creatinineUmolPerMgdl());
  }

  /** The eGFR to report: a whole number, rounded half-up (pack A6; KDIGO). */
  public static int reported(double egfr) {
    return new BigDecimal(egfr).setScale(0, RoundingMode.HALF_UP).intValueExact();
  }

  @Override
  public RiskResult calculate(RiskInputs in) {
    boolean female = "female".equals(in.choice("sex"));
    double scr = in.value("creatinine");
    double age = in.value("age");
    List<Contribution> parts = in.optionalValue("cystatinC")
        .map(scys -> withCystatin(female, scr, scys, age))
        .orElseGet(() -> creatinineOnly(female, scr, age));
    double egfr = parts.stream().mapToDouble(Contribution::contribution).reduce(1, (a, b) -> a * b);
    return new RiskResult(NAME, c.set(), Optional.empty(), List.of(), Optional.empty(), Optional.of(egfr),
        Optional.empty(), Optional.empty(), Optional.of(c.category(reported(egfr)).id()), parts, citation, List.of());
  }

  private List<Contribution> creatinineOnly(boolean female, double scr, double age) {
    var eq = c.creatinine();
    SexTerms sex = female ? eq.female() : eq.male();
    List<Contribution> parts = new ArrayList<>();
    parts.add(new Contribution("constant (eGFRcr)", 1, eq.constant(), eq.constant()));
    creatinine(parts, scr, sex, eq.creatinineAbove());
    parts.add(new Contribution("age", age, eq.ageBase(), Math.pow(eq.ageBase(), age)));
    parts.add(new Contribution("sex", 1, sex.factor(), sex.factor()));
    return parts;
  }

  private List<Contribution> withCystatin(boolean female, double scr, double scys, double age) {
    var eq = c.creatinineCystatin();
    SexTerms sex = female ? eq.female() : eq.male();
    List<Contribution> parts = new ArrayList<>();
    parts.add(new Contribution("constant (eGFRcr-cys)", 1, eq.constant(), eq.constant()));
    creatinine(parts, scr, sex, eq.creatinineAbove());
    double cys = scys / eq.cystatinKnot();
    parts.add(power("cystatinC below knot", Math.min(cys, 1), eq.cystatinBelow()));
    parts.add(power("cystatinC above knot", Math.max(cys, 1), eq.cystatinAbove()));
    parts.add(new Contribution("age", age, eq.ageBase(), Math.pow(eq.ageBase(), age)));
    parts.add(new Contribution("sex", 1, sex.factor(), sex.factor()));
    return parts;
  }

  private static void creatinine(List<Contribution> parts, double scr, SexTerms sex, double above) {
    double ratio = scr / sex.kappa();
    parts.add(power("creatinine below knot", Math.min(ratio, 1), sex.alpha()));
    parts.add(power("creatinine above knot", Math.max(ratio, 1), above));
  }

  private static Contribution power(String factor, double term, double exponent) {
    return new Contribution(factor, term, exponent, Math.pow(term, exponent));
  }
}
