package org.vigil.server.alerts;

import java.time.Instant;

/** One change in an alert's life: who did what, when, with what detail. */
public record AlertEvent(long alertId, Instant at, String actor, String action, String detail) {}
