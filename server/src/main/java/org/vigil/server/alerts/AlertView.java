package org.vigil.server.alerts;

import java.time.Instant;
import java.util.List;
import org.vigil.engine.explain.AppliedThreshold;
import org.vigil.engine.explain.Citation;
import org.vigil.engine.explain.DifferentialResult;

/**
 * An alert as the API returns it: what, for whom, how severe, where it stands in its lifecycle, and the whole
 * explanation (guideline citation, the readings used, thresholds applied, differentials, recommended action,
 * text).
 */
public record AlertView(
    long id,
    String patientId,
    String condition,
    String family,
    String ruleId,
    String level,
    String levelLabel,
    String severity,
    String status,
    boolean pending,
    String category,
    String profile,
    String knowledgeVersion,
    Citation citation,
    List<Citation> supportingCitations,
    List<EvidenceView> evidence,
    List<AppliedThreshold> thresholds,
    List<DifferentialResult> differentials,
    String recommendedAction,
    String explanation,
    String memberAdvice,
    Instant openedAt,
    Instant updatedAt,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant snoozedUntil,
    String snoozeReason,
    Instant escalateAt,
    Instant escalatedAt,
    String escalatedTo,
    Instant resolvedAt,
    String resolvedBy,
    String resolution) {}
