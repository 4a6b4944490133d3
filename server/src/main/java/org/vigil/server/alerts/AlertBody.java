package org.vigil.server.alerts;

import java.time.Instant;
import java.util.List;
import org.vigil.engine.explain.AppliedThreshold;
import org.vigil.engine.explain.Citation;
import org.vigil.engine.explain.DifferentialResult;
import org.vigil.engine.monitor.Finding;

/**
 * The explanation an alert carries, stored as JSON: why, by which guideline, on which readings. {@code pending}:
 * one qualifying result so far, confirmation needed; {@code category}: the member's category of a
 * target-by-category rule; {@code memberAdvice}: safety advice sent to the member.
 */
public record AlertBody(
    String levelLabel,
    Citation citation,
    List<Citation> supportingCitations,
    List<EvidenceView> evidence,
    List<AppliedThreshold> thresholds,
    List<DifferentialResult> differentials,
    String recommendedAction,
    String explanation,
    Instant evaluatedAt,
    boolean pending,
    String category,
    String memberAdvice) {

  static AlertBody of(Finding f) {
    return new AlertBody(f.levelLabel(), f.citation(), f.supportingCitations(),
        f.evidence().stream().map(EvidenceView::of).toList(), f.thresholds(), f.differentials(),
        f.recommendedAction(), f.explanation(), f.asOf(), f.pending(), f.category().orElse(null),
        f.memberAdvice().orElse(null));
  }
}
