package org.vigil.knowledge;

/** What a confirmation rule reports while fewer results than required qualify so far ("repeat to confirm"). */
public record PendingBand(String level, String label, String severity, String recommendedAction) {}
