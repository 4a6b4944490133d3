package org.vigil.engine.monitor;

import java.util.Map;
import java.util.Optional;

/** What evaluating one rule found, before it is dressed as an explained finding. */
sealed interface Outcome {
  /**
   * The rule holds at {@code band}. {@code evidence} are record indices of the state ({@code derivedInputs} those
   * among them used only to derive a value, such as the height behind a BMI); {@code observed} the values compared
   * (a reading's, a mean, a slope), by analyte; {@code thresholdsOf} the band whose thresholds were applied (for a
   * pending confirmation, the band the results met so far); {@code sinceRecord} the last reading of an absence.
   */
  record Met(Band band, int[] evidence, Map<String, Double> observed, String observedAs, Optional<Category> category,
      boolean pending, int sinceRecord, Band thresholdsOf, int[] derivedInputs) implements Outcome {

    Met(Band band, int[] evidence, Map<String, Double> observed, String observedAs, Optional<Category> category) {
      this(band, evidence, observed, observedAs, category, false, -1, band, new int[0]);
    }
  }

  /** There is enough data and the rule does not hold: an alert of its family may resolve itself. */
  record Clear(String reason) implements Outcome {}

  /** The rule cannot say: not this member's rule, not enough data, or inactive. */
  record Silent() implements Outcome {}

  Outcome SILENT = new Silent();

  default boolean met() {
    return this instanceof Met m && !m.pending();
  }
}
