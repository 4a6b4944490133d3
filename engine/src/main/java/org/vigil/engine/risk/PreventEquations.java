package org.vigil.engine.risk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.vigil.engine.explain.Citation;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.KnowledgeException;
import org.vigil.knowledge.risk.PreventCoefficients;
import org.vigil.knowledge.risk.PreventCoefficients.Bounds;
import org.vigil.knowledge.risk.PreventCoefficients.CoefficientSet;
import org.vigil.knowledge.risk.PreventCoefficients.Outcome;
import org.vigil.knowledge.risk.RiskSource;

/**
 * The AHA PREVENT equations (clinical-knowledge.md A2): logistic models of total CVD, ASCVD, heart failure, CHD and
 * stroke at 10 and 30 years. The optional inputs given choose the model variant (base, UACR, HbA1c, SDI or full);
 * the coefficients are the transcribed sheets in {@code prevent-coefficients.json}, named in {@code prevent.yaml}.
 * {@code risk} is the 10-year total CVD risk; every outcome and horizon is in {@code results}, and the
 * contributions are those of the 10-year total-CVD equation.
 */
public final class PreventEquations implements RiskModel {
  public static final String NAME = "prevent";
  static final String HEADLINE_OUTCOME = "cvd";

  /** The optional model components and the field that gives each. */
  enum Component {
    UACR("uacr"), HBA1C("hba1c"), SDI("sdiDecile");

    final String field;

    Component(String field) {
      this.field = field;
    }
  }

  /** The model variants of the paper, named as in prevent.yaml's sets, with the components each one takes. */
  enum Variant {
    BASE(Set.of()),
    ACR(Set.of(Component.UACR)),
    HBA1C(Set.of(Component.HBA1C)),
    SDI(Set.of(Component.SDI)),
    FULL(Set.of(Component.values()));

    private final Set<Component> components;

    Variant(Set<Component> components) {
      this.components = components;
    }

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this variant's equations take {@code c} (FULL takes all three, flagging absent ones missing). */
    boolean uses(Component c) {
      return components.contains(c);
    }

    /** none → base; exactly one → its own model; two or more → full (A2). */
    static Variant of(Set<Component> given) {
      if (given.size() >= 2) {
        return FULL;
      }
      return Arrays.stream(values()).filter(v -> v.components.equals(given)).findFirst().orElseThrow();
    }
  }

  /** The equation's inputs after the A2 transformations; cholesterol already in mmol/L. */
  record Transformed(
      double age10, double nonHdl, double hdlX, double sbpLt, double sbpGe, double diabetes, double smoking,
      double bmiLt, double bmiGe, double egfrLt, double egfrGe, double bpTx, double statin,
      double sdi4to6, double sdi7to10, double missSdi, double lnAcr, double missAcr,
      double hba1cDiabetes, double hba1cNoDiabetes, double missHba1c) {}

  /** Every term of the sheets, keyed as in prevent-coefficients.json, with its transformation (A2). */
  enum Term {
    AGE("coef_age_per_10_years", x -> x.age10()),
    AGE_SQUARED("coef_age_per_10_years_squared", x -> x.age10() * x.age10()),
    NON_HDL("coef_non_hdl_c_per_1_mmol_l", x -> x.nonHdl()),
    HDL("coef_hdl_c_per_0.3_mmol_l", x -> x.hdlX()),
    SBP_LT_110("coef_sbp_lt110_per_20_mmhg", x -> x.sbpLt()),
    SBP_GE_110("coef_sbp_gteq110_per_20_mmhg", x -> x.sbpGe()),
    DIABETES("coef_diabetes", x -> x.diabetes()),
    SMOKING("coef_current_smoking", x -> x.smoking()),
    BMI_LT_30("coef_bmi_lt30_per_5_kg_m2", x -> x.bmiLt()),
    BMI_GE_30("coef_bmi_gt30_per_5_kg_m2", x -> x.bmiGe()),
    EGFR_LT_60("coef_egfr_lt60_per_15_ml", x -> x.egfrLt()),
    EGFR_GE_60("coef_egfr_gteq60_per_15_ml", x -> x.egfrGe()),
    BP_TREATMENT("coef_anti_hypertensive_use", x -> x.bpTx()),
    STATIN("coef_statin_use", x -> x.statin()),
    TREATED_SBP("coef_treated_sbp_gteq110_mm_hg_per_20_mm_hg", x -> x.sbpGe() * x.bpTx()),
    TREATED_NON_HDL("coef_treated_non_hdl_c", x -> x.nonHdl() * x.statin()),
    AGE_X_NON_HDL("coef_age_per_10yr_x_non_hdl_c_per_1_mmol_l", x -> x.age10() * x.nonHdl()),
    AGE_X_HDL("coef_age_per_10yr_x_hdl_c_per_0.3_mml_l", x -> x.age10() * x.hdlX()),
    AGE_X_SBP("coef_age_per_10yr_x_sbp_gteq110_mm_hg_per_20_mmhg", x -> x.age10() * x.sbpGe()),
    AGE_X_DIABETES("coef_age_per_10yr_x_diabetes", x -> x.age10() * x.diabetes()),
    AGE_X_SMOKING("coef_age_per_10yr_x_current_smoking", x -> x.age10() * x.smoking()),
    AGE_X_BMI("coef_age_per_10yr_x_bmi_gteq30_per_5_kg_m2", x -> x.age10() * x.bmiGe()),
    AGE_X_EGFR("coef_age_per_10yr_x_egfr_lt60_per_15_ml", x -> x.age10() * x.egfrLt()),
    SDI_4_TO_6("coef_sdi_decile_between_4_and_6", x -> x.sdi4to6()),
    SDI_7_TO_10("coef_sdi_decile_between_7_and_10", x -> x.sdi7to10()),
    SDI_MISSING("coef_miss_sdi", x -> x.missSdi()),
    LN_UACR("coef_ln_acr", x -> x.lnAcr()),
    UACR_MISSING("coef_miss_ln_acr", x -> x.missAcr()),
    HBA1C_DIABETES("coef_hba1c_minus_5.3_x_diabetes", x -> x.hba1cDiabetes()),
    HBA1C_NO_DIABETES("coef_hba1c_minus_5.3_x_1_minus_diabetes", x -> x.hba1cNoDiabetes()),
    HBA1C_MISSING("coef_miss_hba1c", x -> x.missHba1c()),
    CONSTANT("const", x -> 1);

    final String key;
    final ToDoubleFunction<Transformed> value;

    Term(String key, ToDoubleFunction<Transformed> value) {
      this.key = key;
      this.value = value;
    }

    /** The factor name a contribution carries: the sheet's key without its "coef_" prefix. */
    String factor() {
      return key.startsWith("coef_") ? key.substring("coef_".length()) : key;
    }
  }

  /**
   * One equation, compiled once: its set (sheet and horizon), the outcome, and the coefficients indexed by
   * {@link Term#ordinal()}.
   */
  private record Equation(CoefficientSet set, Outcome outcome, double[] beta) {}

  private final PreventCoefficients knowledge;
  private final List<Field> fields;
  /** By sex ("women"/"men") and variant: the 10-year then the 30-year equations of every outcome that has one. */
  private final Map<String, Map<Variant, List<Equation>>> equations;
  private final String headlineOutcome;

  /** The KnowledgeBase is taken for a uniform constructor; the coefficients are PREVENT's own files. */
  public PreventEquations(KnowledgeBase knowledge) {
    this.knowledge = PreventCoefficients.load();
    checkTermsMatchTheSheets();
    this.equations = compile(this.knowledge);
    this.headlineOutcome = this.knowledge.definition().outcomes().stream()
        .filter(o -> o.column().equals(HEADLINE_OUTCOME)).findFirst()
        .orElseThrow(() -> new KnowledgeException(List.of(PreventCoefficients.FILE + ": no outcome column "
            + HEADLINE_OUTCOME)))
        .id();
    PreventCoefficients.Ranges r = this.knowledge.definition().ranges();
    this.fields = List.of(
        Field.number("age", r.age().min(), r.age().max(), "Age in years"),
        Field.choice("sex", List.of("male", "female"), "Sex"),
        quantity("totalCholesterol", "total-cholesterol", r.totalCholesterol(), "Total cholesterol"),
        quantity("hdlCholesterol", "hdl-cholesterol", r.hdlCholesterol(), "HDL cholesterol"),
        quantity("systolicBp", "systolic-bp", r.systolicBp(), "Systolic blood pressure"),
        Field.bool("onBpTreatment", "On antihypertensive treatment"),
        Field.bool("onStatin", "On a statin"),
        Field.bool("smoker", "Current smoker"),
        Field.bool("diabetes", "Diabetes"),
        quantity("bmi", "bmi", r.bmi(), "Body mass index (heart-failure equations only)"),
        quantity("egfr", "egfr", r.egfr(), "eGFR, CKD-EPI 2021 race-free (A6)"),
        plausible(knowledge, "uacr", "uacr", r.uacr(), "Urine albumin/creatinine ratio (UACR model)").optional(),
        plausible(knowledge, "hba1c", "hba1c", r.hba1c(), "HbA1c, NGSP % (HbA1c model)").optional(),
        Field.number("sdiDecile", r.sdiDecile().min(), r.sdiDecile().max(),
            "US Social Deprivation Index decile 1-10 (SDI model; US only)").optional());
  }

  private static Field quantity(String name, String analyte, Bounds b, String description) {
    return Field.quantity(name, analyte, b.unit(), b.min(), b.max(), description);
  }

  /**
   * A field the pack gives no (or only a partial) range for: the missing ends are the analyte's plausibility bounds
   * from analytes.yaml — not clinical limits, but they keep an impossible value from reaching the equation.
   */
  private static Field plausible(KnowledgeBase kb, String name, String analyteId, Bounds b, String description) {
    var analyte = kb.analyte(analyteId).orElseThrow(() -> new KnowledgeException(List.of(
        PreventCoefficients.FILE + ": field " + name + " needs analyte " + analyteId + ", which is not defined")));
    if (!analyte.canonicalUnit().equals(b.unit())) {
      throw new KnowledgeException(List.of(PreventCoefficients.FILE + ": field " + name + " is in " + b.unit()
          + " but analyte " + analyteId + " is kept in " + analyte.canonicalUnit()));
    }
    Double min = b.min() != null ? b.min() : analyte.plausible().min();
    Double max = b.max() != null ? b.max() : analyte.plausible().max();
    return Field.quantity(name, analyteId, b.unit(), min, max, description);
  }

  /** A term the code does not compute, or one the sheets lack, would silently change risks: refuse to start. */
  private void checkTermsMatchTheSheets() {
    Set<String> code = Arrays.stream(Term.values()).map(t -> t.key).collect(Collectors.toCollection(TreeSet::new));
    Set<String> sheets = new TreeSet<>(knowledge.termKeys());
    if (!code.equals(sheets)) {
      throw new KnowledgeException(List.of(knowledge.definition().coefficientsFile() + ": terms " + sheets
          + " differ from the terms PREVENT computes " + code));
    }
  }

  private static Map<String, Map<Variant, List<Equation>>> compile(PreventCoefficients knowledge) {
    Map<String, Map<Variant, List<Equation>>> bySex = new HashMap<>();
    for (String sex : PreventCoefficients.SEXES) {
      Map<Variant, List<Equation>> byVariant = new EnumMap<>(Variant.class);
      for (Variant v : Variant.values()) {
        List<Equation> list = new ArrayList<>();
        for (int years : List.of(10, 30)) {
          CoefficientSet set = knowledge.definition().set(v.id(), years).orElseThrow(() -> new KnowledgeException(
              List.of(PreventCoefficients.FILE + ": no coefficient set for variant " + v.id() + ", " + years
                  + " years")));
          for (Outcome outcome : knowledge.definition().outcomes()) {
            Map<String, Double> column = knowledge.column(set.sheet(), sex, outcome.column());
            double[] beta = new double[Term.values().length];
            for (Term t : Term.values()) {
              beta[t.ordinal()] = column.get(t.key);
            }
            if (hasEquation(beta)) {
              list.add(new Equation(set, outcome, beta));
            }
          }
        }
        byVariant.put(v, List.copyOf(list));
      }
      bySex.put(sex, byVariant);
    }
    return Map.copyOf(bySex);
  }

  /**
   * A sheet column whose coefficients are all zero besides the constant has no equation for that outcome, and no
   * result is given for it (every current sheet has equations for all five outcomes, 30-year ones included).
   */
  private static boolean hasEquation(double[] beta) {
    for (Term t : Term.values()) {
      if (t != Term.CONSTANT && beta[t.ordinal()] != 0) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Field> fields() {
    return fields;
  }

  /** Cholesterol in mmol/L converts with PREVENT's own 0.02586 mmol/L per mg/dL (A2), read from prevent.yaml. */
  @Override
  public Map<String, Double> ownFactors() {
    double mgDlPerMmolL = 1 / knowledge.definition().mmolLPerMgDl();
    return Map.of("totalCholesterol|mmol/L", mgDlPerMmolL, "hdlCholesterol|mmol/L", mgDlPerMmolL);
  }

  @Override
  public RiskResult calculate(RiskInputs in) {
    Set<Component> given = EnumSet.noneOf(Component.class);
    for (Component o : Component.values()) {
      if (in.has(o.field)) {
        given.add(o);
      }
    }
    Variant variant = Variant.of(given);
    String sex = in.choice("sex").equals("female") ? "women" : "men";
    Transformed x = transform(in, variant);

    List<RiskResult.OutcomeRisk> results = new ArrayList<>();
    List<RiskResult.Contribution> contributions = List.of();
    Optional<Double> risk = Optional.empty();
    // The headline's set; compile() has checked every variant has its 10- and 30-year sets.
    String coefficientSet = knowledge.definition().set(variant.id(), 10).orElseThrow().name();
    // Each term's value once; every outcome's equation is then a dot product. Contributions are listed for the
    // headline equation only.
    double[] values = new double[TERMS.length];
    for (Term t : TERMS) {
      values[t.ordinal()] = t.value.applyAsDouble(x);
    }
    for (Equation e : equations.get(sex).get(variant)) {
      double[] beta = e.beta();
      double lp = 0;
      for (int k = 0; k < values.length; k++) {
        lp += beta[k] * values[k];
      }
      RiskResult.OutcomeRisk o = new RiskResult.OutcomeRisk(e.outcome().id(), e.set().years(), e.set().name(),
          logistic(lp), lp);
      results.add(o);
      if (o.years() == 10 && o.outcome().equals(headlineOutcome)) {
        contributions = contributions(beta, values);
        risk = Optional.of(o.risk());
      }
    }
    return new RiskResult(NAME, coefficientSet, risk, results, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), contributions, citation(),
        warnings(in, variant, given, results));
  }

  /** The terms with a non-zero coefficient in this equation, each with its value and product. */
  private static List<RiskResult.Contribution> contributions(double[] beta, double[] values) {
    List<RiskResult.Contribution> out = new ArrayList<>(TERMS.length);
    for (Term t : TERMS) {
      double coefficient = beta[t.ordinal()];
      if (coefficient != 0) {
        double value = values[t.ordinal()];
        out.add(new RiskResult.Contribution(t.factor(), value, coefficient, value * coefficient));
      }
    }
    return out;
  }

  private static final Term[] TERMS = Term.values();

  private Transformed transform(RiskInputs in, Variant variant) {
    double toMmol = knowledge.definition().mmolLPerMgDl();
    double age10 = (in.value("age") - 55) / 10;
    double tc = in.value("totalCholesterol");
    double hdl = in.value("hdlCholesterol");
    double sbp = in.value("systolicBp");
    double bmi = in.value("bmi");
    double egfr = in.value("egfr");
    double diabetes = in.flag("diabetes") ? 1 : 0;

    // Optional components: the value terms when given; in a variant that uses a component it is not given for
    // (only FULL), the missing indicator instead. Missing SDI is flagged for every outcome and both sexes — the
    // online calculator's women-ASCVD quirk is deliberately not mimicked (prevent.yaml womenAscvdMissingSdi).
    Optional<Double> uacr = in.optionalValue("uacr");
    Optional<Double> hba1c = in.optionalValue("hba1c");
    Optional<Double> sdi = in.optionalValue("sdiDecile");
    double lnAcr = variant.uses(Component.UACR) ? uacr.map(Math::log).orElse(0.0) : 0;
    double missAcr = variant.uses(Component.UACR) && uacr.isEmpty() ? 1 : 0;
    double a1c = variant.uses(Component.HBA1C) ? hba1c.map(h -> h - 5.3).orElse(0.0) : 0;
    double missA1c = variant.uses(Component.HBA1C) && hba1c.isEmpty() ? 1 : 0;
    double decile = variant.uses(Component.SDI) ? sdi.orElse(0.0) : 0;
    double missSdi = variant.uses(Component.SDI) && sdi.isEmpty() ? 1 : 0;

    return new Transformed(
        age10,
        (tc - hdl) * toMmol - 3.5,
        (hdl * toMmol - 1.3) / 0.3,
        (Math.min(sbp, 110) - 110) / 20,
        (Math.max(sbp, 110) - 130) / 20,
        diabetes,
        in.flag("smoker") ? 1 : 0,
        (Math.min(bmi, 30) - 25) / 5,
        (Math.max(bmi, 30) - 30) / 5,
        (Math.min(egfr, 60) - 60) / -15,
        (Math.max(egfr, 60) - 90) / -15,
        in.flag("onBpTreatment") ? 1 : 0,
        in.flag("onStatin") ? 1 : 0,
        decile >= 4 && decile < 7 ? 1 : 0,
        decile >= 7 ? 1 : 0,
        missSdi,
        lnAcr,
        missAcr,
        a1c * diabetes,
        a1c * (1 - diabetes),
        missA1c);
  }

  private static double logistic(double x) {
    return Math.exp(x) / (1 + Math.exp(x));
  }

  private List<String> warnings(RiskInputs in, Variant variant, Set<Component> given,
      List<RiskResult.OutcomeRisk> results) {
    PreventCoefficients.Definition d = knowledge.definition();
    List<String> w = new ArrayList<>();
    w.add(d.categories().warning());
    boolean thirty = false;
    for (RiskResult.OutcomeRisk r : results) {
      thirty |= r.years() == 30;
    }
    if (thirty && !d.thirtyYear().ageRangeStatedInPack()) {
      w.add(d.thirtyYear().warning());
    }
    if (given.contains(Component.SDI)) {
      w.add(d.sdi().warning());
      double decile = in.value("sdiDecile");
      if (decile != Math.rint(decile)) {
        w.add("sdiDecile " + decile + " is not a whole decile; classified as decile "
            + (decile >= 7 ? "7-10" : decile >= 4 ? "4-6" : "1-3"));
      }
    }
    if (variant == Variant.FULL) {
      for (Component o : Component.values()) {
        if (!given.contains(o)) {
          w.add(o.field + " not given: the full model's missing-" + o.field + " term is used");
        }
      }
    }
    w.add(d.population().warning());
    return w;
  }

  private Citation citation() {
    RiskSource s = knowledge.definition().source();
    // Risk equations carry no class of recommendation or level of evidence; those stay empty (null).
    return new Citation(knowledge.definition().citationId(), s.title(), s.authors(), s.publication(), s.year(),
        true, s.section(), s.strength(), null, null, s.knowledgeRef());
  }
}
