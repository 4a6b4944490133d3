package org.vigil.knowledge;

/**
 * Which readings a rule looks at by their circumstances; null means "either". {@code period} selects an
 * ambulatory (ABPM) summary: {@code 24h}, {@code day} or {@code night}.
 */
public record ContextFilter(Boolean fasting, Boolean symptoms, Boolean cgm, String period) {}
