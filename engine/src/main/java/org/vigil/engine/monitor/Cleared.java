package org.vigil.engine.monitor;

import java.time.Instant;

/** A rule that no longer holds for a member, with enough data to say so: its open alert may resolve itself. */
public record Cleared(String patientId, String ruleId, String family, Condition condition, String reason,
    Instant asOf) {}
