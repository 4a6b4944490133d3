package org.vigil.engine.units;

/** Why an input was refused: the field it concerns and the reason, in words a client developer can act on. */
public record Problem(String field, String reason) {
  @Override
  public String toString() {
    return field + ": " + reason;
  }
}
