package org.vigil.engine.monitor;

import java.time.Duration;

/** The rule kinds. A concrete rule is one of these, compiled from cited YAML. */
public sealed interface Rule {
  RuleInfo info();

  /** The span of history this rule looks at (zero for single-reading rules). */
  Duration lookback();

  /** A single reading crosses a band's thresholds. */
  record ThresholdRule(RuleInfo info) implements Rule {
    @Override
    public Duration lookback() {
      return Duration.ofDays(1);
    }
  }

  /** Daily means reach a band on at least {@code minDays} separate days within {@code window}. */
  record ConfirmationRule(RuleInfo info, Duration window, int minDays) implements Rule {
    @Override
    public Duration lookback() {
      return window;
    }
  }

  /** The mean of at least {@code minReadings} readings within {@code window} reaches a band. */
  record WindowedMeanRule(RuleInfo info, Duration window, int minReadings) implements Rule {
    @Override
    public Duration lookback() {
      return window;
    }
  }
}
