package org.vigil.engine.monitor;

import java.time.Instant;
import java.util.List;
import org.vigil.engine.explain.AppliedThreshold;
import org.vigil.engine.explain.Citation;
import org.vigil.engine.explain.DifferentialResult;
import org.vigil.engine.explain.EvidenceItem;

/**
 * A rule met for a member, with everything needed to explain it: which rule and profile, which guideline,
 * which readings, which thresholds, which differentials, what to do, and a readable explanation. A
 * {@code pending} finding is a confirmation rule that has one qualifying result so far ("repeat to confirm");
 * {@code category} is the member's category of a target-by-category rule; {@code memberAdvice} is safety advice
 * to send the member at once.
 */
public record Finding(
    String patientId,
    String ruleId,
    String family,
    Condition condition,
    Severity severity,
    String level,
    String levelLabel,
    String profileId,
    String knowledgeVersion,
    Citation citation,
    List<Citation> supportingCitations,
    List<EvidenceItem> evidence,
    List<AppliedThreshold> thresholds,
    List<DifferentialResult> differentials,
    String recommendedAction,
    String explanation,
    Instant asOf,
    boolean pending,
    java.util.Optional<String> category,
    java.util.Optional<String> memberAdvice,
    boolean autoResolve) {

  public Finding {
    supportingCitations = List.copyOf(supportingCitations);
    evidence = List.copyOf(evidence);
    thresholds = List.copyOf(thresholds);
    differentials = List.copyOf(differentials);
  }
}
