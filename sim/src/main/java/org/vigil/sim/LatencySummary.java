package org.vigil.sim;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Latency percentiles of a set of HTTP calls, by the nearest-rank method (p95 is a latency some call actually
 * had, never an interpolation between two).
 */
public record LatencySummary(int count, Duration p50, Duration p95, Duration p99, Duration max) {

  public static final LatencySummary NONE =
      new LatencySummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /** Summarises latencies given in nanoseconds; the array is not changed. */
  public static LatencySummary ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return NONE;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new LatencySummary(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
        Duration.ofNanos(sorted[sorted.length - 1]));
  }

  private static Duration rank(long[] sorted, int percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return Duration.ofNanos(sorted[Math.max(rank, 1) - 1]);
  }

  /** "p50 3.10 ms, p95 7.20 ms, p99 12.00 ms, max 30.05 ms". */
  public String describe() {
    return count == 0 ? "no calls" : String.format(Locale.ROOT, "p50 %s, p95 %s, p99 %s, max %s",
        ms(p50), ms(p95), ms(p99), ms(max));
  }

  private static String ms(Duration d) {
    return String.format(Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
  }
}
