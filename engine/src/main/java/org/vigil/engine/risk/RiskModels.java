package org.vigil.engine.risk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.knowledge.KnowledgeBase;

/** Every risk model Vigil serves, by API name, and one entry point that validates then calculates. */
public final class RiskModels {
  private final Map<String, RiskModel> models = new LinkedHashMap<>();
  private final InputValidator validator;

  public RiskModels(KnowledgeBase knowledge, UnitNormalizer units) {
    for (RiskModel m : List.of(
        new PooledCohortEquations(knowledge),
        new PreventEquations(knowledge),
        new ChinaPar(knowledge),
        new Findrisc(knowledge),
        new CkdEpi2021(knowledge),
        new Galad(knowledge))) {
      models.put(m.name(), m);
    }
    this.validator = new InputValidator(units);
  }

  public Optional<RiskModel> model(String name) {
    return Optional.ofNullable(models.get(name));
  }

  public List<RiskModel> all() {
    return List.copyOf(models.values());
  }

  /** Validates raw inputs for the model and calculates; problems name the field and the reason. */
  public Calculation calculate(RiskModel model, Map<String, Object> raw) {
    return switch (validator.validate(model, raw, model.ownFactors())) {
      case InputValidator.Checked.Valid v -> new Calculation.Done(model.calculate(v.inputs()));
      case InputValidator.Checked.Invalid i -> new Calculation.Refused(i.problems());
    };
  }

  /** A calculation's outcome. */
  public sealed interface Calculation {
    record Done(RiskResult result) implements Calculation {}

    record Refused(List<org.vigil.engine.units.Problem> problems) implements Calculation {}
  }
}
