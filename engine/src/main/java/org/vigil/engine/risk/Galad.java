package org.vigil.engine.risk;

import java.util.List;
import java.util.Optional;
import org.vigil.engine.explain.Citation;
import org.vigil.engine.risk.RiskResult.Contribution;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.risk.GaladCoefficients;
import org.vigil.knowledge.risk.GaladCoefficients.Bounds;

/**
 * GALAD (Johnson 2014): {@code Z = −10.08 + 0.09·age + 1.67·male + 2.34·log10 AFP + 0.04·AFP-L3 + 1.33·log10 DCP}
 * and {@code P = exp(Z)/(1+exp(Z))}, from {@code knowledge/risk/galad.yaml}; Z at or above −0.63 is positive
 * (further imaging). Contributions are the terms of Z.
 *
 * <p>DCP is taken in ng/mL only. PIVKA-II reported in mAU/mL (common in Chinese laboratories) has no validated
 * conversion (pack A5), so the validator refuses that unit instead of letting it into the ng/mL term.
 */
public final class Galad implements RiskModel {
  public static final String NAME = "galad";
  static final String DCP_WARNING = "DCP is taken as ng/mL (the derivation's μTASWako i30 assay). A PIVKA-II result "
      + "in mAU/mL (Abbott/Fujirebio) has no validated conversion to ng/mL: if the value entered was mAU/mL, this "
      + "result is not valid.";

  private final GaladCoefficients g;
  private final List<Field> fields;
  private final Citation citation;

  /** {@code knowledge} is not needed (GALAD's markers are not Vigil analytes); the constructor matches the others'. */
  public Galad(KnowledgeBase knowledge) {
    this.g = GaladCoefficients.load();
    if (!NAME.equals(g.model())) {
      throw new IllegalStateException(GaladCoefficients.FILE + ": model is " + g.model() + ", not " + NAME);
    }
    String noRange = " The pack gives no range; Vigil's bounds are not a validated range.";
    var r = g.ranges();
    this.fields = List.of(
        number("age", r.age(), "Age in years. The pack gives no range; Vigil accepts adults."),
        Field.choice("sex", List.of("male", "female"), "Sex: male adds 1.67 to Z (male = 1, female = 0)."),
        quantity("afp", "ng/mL", r.afp(), "Alpha-fetoprotein (AFP), entered as log10. Must be above 0." + noRange),
        quantity("afpL3", "%", r.afpL3(), "AFP-L3, percent of AFP (0–100)."),
        quantity("dcp", "ng/mL", r.dcp(), "Des-γ-carboxy prothrombin (DCP) in ng/mL, entered as log10 (derivation: "
            + "μTASWako i30 assay). PIVKA-II in mAU/mL is refused: no validated conversion to ng/mL exists "
            + "(pack A5), so it must not be entered as ng/mL." + noRange));
    var s = g.source();
    // An equation has no class of recommendation or level of evidence.
    this.citation = new Citation(g.citationId(), s.title(), s.authors(), s.publication(), s.year(), true, s.section(),
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

  @Override
  public RiskResult calculate(RiskInputs in) {
    var k = g.coefficients();
    List<Contribution> terms = List.of(
        term("intercept", 1, k.intercept()),
        term("age", in.value("age"), k.age()),
        // Male = 1 with +1.67; coding female as 1 with −1.67 (seen in public implementations) is a bug (pack A5).
        term("male", "male".equals(in.choice("sex")) ? 1 : 0, k.male()),
        // log10, not ln (pack A5).
        term("log10Afp", Math.log10(in.value("afp")), k.log10Afp()),
        term("afpL3", in.value("afpL3"), k.afpL3()),
        term("log10Dcp", Math.log10(in.value("dcp")), k.log10Dcp()));
    double z = terms.stream().mapToDouble(Contribution::contribution).sum();
    double p = 1 / (1 + Math.exp(-z));
    String category = z >= g.cutoff() ? "positive (further imaging)" : "negative";
    return new RiskResult(NAME, g.set(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
        Optional.of(z), Optional.of(p), Optional.of(category), terms, citation, List.of(DCP_WARNING));
  }

  private static Contribution term(String name, double value, double coefficient) {
    return new Contribution(name, value, coefficient, value * coefficient);
  }

  private static Field number(String name, Bounds b, String description) {
    return Field.number(name, b.min(), b.max(), description);
  }

  private static Field quantity(String name, String unit, Bounds b, String description) {
    // No analyte: these tumour markers are not readings Vigil monitors, so units convert by UCUM only.
    return new Field(name, Field.Kind.QUANTITY, true, unit, null, b.min(), b.max(), List.of(), description);
  }
}
