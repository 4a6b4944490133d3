package org.vigil.engine.risk;

import java.util.List;
import java.util.Optional;
import org.vigil.engine.explain.Citation;

/**
 * What a calculator answers: the model, the named and versioned coefficient set, the result (a probability
 * {@code risk} 0–1 with per-outcome {@code results} for PREVENT, a {@code score}, an {@code egfr}, GALAD's {@code z}
 * and {@code probability}), the {@code category} where the source defines bands, per-factor
 * {@code contributions}, the citation, and warnings.
 */
public record RiskResult(
    String model,
    String coefficientSet,
    Optional<Double> risk,
    List<OutcomeRisk> results,
    Optional<Double> score,
    Optional<Double> egfr,
    Optional<Double> z,
    Optional<Double> probability,
    Optional<String> category,
    List<Contribution> contributions,
    Citation citation,
    List<String> warnings) {

  public RiskResult {
    results = List.copyOf(results);
    contributions = List.copyOf(contributions);
    warnings = List.copyOf(warnings);
  }

  /** One outcome and horizon of a multi-outcome model (PREVENT: total CVD, ASCVD, HF, CHD, stroke; 10 and 30 years). */
  public record OutcomeRisk(String outcome, int years, String variant, double risk, double linearPredictor) {}

  /**
   * One factor's part in the result: its name, the transformed value the equation used, the coefficient and their
   * product (for a points score, {@code coefficient} is 1 and {@code contribution} the points).
   */
  public record Contribution(String factor, double term, double coefficient, double contribution) {}
}
