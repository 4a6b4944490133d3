package org.vigil.engine.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.engine.units.Problem;
import org.vigil.engine.units.Quantity;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * The shared {@link InputValidator} with the PCE and PREVENT fields: inputs outside a model's validated range are
 * refused naming the field and the range (never clamped, section F), unknown and missing fields are refused, and
 * cholesterol in mmol/L converts with each model's own factor (PCE 38.67, PREVENT 1/0.02586).
 */
class RiskInputValidationTest {
  private static final KnowledgeBase KNOWLEDGE = KnowledgeLoader.loadDefault();
  private static final InputValidator VALIDATOR = new InputValidator(new UnitNormalizer(KNOWLEDGE));
  private static final PooledCohortEquations PCE = new PooledCohortEquations(KNOWLEDGE);
  private static final PreventEquations PREVENT = new PreventEquations(KNOWLEDGE);

  private static InputValidator.Checked validate(RiskModel model, Map<String, Object> raw) {
    return VALIDATOR.validate(model, raw, model.ownFactors());
  }

  private static RiskModel model(String name) {
    return name.equals("pce") ? PCE : PREVENT;
  }

  private static Map<String, Object> valid(String model) {
    return model.equals("pce") ? PooledCohortEquationsTest.profile("male", "white")
        : PreventEquationsTest.tableS12("male");
  }

  private static List<Problem> problems(InputValidator.Checked checked) {
    assertThat(checked).isInstanceOf(InputValidator.Checked.Invalid.class);
    return ((InputValidator.Checked.Invalid) checked).problems();
  }

  private static RiskInputs inputs(InputValidator.Checked checked) {
    assertThat(checked).isInstanceOf(InputValidator.Checked.Valid.class);
    return ((InputValidator.Checked.Valid) checked).inputs();
  }

  private static Object parse(String value, String unit) {
    if (unit.equals("-")) {
      return value.contains(".") ? (Object) Double.parseDouble(value) : (Object) Integer.parseInt(value);
    }
    return new Quantity(Double.parseDouble(value), unit);
  }

  @ParameterizedTest(name = "{0}: {1} = {2} {3} is refused with the range {4}")
  @CsvSource({
      "pce, age, 39, -, 40–79",
      "pce, age, 80, -, 40–79",
      "pce, totalCholesterol, 129, mg/dL, 130–320 mg/dL",
      "pce, totalCholesterol, 9, mmol/L, 130–320 mg/dL",          // 348 mg/dL
      "pce, hdlCholesterol, 101, mg/dL, 20–100 mg/dL",
      "pce, systolicBp, 201, mm[Hg], 90–200 mmHg",
      "pce, systolicBp, 89, mmHg, 90–200 mmHg",
      "prevent, age, 29, -, 30–79",
      "prevent, age, 80, -, 30–79",
      "prevent, totalCholesterol, 321, mg/dL, 130–320 mg/dL",
      "prevent, hdlCholesterol, 0.5, mmol/L, 20–100 mg/dL",        // 19.3 mg/dL
      "prevent, systolicBp, 181, mm[Hg], 90–180 mmHg",
      "prevent, bmi, 40, kg/m2, 18.5–39.9 kg/m²",
      "prevent, bmi, 18.4, kg/m2, 18.5–39.9 kg/m²",
      "prevent, egfr, 14, mL/min/{1.73_m2}, 15–140 mL/min/1.73m²",
      "prevent, egfr, 141, mL/min/{1.73_m2}, 15–140 mL/min/1.73m²",
      "prevent, uacr, 0, mg/g, 0.1–100000 mg/g",                    // ln(UACR) guard; upper end plausibility
      "prevent, hba1c, 1.5, %, 2–25 %",                             // no pack range: plausibility
      "prevent, sdiDecile, 11, -, 1–10",
      "prevent, sdiDecile, 0, -, 1–10",
  })
  void anInputOutsideTheValidatedRangeIsRefusedNamingFieldAndRangeNotClamped(
      String model, String field, String value, String unit, String range) {
    Map<String, Object> raw = new java.util.HashMap<>(valid(model));
    raw.put(field, parse(value, unit));
    assertThat(problems(validate(model(model), raw))).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo(field);
      assertThat(p.reason()).contains("outside the model's validated range " + range).contains("not clamped");
    });
  }

  /** The same SBP 185 is inside the PCE range and outside PREVENT's (prevent.yaml chooses preventr's 180). */
  @Test
  void aSystolicOf185IsAcceptedByPceAndRefusedByPrevent() {
    Map<String, Object> pce = new java.util.HashMap<>(valid("pce"));
    pce.put("systolicBp", new Quantity(185, "mm[Hg]"));
    assertThat(inputs(validate(PCE, pce)).value("systolicBp")).isEqualTo(185.0);
    Map<String, Object> prevent = new java.util.HashMap<>(valid("prevent"));
    prevent.put("systolicBp", new Quantity(185, "mm[Hg]"));
    assertThat(problems(validate(PREVENT, prevent))).extracting(Problem::field).containsExactly("systolicBp");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"pce", "prevent"})
  void anUnknownFieldIsRefusedNamingIt(String model) {
    Map<String, Object> raw = new java.util.HashMap<>(valid(model));
    raw.put("ldlCholesterol", new Quantity(130, "mg/dL"));
    assertThat(problems(validate(model(model), raw))).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("ldlCholesterol");
      assertThat(p.reason()).contains("is not an input of " + model);
    });
  }

  @ParameterizedTest(name = "{0} without {1}")
  @CsvSource({
      "pce, hdlCholesterol", "pce, race", "pce, onBpTreatment",
      "prevent, egfr", "prevent, bmi", "prevent, onStatin",
  })
  void aMissingRequiredFieldIsRefusedNamingIt(String model, String field) {
    Map<String, Object> raw = new java.util.HashMap<>(valid(model));
    raw.remove(field);
    assertThat(problems(validate(model(model), raw))).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo(field);
      assertThat(p.reason()).isEqualTo("is required by " + model);
    });
  }

  @Test
  void preventsOptionalInputsMayBeLeftOut() {
    RiskInputs in = inputs(validate(PREVENT, valid("prevent")));
    assertThat(in.has("uacr")).isFalse();
    assertThat(in.has("hba1c")).isFalse();
    assertThat(in.has("sdiDecile")).isFalse();
  }

  @Test
  void choicesAndFlagsAreTyped() {
    Map<String, Object> raw = new java.util.HashMap<>(valid("pce"));
    raw.put("race", "asian");
    raw.put("smoker", "yes");
    assertThat(problems(validate(PCE, raw))).extracting(Problem::field).containsExactlyInAnyOrder("race", "smoker");
  }

  /**
   * C6: each model converts mmol/L cholesterol with its own factor — PCE 38.67 mg/dL per mmol/L, PREVENT
   * 1/0.02586 — so 5.508 mmol/L is 212.99436 mg/dL for the PCE and 212.99304 mg/dL for PREVENT.
   */
  @Test
  void mmolPerLitreCholesterolConvertsWithEachModelsOwnFactor() {
    Map<String, Object> pce = new java.util.HashMap<>(valid("pce"));
    pce.put("totalCholesterol", new Quantity(5.508, "mmol/L"));
    pce.put("hdlCholesterol", new Quantity(1.3, "mmol/l"));
    RiskInputs p = inputs(validate(PCE, pce));
    assertThat(p.value("totalCholesterol")).isCloseTo(5.508 * 38.67, within(1e-9));
    assertThat(p.value("hdlCholesterol")).isCloseTo(1.3 * 38.67, within(1e-9));

    Map<String, Object> prevent = new java.util.HashMap<>(valid("prevent"));
    prevent.put("totalCholesterol", new Quantity(5.508, "mmol/L"));
    prevent.put("hdlCholesterol", new Quantity(1.3, "mmol/L"));
    RiskInputs v = inputs(validate(PREVENT, prevent));
    assertThat(v.value("totalCholesterol")).isCloseTo(5.508 / 0.02586, within(1e-9));
    assertThat(v.value("hdlCholesterol")).isCloseTo(1.3 / 0.02586, within(1e-9));
    assertThat(Math.abs(v.value("totalCholesterol") - p.value("totalCholesterol"))).isGreaterThan(1e-3);
  }

  @Test
  void hba1cInMmolPerMolConvertsWithTheIfccRelationNotPlainUcum() {
    Map<String, Object> ngsp = new java.util.HashMap<>(valid("prevent"));
    ngsp.put("hba1c", new org.vigil.engine.units.Quantity(7.0, "%"));
    Map<String, Object> ifcc = new java.util.HashMap<>(valid("prevent"));
    // (7.0 - 2.152) / 0.09148 = 53.0 mmol/mol (C6)
    ifcc.put("hba1c", new org.vigil.engine.units.Quantity((7.0 - 2.152) / 0.09148, "mmol/mol"));
    double a = inputs(validate(PREVENT, ngsp)).value("hba1c");
    double b = inputs(validate(PREVENT, ifcc)).value("hba1c");
    org.assertj.core.api.Assertions.assertThat(b).isCloseTo(a, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void everyProblemIsReportedNotOnlyTheFirst() {
    Map<String, Object> raw = new java.util.HashMap<>(valid("prevent"));
    raw.put("age", 25);
    raw.put("bmi", new Quantity(45, "kg/m2"));
    raw.remove("egfr");
    raw.put("waist", new Quantity(90, "cm"));
    assertThat(problems(validate(PREVENT, raw))).extracting(Problem::field)
        .containsExactlyInAnyOrder("age", "bmi", "egfr", "waist");
  }

  @Test
  void fieldsDeclareTheBriefsNamesAnalytesAndUnits() {
    assertThat(PCE.fields()).extracting(Field::name).containsExactly("age", "sex", "race", "totalCholesterol",
        "hdlCholesterol", "systolicBp", "onBpTreatment", "smoker", "diabetes");
    assertThat(PREVENT.fields()).extracting(Field::name).containsExactly("age", "sex", "totalCholesterol",
        "hdlCholesterol", "systolicBp", "onBpTreatment", "onStatin", "smoker", "diabetes", "bmi", "egfr", "uacr",
        "hba1c", "sdiDecile");
    assertThat(PREVENT.fields()).filteredOn(f -> !f.required()).extracting(Field::name)
        .containsExactly("uacr", "hba1c", "sdiDecile");
    Field egfr = PREVENT.fields().stream().filter(f -> f.name().equals("egfr")).findFirst().orElseThrow();
    assertThat(egfr.analyte()).isEqualTo("egfr");
    assertThat(egfr.unit()).isEqualTo("mL/min/{1.73_m2}");
  }
}
