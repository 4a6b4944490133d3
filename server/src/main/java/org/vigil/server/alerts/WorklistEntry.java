package org.vigil.server.alerts;

import java.time.Instant;
import java.util.List;

/** One member on the worklist: their most severe open alert first, then the others. */
public record WorklistEntry(
    String patientId, String patientName, String maxSeverity, Instant oldestOpenedAt, List<AlertView> alerts) {}
