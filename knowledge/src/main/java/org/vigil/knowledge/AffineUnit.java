package org.vigil.knowledge;

/** A unit related to the canonical one by {@code canonical = value * multiply + add} (HbA1c IFCC to NGSP). */
public record AffineUnit(String unit, Double multiply, Double add, String knowledgeRef) {
  public double toCanonical(double value) {
    return value * multiply + add;
  }
}
