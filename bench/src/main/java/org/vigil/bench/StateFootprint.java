package org.vigil.bench;

import java.lang.ref.Reference;
import java.util.Arrays;
import org.vigil.engine.monitor.Monitor;
import org.vigil.engine.monitor.PatientState;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * Bytes of monitor state per member, measured two ways over the same pre-warmed states as
 * {@link MonitorBenchmark} (realistic mix): the engine's own estimate ({@link PatientState#approximateBytes})
 * and the growth of the live heap while N states are built and retained.
 *
 * <p>Usage: {@code StateFootprint [members] [historyDays...]}; default 100000 members, 14 and 91 days.
 */
public final class StateFootprint {
  private StateFootprint() {}

  public static void main(String[] args) throws InterruptedException {
    int members = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int[] histories = args.length > 1
        ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {14, 91};
    Monitor monitor = Monitor.forProfile(KnowledgeLoader.loadDefault(), MonitorBenchmark.PROFILE);
    Runtime rt = Runtime.getRuntime();
    System.out.printf("State footprint, profile %s, realistic mix, %,d members; JVM %s, max heap %,d MB%n",
        MonitorBenchmark.PROFILE, members, Runtime.version(), rt.maxMemory() >> 20);
    for (int days : histories) {
      measure(monitor, members, days);
    }
  }

  private static void measure(Monitor monitor, int members, int days) throws InterruptedException {
    // Allocated before the baseline so neither the cohort's generator nor the array holding the states is
    // counted: the delta is the states alone.
    Cohort cohort = new Cohort(members, Cohort.Mix.REALISTIC, MonitorBenchmark.COHORT_SEED);
    PatientState[] states = new PatientState[members];
    long before = settledUsedHeap();
    PatientState[] built = cohort.prewarm(monitor, days);
    System.arraycopy(built, 0, states, 0, members);
    built = null;
    long after = settledUsedHeap();

    long points = 0;
    long approximate = 0;
    for (PatientState s : states) {
      points += s.size();
      approximate += s.approximateBytes();
    }
    double perMember = (double) (after - before) / members;
    System.out.printf("%n%d days of history (%.1f points per state, %.1f readings):%n",
        days, (double) points / members, (double) points / members / 2);
    System.out.printf("  approximateBytes(), the engine's own formula (arrays only):  %,8.0f bytes/member%n",
        (double) approximate / members);
    System.out.printf("  measured: live-heap growth after GC, %,d states retained:  %,8.0f bytes/member"
        + "  (%,d -> %,d bytes used)%n", members, perMember, before, after);
    // Both were allocated before the baseline: keep them live through the second measurement.
    Reference.reachabilityFence(states);
    Reference.reachabilityFence(cohort);
  }

  /** Used heap once repeated full GCs stop changing it (so only live objects remain). */
  private static long settledUsedHeap() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 20; i++) {
      System.gc();
      Thread.sleep(50);
      long now = rt.totalMemory() - rt.freeMemory();
      if (Math.abs(used - now) < 16 * 1024) {
        return now;
      }
      used = now;
    }
    return used;
  }
}
