package org.vigil.knowledge;

import com.fasterxml.jackson.annotation.JsonValue;

/** The few rule kinds Vigil knows; every concrete rule is one of these, written as data. */
public enum RuleKind {
  /** A single reading crosses a threshold. */
  THRESHOLD("threshold"),
  /** Daily means cross a threshold on a minimum number of separate days within a window. */
  CONFIRMATION("confirmation"),
  /** The mean of the readings within a window crosses a threshold. */
  WINDOWED_MEAN("windowed-mean");

  private final String code;

  RuleKind(String code) {
    this.code = code;
  }

  @JsonValue
  public String code() {
    return code;
  }
}
