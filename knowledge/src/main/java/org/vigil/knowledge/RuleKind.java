package org.vigil.knowledge;

import com.fasterxml.jackson.annotation.JsonValue;

/** The few rule kinds Vigil knows; every concrete rule is one of these, written as data. */
public enum RuleKind {
  /** A single reading crosses a threshold. */
  THRESHOLD("threshold"),
  /** Daily means cross a threshold on a minimum number of separate days within a window. */
  CONFIRMATION("confirmation"),
  /** The mean of the readings within a window crosses a threshold. */
  WINDOWED_MEAN("windowed-mean"),
  /** The slope of an analyte over a window crosses a threshold. */
  TREND("trend"),
  /** The share of readings within a range, over a window dense enough, crosses a threshold. */
  TIME_IN_RANGE("time-in-range"),
  /** The latest reading misses the target of the member's category. */
  TARGET_BY_CATEGORY("target-by-category"),
  /** No reading for a while although the condition is uncontrolled (evaluated on a schedule). */
  ABSENCE("absence"),
  /** Several rules hold at once. */
  ALL_OF("all-of");

  private final String code;

  RuleKind(String code) {
    this.code = code;
  }

  @JsonValue
  public String code() {
    return code;
  }
}
