package org.vigil.engine.risk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.vigil.engine.explain.Citation;
import org.vigil.engine.risk.RiskResult.Contribution;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.risk.ChinaParCoefficients;
import org.vigil.knowledge.risk.ChinaParCoefficients.CoefficientSet;
import org.vigil.knowledge.risk.ChinaParCoefficients.Equation;

/**
 * China-PAR 10-year ASCVD risk (Yang 2016): {@code 1 − S10^exp(Sum − MeanSum)} with the sex's Cox equation, from a
 * named coefficient set in {@code knowledge/risk/china-par.yaml} (default {@code CHINAPAR_TJPMA024_2024}, which
 * reproduces the official calculator). Contributions are the equation's terms, coefficient × term, in file order.
 */
public final class ChinaPar implements RiskModel {
  public static final String NAME = "china-par";

  private final ChinaParCoefficients file;
  private final CoefficientSet set;
  private final List<Field> fields;
  private final Citation citation;

  /** China-PAR with the file's default coefficient set. */
  public ChinaPar(KnowledgeBase knowledge) {
    this(knowledge, ChinaParCoefficients.load(), Optional.empty());
  }

  /** China-PAR with a named coefficient set (e.g. {@code CHINAPAR_YANG2016_PRINTED}). */
  public ChinaPar(KnowledgeBase knowledge, String coefficientSet) {
    this(knowledge, ChinaParCoefficients.load(), Optional.of(coefficientSet));
  }

  private ChinaPar(KnowledgeBase knowledge, ChinaParCoefficients file, Optional<String> setName) {
    this.file = file;
    String name = setName.orElse(file.defaultSet());
    this.set = file.set(name).orElseThrow(() -> new IllegalArgumentException("China-PAR has no coefficient set "
        + name + " (sets: " + file.sets().stream().map(CoefficientSet::name).toList() + ")"));
    this.fields = fields(knowledge, file);
    checkEquations(file, fields);
    var s = file.source();
    this.citation = new Citation(file.citationId(), s.title(), s.authors(), s.publication(), s.year(), true,
        s.section() + "; coefficient set " + set.name() + ": " + set.source().title() + ", " + set.source().section()
            + "; categories: " + file.categorySource().title() + ", " + file.categorySource().section(),
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

  /** Cholesterol in mmol/L converts with China-PAR's own 0.0259 (mg/dL = mmol/L ÷ 0.0259), not the pack's 38.67. */
  @Override
  public Map<String, Double> ownFactors() {
    double mgdlPerMmol = 1 / file.cholesterolMmolPerMgdl();
    return Map.of("totalCholesterol|mmol/L", mgdlPerMmol, "hdlCholesterol|mmol/L", mgdlPerMmol);
  }

  /** The coefficient set this instance computes with. */
  public String coefficientSet() {
    return set.name();
  }

  @Override
  public RiskResult calculate(RiskInputs inputs) {
    boolean male = "male".equals(inputs.choice("sex"));
    Equation eq = male ? set.men() : set.women();
    Values x = Values.of(inputs);
    List<Contribution> contributions = new ArrayList<>();
    double sum = 0;
    for (var t : eq.terms().entrySet()) {
      double term = Term.of(t.getKey()).value.applyAsDouble(x);
      contributions.add(new Contribution(t.getKey(), term, t.getValue(), t.getValue() * term));
      sum += t.getValue() * term;
    }
    double risk = 1 - Math.pow(eq.s10(), Math.exp(sum - eq.meanSum()));
    List<String> warnings = new ArrayList<>();
    if (!eq.inputsNotUsed().isEmpty()) {
      // The women's equation was fitted without these terms (pack A3): say so rather than let a reader think a
      // family history or urban residence was counted.
      warnings.add("The " + (male ? "men's" : "women's") + " China-PAR equation has no term for "
          + String.join(" or ", eq.inputsNotUsed()) + ": " + (eq.inputsNotUsed().size() == 1 ? "it" : "they")
          + " did not change this result.");
    }
    set.caveatText().ifPresent(warnings::add);
    return new RiskResult(NAME, set.name(), Optional.of(risk), List.of(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(category(risk)), contributions, citation, warnings);
  }

  private String category(double risk) {
    var c = file.categories().stream().filter(k -> k.upperBound().map(b -> risk < b).orElse(true))
        .findFirst().orElseThrow();
    return c.id() + " (" + c.label() + ")";
  }

  private static List<Field> fields(KnowledgeBase k, ChinaParCoefficients file) {
    String noRange = " The pack gives no validated range for China-PAR; Vigil refuses only values outside the "
        + "plausibility bounds it applies to any reading (analytes.yaml) — not a clinical range.";
    return List.of(
        Field.number("age", file.age().min(), file.age().max(), "Age in years. China-PAR was derived at "
            + fmt(file.age().min()) + "–" + fmt(file.age().max()) + " years (pack A3, F) and Vigil refuses other ages,"
            + " although the official cvdrisk.com.cn calculator accepts 20–85."),
        Field.choice("sex", List.of("male", "female"), "Sex: men and women have separate equations."),
        AnalyteBounds.field(k, "systolicBp", "systolic-bp", "mm[Hg]", "Systolic blood pressure." + noRange),
        Field.bool("onBpTreatment", "On antihypertensive treatment: selects the treated-SBP coefficient and its "
            + "age interaction instead of the untreated ones."),
        AnalyteBounds.field(k, "totalCholesterol", "total-cholesterol", "mg/dL", "Total cholesterol; mmol/L "
            + "converts with China-PAR's own factor (mg/dL = mmol/L ÷ 0.0259)." + noRange),
        AnalyteBounds.field(k, "hdlCholesterol", "hdl-cholesterol", "mg/dL", "HDL cholesterol; mmol/L converts "
            + "with China-PAR's own factor (mg/dL = mmol/L ÷ 0.0259)." + noRange),
        AnalyteBounds.field(k, "waist", "waist-circumference", "cm", "Waist circumference." + noRange),
        Field.bool("smoker", "Current smoker."),
        Field.bool("diabetes", "Diabetes."),
        Field.choice("region", List.of("north", "south"), "Living north or south of the Yangtze River."),
        Field.choice("area", List.of("urban", "rural"), "Urban or rural residence (men's equation only)."),
        Field.bool("familyHistoryAscvd", "Family history of ASCVD (official form: 心脑血管病家族史; men's equation "
            + "only)."));
  }

  /**
   * Start-up checks on every set, so a typo in the file fails loudly instead of silently dropping a term: the model
   * name matches, every term key is one this class computes, and every input is used by a term or declared unused.
   */
  private static void checkEquations(ChinaParCoefficients file, List<Field> fields) {
    if (!NAME.equals(file.model())) {
      throw new IllegalStateException(ChinaParCoefficients.FILE + ": model is " + file.model() + ", not " + NAME);
    }
    Set<String> inputs = fields.stream().map(Field::name).filter(n -> !n.equals("sex")).collect(Collectors.toSet());
    for (CoefficientSet s : file.sets()) {
      for (var e : Map.of("men", s.men(), "women", s.women()).entrySet()) {
        String where = ChinaParCoefficients.FILE + " " + s.name() + " " + e.getKey();
        Set<String> used = new java.util.HashSet<>(e.getValue().inputsNotUsed());
        for (String key : e.getValue().terms().keySet()) {
          used.addAll(Term.find(key).orElseThrow(() -> new IllegalStateException(where + ": unknown term " + key
              + " (terms: " + Arrays.stream(Term.values()).map(t -> t.key).toList() + ")")).inputs);
        }
        if (!used.equals(inputs)) {
          throw new IllegalStateException(where + ": inputs neither used by a term nor listed in inputsNotUsed, or "
              + "unknown: " + symmetricDifference(used, inputs));
        }
      }
    }
  }

  private static Set<String> symmetricDifference(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.TreeSet<>(a);
    out.addAll(b);
    out.removeIf(n -> a.contains(n) && b.contains(n));
    return out;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** The inputs as the equation uses them: logarithms of continuous values, 0/1 indicators. */
  private record Values(double lnAge, double lnSbp, boolean treated, double lnTc, double lnHdl, double lnWaist,
      double smoker, double diabetes, double north, double urban, double familyHistory) {
    static Values of(RiskInputs in) {
      return new Values(Math.log(in.value("age")), Math.log(in.value("systolicBp")), in.flag("onBpTreatment"),
          Math.log(in.value("totalCholesterol")), Math.log(in.value("hdlCholesterol")), Math.log(in.value("waist")),
          indicator(in.flag("smoker")), indicator(in.flag("diabetes")),
          indicator("north".equals(in.choice("region"))), indicator("urban".equals(in.choice("area"))),
          indicator(in.flag("familyHistoryAscvd")));
    }

    private static double indicator(boolean b) {
      return b ? 1 : 0;
    }

    double treatedLnSbp() {
      return treated ? lnSbp : 0;
    }

    double untreatedLnSbp() {
      return treated ? 0 : lnSbp;
    }
  }

  /** The terms a China-PAR equation may have: the key the file uses, its value and the inputs it reads. */
  private enum Term {
    LN_AGE("lnAge", Values::lnAge, "age"),
    // SBP enters through exactly one of the treated / untreated branches, each with its own age interaction.
    LN_TREATED_SBP("lnTreatedSbp", Values::treatedLnSbp, "systolicBp", "onBpTreatment"),
    LN_UNTREATED_SBP("lnUntreatedSbp", Values::untreatedLnSbp, "systolicBp", "onBpTreatment"),
    LN_TOTAL_CHOLESTEROL("lnTotalCholesterol", Values::lnTc, "totalCholesterol"),
    LN_HDL_CHOLESTEROL("lnHdlCholesterol", Values::lnHdl, "hdlCholesterol"),
    LN_WAIST("lnWaist", Values::lnWaist, "waist"),
    SMOKER("smoker", Values::smoker, "smoker"),
    DIABETES("diabetes", Values::diabetes, "diabetes"),
    NORTH("north", Values::north, "region"),
    URBAN("urban", Values::urban, "area"),
    FAMILY_HISTORY("familyHistoryAscvd", Values::familyHistory, "familyHistoryAscvd"),
    LN_AGE_X_LN_TREATED_SBP("lnAgeXlnTreatedSbp", x -> x.lnAge() * x.treatedLnSbp(), "age", "systolicBp",
        "onBpTreatment"),
    LN_AGE_X_LN_UNTREATED_SBP("lnAgeXlnUntreatedSbp", x -> x.lnAge() * x.untreatedLnSbp(), "age", "systolicBp",
        "onBpTreatment"),
    LN_AGE_X_SMOKER("lnAgeXsmoker", x -> x.lnAge() * x.smoker(), "age", "smoker"),
    LN_AGE_X_FAMILY_HISTORY("lnAgeXfamilyHistoryAscvd", x -> x.lnAge() * x.familyHistory(), "age",
        "familyHistoryAscvd");

    private final String key;
    private final ToDoubleFunction<Values> value;
    private final List<String> inputs;

    Term(String key, ToDoubleFunction<Values> value, String... inputs) {
      this.key = key;
      this.value = value;
      this.inputs = List.of(inputs);
    }

    static Optional<Term> find(String key) {
      return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
    }

    static Term of(String key) {
      return find(key).orElseThrow();
    }
  }
}
