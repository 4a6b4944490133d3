package org.vigil.engine.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.engine.explain.Citation;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.risk.PceCoefficients;
import org.vigil.knowledge.risk.PceCoefficients.CoefficientSet;
import org.vigil.knowledge.risk.PceCoefficients.Group;
import org.vigil.knowledge.risk.RiskSource;

/**
 * The 2013 ACC/AHA Pooled Cohort Equations: 10-year risk of a first hard ASCVD event (clinical-knowledge.md A1),
 * {@code 1 − S10^exp(IndSum − MeanSum)} with sex- and race-specific coefficients from {@code pce.yaml}. One named
 * coefficient set per instance — the file's default unless another is asked for — and every result names it.
 */
public final class PooledCohortEquations implements RiskModel {
  public static final String NAME = "pce";
  static final String RACE_OTHER_WARNING =
      "race other: White equations used (the PCE have equations for White and African-American people only; A1)";

  private final PceCoefficients knowledge;
  private final CoefficientSet set;
  private final List<Field> fields;

  /** The equations with the default coefficient set of pce.yaml. */
  public PooledCohortEquations(KnowledgeBase knowledge) {
    this(PceCoefficients.load(), Optional.empty());
  }

  /** The equations with a named coefficient set (PCE_GOFF2013_TABLE_A, PCE_CERNER_HIPREC). */
  public PooledCohortEquations(KnowledgeBase knowledge, String coefficientSet) {
    this(PceCoefficients.load(), Optional.of(coefficientSet));
  }

  private PooledCohortEquations(PceCoefficients knowledge, Optional<String> setName) {
    this.knowledge = knowledge;
    String name = setName.orElse(knowledge.defaultSet());
    this.set = knowledge.set(name).orElseThrow(() -> new IllegalArgumentException(
        "no PCE coefficient set " + name + " (sets: " + knowledge.setNames() + ")"));
    PceCoefficients.Ranges r = knowledge.ranges();
    this.fields = List.of(
        Field.number("age", r.age().min(), r.age().max(), "Age in years"),
        Field.choice("sex", List.of("male", "female"), "Sex"),
        Field.choice("race", List.of("white", "african-american", "other"),
            "Race; 'other' uses the White equations (A1)"),
        Field.quantity("totalCholesterol", "total-cholesterol", "mg/dL", r.totalCholesterol().min(),
            r.totalCholesterol().max(), "Total cholesterol"),
        Field.quantity("hdlCholesterol", "hdl-cholesterol", "mg/dL", r.hdlCholesterol().min(),
            r.hdlCholesterol().max(), "HDL cholesterol"),
        Field.quantity("systolicBp", "systolic-bp", "mm[Hg]", r.systolicBp().min(), r.systolicBp().max(),
            "Systolic blood pressure"),
        Field.bool("onBpTreatment", "On antihypertensive treatment: chooses the treated-SBP terms (A1 pitfall 3)"),
        Field.bool("smoker", "Current smoker"),
        Field.bool("diabetes", "Diabetes"));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The name of the coefficient set this instance computes with. */
  public String coefficientSet() {
    return set.name();
  }

  @Override
  public List<Field> fields() {
    return fields;
  }

  /** Cholesterol in mmol/L converts with C6's 38.67 mg/dL per mmol/L, read from pce.yaml. */
  @Override
  public Map<String, Double> ownFactors() {
    double f = knowledge.mgDlPerMmolL();
    return Map.of("totalCholesterol|mmol/L", f, "hdlCholesterol|mmol/L", f);
  }

  @Override
  public RiskResult calculate(RiskInputs in) {
    boolean female = in.choice("sex").equals("female");
    String race = in.choice("race");
    Group g = set.groups().of(female, race.equals("african-american"));
    double lnAge = Math.log(in.value("age"));
    double lnTc = Math.log(in.value("totalCholesterol"));
    double lnHdl = Math.log(in.value("hdlCholesterol"));
    double lnSbp = Math.log(in.value("systolicBp"));
    double smoker = in.flag("smoker") ? 1 : 0;

    List<RiskResult.Contribution> terms = new ArrayList<>();
    add(terms, "ln age", lnAge, g.lnAge());
    add(terms, "(ln age)²", lnAge * lnAge, g.lnAgeSquared());
    add(terms, "ln total cholesterol", lnTc, g.lnTotalCholesterol());
    add(terms, "ln age × ln total cholesterol", lnAge * lnTc, g.lnAgeXLnTotalCholesterol());
    add(terms, "ln HDL cholesterol", lnHdl, g.lnHdl());
    add(terms, "ln age × ln HDL cholesterol", lnAge * lnHdl, g.lnAgeXLnHdl());
    // Treatment status, not a "hypertensive" flag, picks the branch; the two are never both used (A1 pitfall 3).
    if (in.flag("onBpTreatment")) {
      add(terms, "ln treated SBP", lnSbp, g.lnTreatedSbp());
      add(terms, "ln age × ln treated SBP", lnAge * lnSbp, g.lnAgeXLnTreatedSbp());
    } else {
      add(terms, "ln untreated SBP", lnSbp, g.lnUntreatedSbp());
      add(terms, "ln age × ln untreated SBP", lnAge * lnSbp, g.lnAgeXLnUntreatedSbp());
    }
    add(terms, "current smoker", smoker, g.smoker());
    add(terms, "ln age × current smoker", lnAge * smoker, g.lnAgeXSmoker());
    add(terms, "diabetes", in.flag("diabetes") ? 1 : 0, g.diabetes());

    double individualSum = terms.stream().mapToDouble(RiskResult.Contribution::contribution).sum();
    double linearPredictor = individualSum - g.meanSum();
    double risk = 1 - Math.pow(g.baselineSurvival(), Math.exp(linearPredictor));
    String equation = (race.equals("african-american") ? "african-american-" : "white-") + (female ? "women" : "men");

    List<String> warnings = race.equals("other") ? List.of(RACE_OTHER_WARNING) : List.of();
    return new RiskResult(NAME, set.name(), Optional.of(risk),
        List.of(new RiskResult.OutcomeRisk("hard-ascvd", 10, equation, risk, linearPredictor)),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        knowledge.categories().bandFor(risk * 100).map(PceCoefficients.Band::id),
        terms, citation(), warnings);
  }

  /** Terms a group does not have (coefficient 0) are left out, so the contributions show the equation used. */
  private static void add(List<RiskResult.Contribution> terms, String factor, double value, double coefficient) {
    if (coefficient != 0) {
      terms.add(new RiskResult.Contribution(factor, value, coefficient, value * coefficient));
    }
  }

  private Citation citation() {
    RiskSource s = set.source();
    // The risk equations carry no class of recommendation or level of evidence; those stay empty (null).
    return new Citation(knowledge.citationId(), s.title(), s.authors(), s.publication(), s.year(), true,
        s.section() + " — coefficient set " + set.name(), s.strength(), null, null, s.knowledgeRef());
  }
}
