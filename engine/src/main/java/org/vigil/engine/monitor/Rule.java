package org.vigil.engine.monitor;

import java.time.Duration;
import java.util.List;

/** The rule kinds. A concrete rule is one of these, compiled from cited YAML (ADR 0005). */
public sealed interface Rule {
  RuleInfo info();

  /** How far back this rule reads each setting's readings (the state keeps at least that much). */
  Duration lookback();

  /** A single reading meets a band. */
  record ThresholdRule(RuleInfo info) implements Rule {
    @Override
    public Duration lookback() {
      return Duration.ofDays(1);
    }
  }

  /**
   * Results meeting a band on {@code minDays} separate local days, or {@code minResults} results, within
   * {@code window}. With {@code dailyMean} a day's readings are averaged first.
   */
  record ConfirmationRule(RuleInfo info, Duration window, int minDays, int minResults, boolean dailyMean,
      java.util.Optional<Band> pending) implements Rule {
    @Override
    public Duration lookback() {
      return window;
    }
  }

  /** The mean of at least {@code minReadings} readings within {@code window} meets a band. */
  record WindowedMeanRule(RuleInfo info, Duration window, int minReadings) implements Rule {
    @Override
    public Duration lookback() {
      return window;
    }
  }

  /** The least-squares slope of {@code analyte} over {@code window}, per {@code per}, meets a band. */
  record TrendRule(RuleInfo info, Duration window, int minReadings, String analyte, Duration per) implements Rule {
    @Override
    public Duration lookback() {
      return window;
    }
  }

  /** The share (%) of readings of {@code analyte} within [low, high] over {@code window} meets a band. */
  record TimeInRangeRule(RuleInfo info, Duration window, int minReadings, String analyte, double low, double high)
      implements Rule {
    @Override
    public Duration lookback() {
      return window;
    }
  }

  /** The latest reading misses the target of the member's category. */
  record TargetByCategoryRule(RuleInfo info, List<Category> categories, java.util.Optional<Category> unknown)
      implements Rule {
    @Override
    public Duration lookback() {
      return Duration.ZERO;
    }
  }

  /** No reading of {@code analytes} for {@code interval} while {@code whileUncontrolled} is uncontrolled. */
  record AbsenceRule(RuleInfo info, List<String> analytes, Duration interval, Condition whileUncontrolled)
      implements Rule {
    @Override
    public Duration lookback() {
      return Duration.ZERO;
    }
  }

  /** Every rule in {@code ruleIds} holds at once. */
  record AllOfRule(RuleInfo info, List<String> ruleIds) implements Rule {
    @Override
    public Duration lookback() {
      return Duration.ZERO;
    }
  }
}
