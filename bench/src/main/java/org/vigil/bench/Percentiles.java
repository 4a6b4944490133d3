package org.vigil.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latency figures of a set of samples, in milliseconds: nearest-rank percentiles over every sample (no histogram
 * bucketing, no coordinated-omission correction: the drivers that pace their load say how they treat lateness).
 */
record Percentiles(int count, double p50, double p90, double p99, double p999, double max, double mean) {
  static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0, 0, 0);

  static Percentiles ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return NONE;
    }
    long[] s = nanos.clone();
    Arrays.sort(s);
    double sum = 0;
    for (long v : s) {
      sum += v;
    }
    return new Percentiles(s.length, ms(rank(s, 0.50)), ms(rank(s, 0.90)), ms(rank(s, 0.99)), ms(rank(s, 0.999)),
        ms(s[s.length - 1]), sum / s.length / 1e6);
  }

  private static long rank(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** {@code | n | p50 | p90 | p99 | p99.9 | max | mean |} cells (without the leading and trailing bar). */
  String cells() {
    return String.format(Locale.ROOT, "%,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f", count, p50, p90, p99, p999,
        max, mean);
  }

  static String header() {
    return "requests | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | mean ms";
  }

  /** A growable, thread-safe list of nanosecond samples. */
  static final class Recorder {
    private long[] values = new long[256];
    private int n;

    synchronized void add(long nanos) {
      if (n == values.length) {
        values = Arrays.copyOf(values, n * 2);
      }
      values[n++] = nanos;
    }

    synchronized long[] values() {
      return Arrays.copyOf(values, n);
    }

    synchronized long[] drain() {
      long[] out = Arrays.copyOf(values, n);
      n = 0;
      return out;
    }
  }
}
