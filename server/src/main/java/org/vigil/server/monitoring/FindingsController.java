package org.vigil.server.monitoring;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.engine.explain.AppliedThreshold;
import org.vigil.engine.explain.Citation;
import org.vigil.engine.explain.DifferentialResult;
import org.vigil.engine.monitor.ConditionStatus;
import org.vigil.engine.monitor.Finding;
import org.vigil.server.alerts.EvidenceView;
import org.vigil.server.patients.PatientService;

/** Where a member stands on each of the Five Highs, not only what is alerting. */
@RestController
@RequestMapping("/api/v1/patients")
@Tag(name = "Findings", description = "Each member's current state per condition, with its evidence")
public class FindingsController {
  private final MonitorService monitor;
  private final PatientService patients;
  private final Clock clock;

  public FindingsController(MonitorService monitor, PatientService patients, Clock clock) {
    this.monitor = monitor;
    this.patients = patients;
    this.clock = clock;
  }

  /** One condition: controlled, uncontrolled or unknown, with the findings behind it. */
  public record ConditionView(String condition, String status, Instant lastReading, List<FindingView> findings,
      List<String> rulesWithinTarget) {}

  /** A rule that holds now, with its whole explanation. */
  public record FindingView(String ruleId, String family, String level, String levelLabel, String severity,
      boolean pending, String category, String profile, String knowledgeVersion, Citation citation,
      List<Citation> supportingCitations, List<EvidenceView> evidence, List<AppliedThreshold> thresholds,
      List<DifferentialResult> differentials, String recommendedAction, String explanation) {

    static FindingView of(Finding f) {
      return new FindingView(f.ruleId(), f.family(), f.level(), f.levelLabel(), f.severity().code(), f.pending(),
          f.category().orElse(null), f.profileId(), f.knowledgeVersion(), f.citation(), f.supportingCitations(),
          f.evidence().stream().map(EvidenceView::of).toList(), f.thresholds(), f.differentials(),
          f.recommendedAction(), f.explanation());
    }
  }

  @GetMapping("/{id}/findings")
  @Operation(summary = "The member's state for every condition: uncontrolled (with findings), controlled, or unknown")
  public List<ConditionView> findings(@PathVariable String id) {
    patients.readOrThrow(id);
    return monitor.status(id, clock.instant()).stream().map(FindingsController::view).toList();
  }

  private static ConditionView view(ConditionStatus s) {
    return new ConditionView(s.condition().code(), s.status().code(), s.lastReading().orElse(null),
        s.findings().stream().map(FindingView::of).toList(), s.clearRules());
  }
}
