package org.vigil.engine.risk;

import java.util.List;

/** A validated risk equation: the fields it takes (with validated ranges) and the calculation. */
public interface RiskModel {
  /** The model's name in the API: pce, prevent, china-par, findrisc, ckd-epi-2021, galad. */
  String name();

  /** The inputs, in the model's own units and validated ranges. */
  List<Field> fields();

  /**
   * The model's own unit conversions, used instead of the analyte's: {@code "field|givenUnit" -> value in the
   * field's unit per 1 given unit} (PREVENT converts cholesterol with 0.02586 mmol/L per mg/dL; China-PAR with
   * 1/0.0259 mg/dL per mmol/L; CKD-EPI creatinine with 1/88.4 mg/dL per umol/L).
   */
  default java.util.Map<String, Double> ownFactors() {
    return java.util.Map.of();
  }

  /** The calculation on inputs {@link InputValidator} has checked against {@link #fields()}. */
  RiskResult calculate(RiskInputs inputs);
}
