package org.vigil.engine.explain;

/** An alternative explanation considered, whether the evidence excludes it, and why. */
public record DifferentialResult(String id, String name, boolean excluded, String reason) {}
