package org.vigil.engine.monitor;

import java.util.Map;
import java.util.Optional;

/** What evaluating one rule found, before it is dressed as an explained finding. */
sealed interface Outcome {
  /**
   * The rule holds at {@code band}. {@code evidence} are record indices of the state; {@code observed} the
   * values compared (a reading's, a mean, a slope), by analyte.
   */
  record Met(Band band, int[] evidence, Map<String, Double> observed, String observedAs, Optional<Category> category,
      boolean pending, long since) implements Outcome {}

  /** There is enough data and the rule does not hold: an alert of its family may resolve itself. */
  record Clear(String reason) implements Outcome {}

  /** The rule cannot say: not this member's rule, not enough data, or inactive. */
  record Silent() implements Outcome {}

  Outcome SILENT = new Silent();

  default boolean met() {
    return this instanceof Met m && !m.pending();
  }
}
