package org.vigil.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigil.sim.MergedStream;
import org.vigil.sim.Population;
import org.vigil.sim.SimMember;
import org.vigil.sim.SimReading;

/**
 * Soak: a steady device API load for a long time, reporting per interval what was acknowledged, what failed, the
 * request latency and the server's memory, so a leak or a slow drift shows as a trend: heap used and committed and
 * the old generation ({@code jcmd GC.heap_info}, {@code jstat -gc}), the JVM's resident set, and the database size.
 * The goal is a flat old generation once every member's monitor state has reached its bounded size.
 *
 * <p>Load: {@code sim}'s population in time order, from {@code --gateways} clients that each own a share of the
 * members and send one request at a time, paced to {@code --rate} readings/s in all; a late answer delays that
 * gateway's next batch (counted as slipped), so the achieved rate is what the server sustains.
 */
public final class SoakBench {
  private static final String USAGE = """
      SoakBench: steady load for a long time; errors, latency and server memory per interval.
        --url U            server (default http://localhost:8080)
        --token-file F     file holding an operator's bearer token (required)
        --server-pid P     the server JVM's pid (heap and RSS are read from it; required)
        --data-dir D       the server's data dir (database size; optional)
        --members N        population (default 50000)
        --seed S           (default 20260101)
        --rate R           readings per second (default 20000)
        --batch N          readings per request (default 1000)
        --gateways N       clients, each its own members and one request in flight (default 4)
        --duration S       seconds (default 3600)
        --interval S       seconds per reported interval (default 60)
        --out FILE         write the result as markdown""";
  /** {@code garbage-first heap   total reserved 6172672K, committed 393216K, used 11352K}: committed, used. */
  private static final Pattern HEAP = Pattern.compile(
      "heap\\s+total\\s+(?:reserved\\s+\\d+K,\\s+committed\\s+)?(\\d+)K,\\s+used\\s+(\\d+)K");

  private SoakBench() {}

  /** One interval's figures. */
  record Interval(double fromSeconds, long readings, double perSecond, Percentiles latency, long failures,
      long slipped, long heapUsedKb, long heapCommittedKb, long oldUsedKb, long rssKb, long dbBytes) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("url", "http://localhost:8080");
    d.put("token-file", null);
    d.put("server-pid", null);
    d.put("data-dir", null);
    d.put("members", "50000");
    d.put("seed", "20260101");
    d.put("rate", "20000");
    d.put("batch", "1000");
    d.put("gateways", "4");
    d.put("duration", "3600");
    d.put("interval", "60");
    d.put("out", null);
    Args a = Args.parse("SoakBench", USAGE, d, args);
    URI url = URI.create(a.string("url"));
    VigilClient vigil = new VigilClient(url, VigilClient.tokenFrom(a.path("token-file")), Duration.ofMinutes(2));
    long pid = a.longValue("server-pid");
    Path dataDir = a.path("data-dir");
    double rate = a.decimal("rate");
    int batch = a.integer("batch");
    int gateways = a.integer("gateways");
    int duration = a.integer("duration");
    int interval = a.integer("interval");
    long seed = a.longValue("seed");

    List<SimMember> members = Population.generate(seed, a.integer("members"));
    System.err.printf("SoakBench: %s, %,d members, %,.0f readings/s in batches of %,d from %d gateways, %d s,"
        + " reporting every %d s%n", url, members.size(), rate, batch, gateways, duration, interval);
    Setup.createMembers(vigil, members, 2);
    // Enough days of device streams for the whole run. The sim's members average about 1.4 readings a day (the
    // first hour-long run assumed 2 and ran out after 41 minutes); 1 a day leaves a margin.
    int days = (int) Math.ceil(rate * duration * 1.1 / members.size()) + 1;
    Instant end = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MINUTES);

    Percentiles.Recorder latency = new Percentiles.Recorder();
    LongAdder readings = new LongAdder();
    LongAdder failures = new LongAdder();
    LongAdder slipped = new LongAdder();
    Map<String, Integer> reasons = new ConcurrentHashMap<>();
    long t0 = System.nanoTime();
    long stopAt = t0 + Duration.ofSeconds(duration).toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int g = 0; g < gateways; g++) {
      List<SimMember> mine = new ArrayList<>();
      for (int i = g; i < members.size(); i += gateways) {
        mine.add(members.get(i));
      }
      Iterator<SimReading> feed = MergedStream.of(mine, seed, end.minus(Duration.ofDays(days)), end).iterator();
      threads.add(Thread.ofVirtual().start(() -> {
        long every = (long) (gateways * batch / rate * 1e9);
        long due = t0;
        while (System.nanoTime() < stopAt) {
          LockSupport.parkNanos(due - System.nanoTime());
          List<SimReading> part = new ArrayList<>(batch);
          while (part.size() < batch && feed.hasNext()) {
            part.add(feed.next());
          }
          if (part.isEmpty()) {
            System.err.println("  a gateway's readings ran out");
            return;
          }
          VigilClient.Answer answer = vigil.post("/api/v1/readings", VigilClient.JSON, Payloads.deviceBatch(part));
          String failure = IngestBench.failure(answer, part.size(), false);
          if (failure == null) {
            readings.add(part.size());
            latency.add(answer.nanos());
          } else {
            failures.increment();
            reasons.merge(failure.length() > 160 ? failure.substring(0, 160) : failure, 1, Integer::sum);
          }
          due += every;
          if (System.nanoTime() > due) {
            slipped.increment();
          }
        }
      }));
    }

    List<Interval> intervals = new ArrayList<>();
    long lastReadings = 0;
    long lastFailures = 0;
    long lastSlipped = 0;
    long from = t0;
    while (from < stopAt) {
      long next = Math.min(stopAt, from + Duration.ofSeconds(interval).toNanos());
      LockSupport.parkNanos(next - System.nanoTime());
      long now = System.nanoTime();
      long r = readings.sum();
      long f = failures.sum();
      long s = slipped.sum();
      long[] heap = heap(pid);
      Interval i = new Interval((from - t0) / 1e9, r - lastReadings, (r - lastReadings) / ((now - from) / 1e9),
          Percentiles.ofNanos(latency.drain()), f - lastFailures, s - lastSlipped, heap[0], heap[1], oldUsed(pid),
          rss(pid), dbSize(dataDir));
      intervals.add(i);
      System.err.printf(Locale.ROOT, "  %5.0f s  %,8.0f readings/s  p99 %7.1f ms  failures %d  heap used %,d MB"
          + " (committed %,d MB, old %,d MB)  RSS %,d MB  database %,d MB%n", (now - t0) / 1e9, i.perSecond(),
          i.latency().p99(), i.failures(), i.heapUsedKb() >> 10, i.heapCommittedKb() >> 10, i.oldUsedKb() >> 10,
          i.rssKb() >> 10, i.dbBytes() >> 20);
      lastReadings = r;
      lastFailures = f;
      lastSlipped = s;
      from = now;
    }
    for (Thread t : threads) {
      t.join();
    }
    String md = markdown(a, url, members.size(), rate, batch, gateways, duration, intervals, readings.sum(),
        failures.sum(), reasons);
    System.out.print(md);
    if (a.path("out") != null) {
      Files.writeString(a.path("out"), md);
    }
  }

  /** Heap used and committed (KB) from {@code jcmd GC.heap_info}; -1 when unreadable. */
  static long[] heap(long pid) {
    Matcher m = HEAP.matcher(Jcmd.run(pid, "GC.heap_info"));
    return m.find() ? new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(1))} : new long[] {-1, -1};
  }

  /** The old generation's use (KB) from {@code jstat -gc} (its OU column); -1 when unreadable. */
  static long oldUsed(long pid) {
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
          Long.toString(pid)).redirectErrorStream(true).start();
      String[] lines = new String(p.getInputStream().readAllBytes()).strip().split("\n");
      p.waitFor();
      if (lines.length < 2) {
        return -1;
      }
      List<String> head = List.of(lines[0].trim().split("\\s+"));
      String[] values = lines[1].trim().split("\\s+");
      int ou = head.indexOf("OU");
      return ou < 0 ? -1 : (long) Double.parseDouble(values[ou]);
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static long rss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D+", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private static long dbSize(Path dataDir) {
    if (dataDir == null) {
      return -1;
    }
    try (Connection c = Setup.database(dataDir, null); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select pg_database_size(current_database())")) {
      rs.next();
      return rs.getLong(1);
    } catch (IOException | SQLException e) {
      return -1;
    }
  }

  private static String markdown(Args a, URI url, int members, double rate, int batch, int gateways, int duration,
      List<Interval> intervals, long readings, long failures, Map<String, Integer> reasons) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "## Soak %s%n%n", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS)));
    b.append(String.format(Locale.ROOT, "Server %s; %,d sim members; target %,.0f readings/s as device API batches"
        + " of %,d from %d gateways (each its own members, one request in flight); %d s. Options: `%s`.%n%n", url,
        members, rate, batch, gateways, duration, a.describe()));
    b.append("| from s | readings/s | requests | p50 ms | p99 ms | failed | late | heap used MB | heap committed MB"
        + " | old gen MB | RSS MB | database MB |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Interval i : intervals) {
      b.append(String.format(Locale.ROOT, "| %.0f | %,.0f | %,d | %.1f | %.1f | %d | %d | %,d | %,d | %,d | %,d |"
          + " %,d |%n", i.fromSeconds(), i.perSecond(), i.latency().count(), i.latency().p50(), i.latency().p99(),
          i.failures(), i.slipped(), i.heapUsedKb() >> 10, i.heapCommittedKb() >> 10, i.oldUsedKb() >> 10,
          i.rssKb() >> 10, i.dbBytes() >> 20));
    }
    double achieved = readings / (double) duration;
    b.append(String.format(Locale.ROOT, "%nIn all: %,d readings acknowledged (%,.0f/s; target %,.0f/s: %s), %d failed"
        + " requests%s.%n", readings, achieved, rate, achieved >= rate * 0.99 ? "met" : "not met", failures,
        reasons.isEmpty() ? "" : " " + reasons));
    if (intervals.size() >= 2) {
      Interval first = intervals.getFirst();
      Interval last = intervals.getLast();
      long maxOld = intervals.stream().mapToLong(Interval::oldUsedKb).max().orElse(-1);
      b.append(String.format(Locale.ROOT, "Old generation first/last/max: %,d / %,d / %,d MB; RSS first/last: %,d /"
          + " %,d MB.%n", first.oldUsedKb() >> 10, last.oldUsedKb() >> 10, maxOld >> 10, first.rssKb() >> 10,
          last.rssKb() >> 10));
    }
    return b.toString();
  }
}
