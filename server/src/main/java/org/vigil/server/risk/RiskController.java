package org.vigil.server.risk;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.engine.risk.Field;
import org.vigil.engine.risk.RiskModel;
import org.vigil.engine.risk.RiskModels;
import org.vigil.engine.risk.RiskResult;
import org.vigil.engine.units.Problem;
import org.vigil.engine.units.Quantity;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;
import tools.jackson.databind.JsonNode;

/**
 * The validated equations as a stateless API: {@code POST /api/v1/risk/{model}} with the model's inputs
 * (quantities as {"value": n, "unit": "UCUM"}, booleans, choices). Out-of-range inputs are refused with the range
 * named (422), never clamped.
 */
@RestController
@RequestMapping("/api/v1/risk")
@Tag(name = "Risk", description = "Validated risk equations: PCE, PREVENT, China-PAR, FINDRISC, CKD-EPI 2021, GALAD")
public class RiskController {
  private final RiskModels models;
  private final RescoreJob rescore;

  public RiskController(RiskModels models, RescoreJob rescore) {
    this.models = models;
    this.rescore = rescore;
  }

  @PostMapping("/rescore")
  @Operation(summary = "Re-score the whole population (every member's models and tier) in the background")
  public RescoreJob.Progress rescore() {
    return rescore.start();
  }

  @GetMapping("/rescore/{job}")
  @Operation(summary = "A re-score's progress, and its summary (members per tier, seconds) once finished")
  public RescoreJob.Progress rescoreProgress(@PathVariable long job) {
    return rescore.progress(job);
  }

  /** A model's description: its inputs with their units and validated ranges. */
  public record ModelView(String model, List<FieldView> inputs) {}

  public record FieldView(String name, String kind, boolean required, String unit, String range, List<String> values,
      String description) {}

  @GetMapping
  @Operation(summary = "The models and the inputs each takes (units, validated ranges)")
  public List<ModelView> list() {
    return models.all().stream().map(RiskController::view).toList();
  }

  @GetMapping("/{model}")
  @Operation(summary = "One model's inputs")
  public ModelView describe(@PathVariable String model) {
    return view(find(model));
  }

  @PostMapping("/{model}")
  @Operation(summary = "Calculate: risk (0-1) or score, category, per-factor contributions, citation, warnings")
  public RiskResult calculate(@PathVariable String model, @RequestBody JsonNode body) {
    RiskModel m = find(model);
    if (body == null || !body.isObject()) {
      throw new InvalidInputException(400, List.of(new Problem("$", "the body must be a JSON object of inputs")));
    }
    List<Problem> problems = new ArrayList<>();
    Map<String, Object> raw = raw(body, problems);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return switch (models.calculate(m, raw)) {
      case RiskModels.Calculation.Done d -> d.result();
      case RiskModels.Calculation.Refused r -> throw new InvalidInputException(r.problems());
    };
  }

  /** JSON inputs as the engine's raw values; shapes it cannot read are problems of their field. */
  static Map<String, Object> raw(JsonNode body, List<Problem> problems) {
    Map<String, Object> raw = new LinkedHashMap<>();
    for (String name : body.propertyNames()) {
      JsonNode v = body.get(name);
      if (v.isObject()) {
        JsonNode value = v.get("value");
        JsonNode unit = v.get("unit");
        if (value == null || !value.isNumber() || unit == null || !unit.isString()) {
          problems.add(new Problem(name, "a quantity is {\"value\": number, \"unit\": \"UCUM code\"}"));
        } else {
          raw.put(name, new Quantity(value.asDouble(), unit.asString()));
        }
      } else if (v.isBoolean()) {
        raw.put(name, v.asBoolean());
      } else if (v.isNumber()) {
        raw.put(name, v.asDouble());
      } else if (v.isString()) {
        raw.put(name, v.asString());
      } else if (!v.isNull()) {
        problems.add(new Problem(name, "must be a quantity, a number, true/false or a text"));
      }
    }
    return raw;
  }

  private RiskModel find(String model) {
    return models.model(model).orElseThrow(() -> new NotFoundException("no risk model '" + model + "'; known: "
        + models.all().stream().map(RiskModel::name).toList()));
  }

  private static ModelView view(RiskModel m) {
    return new ModelView(m.name(), m.fields().stream().map(f -> new FieldView(f.name(),
        f.kind().name().toLowerCase(java.util.Locale.ROOT), f.required(), f.unit(), f.rangeText().orElse(null),
        f.values(), f.description())).toList());
  }
}
