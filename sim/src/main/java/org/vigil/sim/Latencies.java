package org.vigil.sim;

import java.util.Arrays;

/** Collects call latencies from many threads; a growing array of longs, so a million calls cost 8 MB. */
final class Latencies {
  private long[] nanos = new long[1024];
  private int count;

  synchronized void record(long elapsedNanos) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = elapsedNanos;
  }

  synchronized LatencySummary summary() {
    return LatencySummary.ofNanos(Arrays.copyOf(nanos, count));
  }
}
