package org.vigil.server.risk;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.engine.risk.FiveHighsTier;
import org.vigil.engine.units.Problem;
import org.vigil.server.web.InvalidInputException;
import tools.jackson.databind.JsonNode;

/** A member's risk from their own data, their Five-Highs tier with its reasons, and their recorded risk factors. */
@RestController
@RequestMapping("/api/v1/patients/{id}")
@Tag(name = "Risk", description = "Validated risk equations: PCE, PREVENT, China-PAR, FINDRISC, CKD-EPI 2021, GALAD")
public class MemberRiskController {
  private final RiskService risk;

  public MemberRiskController(RiskService risk) {
    this.risk = risk;
  }

  @GetMapping("/risk")
  @Operation(summary = "The member's Five-Highs tier with every reason, and each model's result from their latest"
      + " readings (with the reading ids used) or the inputs that are missing")
  public FiveHighsTier.Result risk(@PathVariable String id) {
    return risk.assess(id);
  }

  @GetMapping("/risk-factors")
  @Operation(summary = "The member's recorded risk factors (smoking, treatment, family history, region, ...)")
  public Map<String, Object> factors(@PathVariable String id) {
    return risk.factors(id);
  }

  @PutMapping("/risk-factors")
  @Operation(summary = "Record the member's risk factors (replaces them); the tier is re-judged at once")
  public Map<String, Object> saveFactors(@PathVariable String id, @RequestBody JsonNode body,
      @RequestParam(defaultValue = "anonymous") String by) {
    if (body == null || !body.isObject()) {
      throw new InvalidInputException(400, List.of(new Problem("$", "the body must be a JSON object of factors")));
    }
    List<Problem> problems = new ArrayList<>();
    Map<String, Object> raw = RiskController.raw(body, problems);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return risk.saveFactors(id, raw, by);
  }
}
