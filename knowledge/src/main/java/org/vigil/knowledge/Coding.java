package org.vigil.knowledge;

/** A code in a code system. */
public record Coding(String system, String code) {}
