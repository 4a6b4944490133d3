package org.vigil.knowledge;

/** A closed numeric range in an analyte's canonical unit. */
public record Range(Double min, Double max) {
  public boolean contains(double value) {
    return value >= min && value <= max;
  }
}
