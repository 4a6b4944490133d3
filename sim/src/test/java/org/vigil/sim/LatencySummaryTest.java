package org.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {
  @Test
  void percentilesAreNearestRankLatencies() {
    // 1..100 ms, shuffled: p50 is the 50th fastest call, p95 the 95th, p99 the 99th.
    long[] nanos = LongStream.rangeClosed(1, 100).map(i -> ((i * 37) % 100 + 1) * 1_000_000).toArray();
    LatencySummary s = LatencySummary.ofNanos(nanos);
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.p50()).isEqualTo(Duration.ofMillis(50));
    assertThat(s.p95()).isEqualTo(Duration.ofMillis(95));
    assertThat(s.p99()).isEqualTo(Duration.ofMillis(99));
    assertThat(s.max()).isEqualTo(Duration.ofMillis(100));
    assertThat(s.describe()).isEqualTo("p50 50.00 ms, p95 95.00 ms, p99 99.00 ms, max 100.00 ms");
  }

  @Test
  void aSingleCallIsEveryPercentileAndNoCallsIsNone() {
    LatencySummary one = LatencySummary.ofNanos(new long[] {3_500_000});
    assertThat(one.p50()).isEqualTo(one.p99()).isEqualTo(Duration.ofNanos(3_500_000));
    assertThat(LatencySummary.ofNanos(new long[0])).isEqualTo(LatencySummary.NONE);
  }

  @Test
  void latenciesCollectedFromManyThreadsAreAllCounted() throws InterruptedException {
    Latencies latencies = new Latencies();
    Thread[] threads = new Thread[8];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = Thread.ofVirtual().start(() -> {
        for (int i = 1; i <= 1_000; i++) {
          latencies.record(i);
        }
      });
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(latencies.summary().count()).isEqualTo(8_000);
    assertThat(latencies.summary().max()).isEqualTo(Duration.ofNanos(1_000));
  }
}
