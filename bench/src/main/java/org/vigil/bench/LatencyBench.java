package org.vigil.bench;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.vigil.sim.MergedStream;
import org.vigil.sim.Population;
import org.vigil.sim.SimMember;
import org.vigil.sim.SimReading;

/**
 * Reading → alert latency under a steady background load: how long after a device sends a crisis blood pressure
 * (systolic 185-204) can a health manager see the member's alert on the worklist API?
 *
 * <p>Background: {@code sim}'s population streaming its readings in time order as device API batches, paced to
 * {@code --rate} readings/s in all, from {@code --gateways} clients that each own a share of the members and send one
 * request at a time (when the server falls behind, the schedule slips and the achieved rate is what is reported).
 * Probes: at {@code --probes} per second (uniformly jittered), a fresh member (created beforehand, no readings yet)
 * gets one crisis reading in its own request; the clock starts before the request is sent and stops when
 * {@code GET /api/v1/worklist?patient=ID} (as an operator) first shows the member with an {@code htn-crisis} alert,
 * polled right after the ingest call answers and then every millisecond. Each probe runs on its own thread, so a
 * slow one does not delay the next. Only probes started after the warm-up count.
 */
public final class LatencyBench {
  private static final String USAGE = """
      LatencyBench: reading -> alert-on-the-worklist latency under a steady background load.
        --url U            server (default http://localhost:8080)
        --token-file F     file holding an operator's bearer token (required)
        --server-pid P     the server JVM's pid, for the CPU split (optional)
        --data-dir D       the server's data dir (PostgreSQL's CPU is measured through it; optional)
        --members N        background population (default 10000)
        --seed S           population seed (default 20260101)
        --rate R           background readings per second (default 10000; 0 = probes alone)
        --batch N          readings per background request (default 500)
        --gateways N       background clients, each with its own members and one request in flight (default 4)
        --probes P         crisis probes per second (default 5)
        --warmup S         seconds of load before measuring (default 15)
        --duration S       seconds measured (default 60)
        --jfr FILE         record the server (needs --server-pid) with JFR over the measured window
        --out FILE         write the result as markdown""";
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX",
      Locale.ROOT);
  private static final Duration PROBE_GIVE_UP = Duration.ofSeconds(60);

  private LatencyBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("url", "http://localhost:8080");
    d.put("token-file", null);
    d.put("server-pid", null);
    d.put("data-dir", null);
    d.put("members", "10000");
    d.put("seed", "20260101");
    d.put("rate", "10000");
    d.put("batch", "500");
    d.put("gateways", "4");
    d.put("probes", "5");
    d.put("warmup", "15");
    d.put("duration", "60");
    d.put("jfr", null);
    d.put("out", null);
    Args a = Args.parse("LatencyBench", USAGE, d, args);
    URI url = URI.create(a.string("url"));
    VigilClient vigil = new VigilClient(url, VigilClient.tokenFrom(a.path("token-file")), Duration.ofSeconds(120));
    double rate = a.decimal("rate");
    int batch = a.integer("batch");
    int gateways = a.integer("gateways");
    double probesPerSecond = a.decimal("probes");
    int warmup = a.integer("warmup");
    int duration = a.integer("duration");
    long seed = a.longValue("seed");
    CpuMeter cpu = new CpuMeter(a.optional("server-pid") == null ? 0 : a.longValue("server-pid"),
        a.path("data-dir") == null ? null : a.path("data-dir").resolve("postgres").resolve("postmaster.pid"));

    List<SimMember> members = Population.generate(seed, a.integer("members"));
    int probeCount = (int) Math.ceil(probesPerSecond * (warmup + duration) * 1.2) + 10;
    String run = Long.toString(System.currentTimeMillis(), 36);
    List<String> probeIds = new ArrayList<>();
    for (int i = 0; i < probeCount; i++) {
      probeIds.add(String.format(Locale.ROOT, "probe-%s-%05d", run, i));
    }
    System.err.printf("LatencyBench: %s, background %,d members at %,.0f readings/s in batches of %,d from %d"
        + " gateways, %.1f probes/s, warm-up %d s, measured %d s%n", url, members.size(), rate, batch, gateways,
        probesPerSecond, warmup, duration);
    if (rate > 0) {
      Setup.createMembers(vigil, members, 2);
    }
    Setup.createIds(vigil, probeIds, 2);

    // Enough background readings for the whole run, ending ten minutes ago, in time order over the population.
    double needed = rate * (warmup + duration) * 1.1;
    int days = rate > 0 ? (int) Math.ceil(needed / (2.0 * members.size())) + 1 : 1;
    Instant end = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MINUTES);
    List<Iterator<SimReading>> feeds = new ArrayList<>();
    for (int g = 0; g < gateways; g++) {
      List<SimMember> mine = new ArrayList<>();
      for (int i = g; i < members.size(); i += gateways) {
        mine.add(members.get(i));
      }
      feeds.add(MergedStream.of(mine, seed, end.minus(Duration.ofDays(days)), end).iterator());
    }

    long t0 = System.nanoTime();
    long measureFrom = t0 + Duration.ofSeconds(warmup).toNanos();
    long measureTo = measureFrom + Duration.ofSeconds(duration).toNanos();
    Percentiles.Recorder background = new Percentiles.Recorder();
    LongAdder backgroundReadings = new LongAdder();
    LongAdder backgroundFailures = new LongAdder();
    LongAdder slipped = new LongAdder();
    Map<String, Integer> reasons = new ConcurrentHashMap<>();
    Percentiles.Recorder ingestCall = new Percentiles.Recorder();
    Percentiles.Recorder toVisible = new Percentiles.Recorder();
    LongAdder polls = new LongAdder();
    LongAdder probeFailures = new LongAdder();
    AtomicInteger nextProbe = new AtomicInteger();
    CpuMeter.Sample[] cpuAt = new CpuMeter.Sample[2];

    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      // Each gateway owns its share of the members (no two requests ever wait on the same member's lock) and
      // sends one request at a time, every gateways * batch / rate seconds; a late answer delays its next batch.
      List<Thread> gatewayThreads = new ArrayList<>();
      for (int g = 0; g < gateways && rate > 0; g++) {
        Iterator<SimReading> feed = feeds.get(g);
        gatewayThreads.add(Thread.ofVirtual().start(() -> {
          long interval = (long) (gateways * batch / rate * 1e9);
          long due = t0;
          while (System.nanoTime() < measureTo) {
            LockSupport.parkNanos(due - System.nanoTime());
            List<SimReading> readings = new ArrayList<>(batch);
            while (readings.size() < batch && feed.hasNext()) {
              readings.add(feed.next());
            }
            if (readings.isEmpty()) {
              System.err.println("  background readings ran out");
              return;
            }
            long sentAt = System.nanoTime();
            VigilClient.Answer answer = vigil.post("/api/v1/readings", VigilClient.JSON,
                Payloads.deviceBatch(readings));
            String failure = IngestBench.failure(answer, readings.size(), false);
            if (sentAt >= measureFrom && sentAt < measureTo) {
              if (failure == null) {
                backgroundReadings.add(readings.size());
                background.add(answer.nanos());
              } else {
                backgroundFailures.increment();
                reasons.merge(failure, 1, Integer::sum);
              }
            }
            due += interval;
            if (System.nanoTime() > due) {
              slipped.increment();
            }
          }
        }));
      }

      Thread probes = Thread.ofVirtual().start(() -> {
        SplittableRandom random = new SplittableRandom(seed);
        long mean = (long) (1e9 / probesPerSecond);
        long next = t0 + mean;
        while (next < measureTo) {
          LockSupport.parkNanos(next - System.nanoTime());
          int i = nextProbe.getAndIncrement();
          if (i >= probeIds.size()) {
            break;
          }
          String member = probeIds.get(i);
          int systolic = 185 + random.nextInt(20);
          int diastolic = 100 + random.nextInt(16);
          pool.execute(() -> probe(vigil, member, systolic, diastolic, measureFrom, measureTo, ingestCall, toVisible,
              polls, probeFailures, reasons));
          next += mean / 2 + random.nextLong(mean + 1);
        }
      });

      // Progress, and CPU over the measured window.
      while (System.nanoTime() < measureTo) {
        Thread.sleep(1000);
        long now = System.nanoTime();
        if (cpuAt[0] == null && now >= measureFrom) {
          cpuAt[0] = cpu.sample();
          if (a.path("jfr") != null && a.optional("server-pid") != null) {
            Jcmd.startRecording(a.longValue("server-pid"), a.path("jfr"));
          }
        }
        if ((now - t0) / 1_000_000_000L % 5 == 0) {
          System.err.printf("  %4.0f s %-8s background %,d readings acknowledged, %d probes, %d failures%n",
              (now - t0) / 1e9, now < measureFrom ? "warm-up" : "measure", backgroundReadings.sum(),
              toVisible.values().length, backgroundFailures.sum() + probeFailures.sum());
        }
      }
      cpuAt[1] = cpu.sample();
      if (a.path("jfr") != null && a.optional("server-pid") != null) {
        Jcmd.stopRecording(a.longValue("server-pid"));
      }
      for (Thread g : gatewayThreads) {
        g.join();
      }
      probes.join();
    }

    double seconds = duration;
    Percentiles bg = Percentiles.ofNanos(background.values());
    Percentiles call = Percentiles.ofNanos(ingestCall.values());
    Percentiles visible = Percentiles.ofNanos(toVisible.values());
    CpuMeter.Usage usage = cpuAt[0] == null ? null : CpuMeter.between(cpuAt[0], cpuAt[1]);
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "## Reading -> alert latency %s%n%n",
        OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS)));
    b.append(String.format(Locale.ROOT, "Server %s. Background: %,d sim members, target %,.0f readings/s as device"
        + " API batches of %,d from %d gateways (each its own members, one request in flight); probes: %.1f/s, each"
        + " a fresh member's crisis BP (systolic 185-204) in its own request, timed until"
        + " `GET /api/v1/worklist?patient=ID` shows the htn-crisis alert."
        + " Warm-up %d s, measured %d s. Options: `%s`.%n%n", url, members.size(), rate, batch, gateways,
        probesPerSecond, warmup, duration, a.describe()));
    b.append(String.format(Locale.ROOT, "Background achieved: **%,.0f readings/s** acknowledged (target %,.0f)"
        + "%s; %d failed requests%s.%n%n", backgroundReadings.sum() / seconds, rate,
        slipped.sum() > 0 ? String.format(Locale.ROOT, "; the server fell behind: %,d batches were answered after"
            + " the next one was due", slipped.sum()) : "; on schedule",
        backgroundFailures.sum(), reasons.isEmpty() ? "" : " " + reasons));
    b.append("| | ").append(Percentiles.header()).append(" |\n|---|---|---|---|---|---|---|---|\n");
    b.append("| background batch (").append(batch).append(" readings) | ").append(bg.cells()).append(" |\n");
    b.append("| probe: ingest call answered (alert committed) | ").append(call.cells()).append(" |\n");
    b.append("| **probe: reading sent -> alert on the worklist** | ").append(visible.cells()).append(" |\n\n");
    b.append(String.format(Locale.ROOT, "Worklist polls per probe: %.2f on average (the alert is committed before"
        + " the ingest call answers, so the first poll should see it). Probes that failed or never showed an"
        + " alert: %d.%n%n", visible.count() == 0 ? 0 : polls.sum() / (double) visible.count(), probeFailures.sum()));
    if (usage != null) {
      b.append("CPU while measuring: ").append(usage.describe()).append(".\n\n");
    }
    b.append(String.format(Locale.ROOT, "Target p99 <= 100 ms at 10,000 readings/s: **%s** (p50 %.1f ms, p99 %.1f"
        + " ms at %,.0f background readings/s).%n", visible.count() > 0
        && visible.p99() <= 100
        && probeFailures.sum() == 0 && backgroundReadings.sum() / seconds >= 10_000 ? "met" : "not met",
        visible.p50(), visible.p99(), backgroundReadings.sum() / seconds));
    System.out.print(b);
    if (a.path("out") != null) {
      Files.writeString(a.path("out"), b.toString());
    }
  }

  private static void probe(VigilClient vigil, String member, int systolic, int diastolic, long measureFrom,
      long measureTo, Percentiles.Recorder ingestCall, Percentiles.Recorder toVisible, LongAdder polls,
      LongAdder failures, Map<String, Integer> reasons) {
    String effective = SECONDS.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).minusSeconds(1));
    byte[] body = Payloads.batchOf(List.of(Payloads.bp(member + "-crisis", member, systolic, diastolic, effective,
        "bench:probe-cuff")));
    long start = System.nanoTime();
    boolean counted = start >= measureFrom && start < measureTo;
    VigilClient.Answer answer = vigil.post("/api/v1/readings", VigilClient.JSON, body);
    long answered = System.nanoTime();
    String failure = IngestBench.failure(answer, 1, false);
    if (failure != null) {
      if (counted) {
        failures.increment();
        reasons.merge("probe: " + failure, 1, Integer::sum);
      }
      return;
    }
    int n = 0;
    while (true) {
      n++;
      VigilClient.Answer list = vigil.get("/api/v1/worklist?patient=" + member);
      if (list.status() == 200 && list.text().contains("\"htn-crisis\"")) {
        break;
      }
      if (System.nanoTime() - start > PROBE_GIVE_UP.toNanos()) {
        if (counted) {
          failures.increment();
          reasons.merge("probe: no alert on the worklist after " + PROBE_GIVE_UP.toSeconds() + " s ("
              + list.reason() + ")", 1, Integer::sum);
        }
        return;
      }
      LockSupport.parkNanos(1_000_000);
    }
    long visible = System.nanoTime();
    if (counted) {
      ingestCall.add(answered - start);
      toVisible.add(visible - start);
      polls.add(n);
    }
  }
}
