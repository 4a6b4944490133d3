package org.vigil.server.alerts;

import java.time.Instant;
import java.util.List;

/**
 * One member on the worklist: their most severe open alert first, then the others. Members are ordered by their
 * most severe alert, then their Five-Highs tier, then how long they have waited.
 */
public record WorklistEntry(
    String patientId, String patientName, String maxSeverity, String tier, Instant oldestOpenedAt,
    List<AlertView> alerts) {}
