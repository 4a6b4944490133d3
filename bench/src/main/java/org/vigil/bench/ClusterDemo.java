package org.vigil.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigil.sim.MergedStream;
import org.vigil.sim.Population;
import org.vigil.sim.SimMember;
import org.vigil.sim.SimReading;
import org.vigil.stream.AlertEvent;
import org.vigil.stream.LocalKafka;
import org.vigil.stream.MonitorTopology;
import org.vigil.stream.ReadingEvent;
import org.vigil.stream.Reconciliation;
import org.vigil.stream.StreamEngine;
import org.vigil.stream.Topics;

/**
 * {@code ./vigil cluster-demo} (issue 8): an in-process KRaft cluster, the packaged server in Kafka mode and engine
 * instances as separate JVMs; a synthetic population's readings go through the server's device API; one engine is
 * killed (SIGKILL) in the middle and the others take its partitions over. At the end every decision on the alerts
 * topic is compared with a single-process replay of the readings topic, and every reading stored in PostgreSQL is
 * looked for on the readings topic: {@code readings: N, alerts: M, lost: L, duplicated: D} are those real counts.
 *
 * <p>{@code --mode bench} measures the Kafka path instead: readings/s acknowledged by the server (published with
 * acks=all, no engine running), then readings/s processed by one and by two engine instances from the same topic.
 */
public final class ClusterDemo {
  private static final String USAGE = """
      ClusterDemo --jar SERVER_JAR --work DIR --token-file FILE [options]
        --mode demo|bench   demo: kill an engine mid-stream and reconcile; bench: readings/s with 1 and 2 engines
        --brokers N         KRaft brokers in this JVM (default 3; 1 on a small machine)
        --partitions N      partitions of the readings and alerts topics (default 6)
        --engines N         engine instances (demo; default 2)
        --members N         synthetic members (default 300)
        --days N            days of readings per member (default 14)
        --batch N           readings per device API request (default 100)
        --clients N         concurrent requests (default 2)
        --kill-at F         demo: kill engine 1 after this fraction of the readings was sent (default 0.5)
        --seed S            population seed (default 20260101)
        --out FILE          also write the result (markdown) here""";
  private static final Pattern STORED_IDS = Pattern.compile("\"decisionsStored\"\\s*:\\s*(\\d+)");
  private static final Duration READY = Duration.ofMinutes(5);

  private final Args a;
  private final Path jar;
  private final Path work;
  private final String token;
  private final List<JvmProcess> engines = new ArrayList<>();
  private JvmProcess server;
  private VigilClient vigil;
  private String bootstrap;

  private ClusterDemo(Args a) throws Exception {
    this.a = a;
    this.jar = a.path("jar");
    this.work = a.path("work");
    this.token = VigilClient.tokenFrom(a.path("token-file"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("jar", null);
    d.put("work", null);
    d.put("token-file", null);
    d.put("mode", "demo");
    d.put("brokers", "3");
    d.put("partitions", "6");
    d.put("engines", "2");
    d.put("members", "300");
    d.put("days", "14");
    d.put("batch", "100");
    d.put("clients", "2");
    d.put("kill-at", "0.5");
    d.put("seed", "20260101");
    d.put("out", null);
    Args a = Args.parse("ClusterDemo", USAGE, d, args);
    ClusterDemo demo = new ClusterDemo(a);
    String md;
    boolean ok;
    try (LocalKafka kafka = new LocalKafka(a.integer("brokers"), demo.work.resolve("kafka"))) {
      demo.bootstrap = kafka.bootstrapServers();
      Topics.ensure(demo.bootstrap, a.integer("partitions"), 3);
      System.err.printf("ClusterDemo: %d broker(s) at %s, topics with %d partitions%n", a.integer("brokers"),
          demo.bootstrap, a.integer("partitions"));
      if (a.string("mode").equals("bench")) {
        md = demo.bench();
        ok = true;
      } else {
        Result r = demo.demo();
        md = r.markdown();
        ok = r.ok();
        System.out.println(r.line());
      }
    } finally {
      demo.stopAll();
    }
    System.err.print(md);
    if (a.path("out") != null) {
      Files.writeString(a.path("out"), md);
    }
    System.exit(ok ? 0 : 1);
  }

  /** What the demo found. */
  record Result(long sent, long acknowledged, long failedRequests, Reconciliation.Result decisions, int storedReadings,
      int readingsMissingFromTopic, long decisionsInPostgres, long distinctDecisionsOnTopic, String killed,
      String takeover, double seconds) {
    long lost() {
      return decisions.lost() + readingsMissingFromTopic;
    }

    boolean ok() {
      return lost() == 0 && decisions.duplicated() == 0 && decisions.unexpected() == 0 && decisions.mismatched() == 0
          && decisionsInPostgres == distinctDecisionsOnTopic && failedRequests == 0;
    }

    String line() {
      return "readings: " + storedReadings + ", alerts: " + decisions.findings() + ", lost: " + lost()
          + ", duplicated: " + decisions.duplicated();
    }

    String markdown() {
      return String.format(Locale.ROOT, """
          %s

          | what | count |
          |---|---:|
          | readings sent through the device API | %,d |
          | readings acknowledged (stored, then on Kafka with acks=all) | %,d |
          | requests that failed after retries | %,d |
          | readings stored in PostgreSQL | %,d |
          | ... of them missing from the readings topic | %,d |
          | decisions expected by the single-process replay | %,d |
          | decisions on the alerts topic (read committed) | %,d |
          | ... findings | %,d |
          | lost (expected, not on the topic) | %,d |
          | duplicated (on the topic more than once) | %,d |
          | unexpected (on the topic, not in the replay) | %,d |
          | mismatched (same decision, different content) | %,d |
          | distinct decisions on the topic / stored in PostgreSQL | %,d / %,d |

          Engine killed: %s. Then: %s. Wall time %.1f s. Result: %s.
          """, line(), sent, acknowledged, failedRequests, storedReadings, readingsMissingFromTopic,
          decisions.expected(), decisions.actual(), decisions.findings(), decisions.lost(), decisions.duplicated(),
          decisions.unexpected(), decisions.mismatched(), distinctDecisionsOnTopic, decisionsInPostgres, killed,
          takeover, seconds, ok() ? "all checks passed" : "CHECKS FAILED");
    }
  }

  private Result demo() throws Exception {
    long t0 = System.nanoTime();
    for (int i = 1; i <= a.integer("engines"); i++) {
      engines.add(startEngine(StreamEngine.APPLICATION_ID, i));
    }
    startServer();
    for (JvmProcess e : engines) {
      e.awaitLine("is running", READY);
    }
    List<SimMember> members = Population.generate(a.longValue("seed"), a.integer("members"));
    Setup.createMembers(vigil, members, 2);
    List<List<SimReading>> batches = batches(members);
    long total = batches.stream().mapToLong(List::size).sum();
    long killAt = (long) (total * Double.parseDouble(a.string("kill-at")));
    AtomicBoolean killed = new AtomicBoolean();
    String[] killedWhat = {"none"};
    Send s = send(batches, sent -> {
      if (sent >= killAt && engines.size() > 1 && killed.compareAndSet(false, true)) {
        try {
          engines.getFirst().kill();
          killedWhat[0] = String.format(Locale.ROOT, "engine 1 (pid %d) by SIGKILL after %,d of %,d readings",
              engines.getFirst().pid(), sent, total);
          System.err.println("  killed " + killedWhat[0]);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    System.err.printf("  sent %,d readings in %.1f s: %,d acknowledged, %,d duplicates, %,d requests failed%n",
        s.sent(), s.seconds(), s.stored(), s.duplicates(), s.failed());
    Topics.awaitCaughtUp(bootstrap, StreamEngine.APPLICATION_ID, Duration.ofMinutes(5));
    var readings = Reconciliation.readAll(bootstrap, MonitorTopology.READINGS_TOPIC, ReadingEvent.class);
    var alerts = Reconciliation.readAll(bootstrap, MonitorTopology.ALERTS_TOPIC, AlertEvent.class);
    long distinct = alerts.stream().map(AlertEvent::id).distinct().count();
    long inPostgres = awaitAlertStore(distinct, Duration.ofMinutes(3));
    Reconciliation.Result rec = Reconciliation.compare(readings, alerts);
    Set<Long> onTopic = new HashSet<>();
    readings.forEach(r -> onTopic.add(r.id()));
    int stored = 0;
    int missing = 0;
    try (Connection c = Setup.database(work.resolve("data"), null); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select id from observation")) {
      while (rs.next()) {
        stored++;
        if (!onTopic.contains(rs.getLong(1))) {
          missing++;
        }
      }
    }
    String takeover = engines.stream().filter(JvmProcess::alive).map(e -> {
      try {
        return e.lastLine("is running").replaceFirst("^.*?(Vigil engine)", "$1");
      } catch (java.io.IOException x) {
        return "(log unreadable: " + x.getMessage() + ")";
      }
    }).collect(java.util.stream.Collectors.joining("; "));
    return new Result(s.sent(), s.stored(), s.failed(), rec, stored, missing, inPostgres, distinct, killedWhat[0],
        takeover, (System.nanoTime() - t0) / 1e9);
  }

  private String bench() throws Exception {
    startServer();
    List<SimMember> members = Population.generate(a.longValue("seed"), a.integer("members"));
    Setup.createMembers(vigil, members, 2);
    Send s = send(batches(members), sent -> {});
    double ingest = s.stored() / s.seconds();
    System.err.printf("  ingest into Kafka: %,d readings in %.1f s = %,.0f readings/s (%,d requests failed)%n",
        s.stored(), s.seconds(), ingest, s.failed());
    long onTopic = Topics.readingsOnTopic(bootstrap);
    // The engines are measured alone: the server (and its alert store) stops, so the two cores are theirs.
    server.stop(Duration.ofSeconds(90));
    server = null;
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
        | stage | readings | seconds | readings/s | CPU s: engine instances / brokers (+ driver) |
        |---|---:|---:|---:|---|
        | device API -> PostgreSQL -> Kafka (acks=all), %d clients x %d readings, no engine | %,d | %.1f | %,.0f | |
        """, a.integer("clients"), a.integer("batch"), s.stored(), s.seconds(), ingest));
    for (int n = 1; n <= 2; n++) {
      String app = "vigil-bench-" + n + "-" + System.currentTimeMillis();
      List<JvmProcess> mine = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        mine.add(startEngine(app, i));
      }
      engines.addAll(mine);
      for (JvmProcess e : mine) {
        e.awaitLine("is running", READY);
      }
      // Timed from the moment every instance runs with its share of the partitions: what remains on the topic then
      // is processed by all n of them (startup and the first rebalance are not counted).
      long t0 = System.nanoTime();
      double[] cpu0 = mine.stream().mapToDouble(JvmProcess::cpuSeconds).toArray();
      double here0 = JvmProcess.cpuSecondsOfThisJvm();
      long remaining = Topics.lag(bootstrap, app);
      Topics.awaitCaughtUp(bootstrap, app, Duration.ofMinutes(10));
      double secs = (System.nanoTime() - t0) / 1e9;
      StringBuilder cpu = new StringBuilder();
      for (int i = 0; i < n; i++) {
        cpu.append(i == 0 ? "" : " + ").append(String.format(Locale.ROOT, "%.1f", mine.get(i).cpuSeconds() - cpu0[i]));
      }
      cpu.append(String.format(Locale.ROOT, " / %.1f", JvmProcess.cpuSecondsOfThisJvm() - here0));
      System.err.printf("  %d engine(s): %,d readings in %.1f s = %,.0f readings/s (of %,d on the topic); CPU s %s%n",
          n, remaining, secs, remaining / secs, onTopic, cpu);
      md.append(String.format(Locale.ROOT, "| readings topic -> %d engine instance(s) -> alerts topic (exactly-once)"
          + " | %,d | %.1f | %,.0f | %s |%n", n, remaining, secs, remaining / secs, cpu));
      for (JvmProcess e : mine) {
        e.stop(Duration.ofSeconds(60));
      }
    }
    return md.toString();
  }

  private List<List<SimReading>> batches(List<SimMember> members) {
    Instant end = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MINUTES);
    Instant start = end.minus(Duration.ofDays(a.integer("days")));
    List<SimReading> all = MergedStream.of(members, a.longValue("seed"), start, end).stream().toList();
    int size = a.integer("batch");
    List<List<SimReading>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += size) {
      out.add(all.subList(i, Math.min(all.size(), i + size)));
    }
    return out;
  }

  record Send(long sent, long stored, long duplicates, long failed, double seconds) {}

  /** Sends the batches with {@code clients} concurrent requests, retrying a refused one (503) a few times. */
  private Send send(List<List<SimReading>> batches, java.util.function.LongConsumer progress) throws Exception {
    AtomicLong sent = new AtomicLong();
    AtomicLong stored = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicInteger next = new AtomicInteger();
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(a.integer("clients"))) {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < a.integer("clients"); c++) {
        done.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
            byte[] body = Payloads.deviceBatch(batches.get(i));
            VigilClient.Answer ans = null;
            for (int attempt = 0; attempt < 5; attempt++) {
              ans = vigil.post("/api/v1/readings", VigilClient.JSON, body);
              if (ans.status() == 200) {
                break;
              }
              Thread.sleep(1_000);
            }
            if (ans.status() == 200) {
              long[] counts = ans.counts();
              stored.addAndGet(counts[0]);
              duplicates.addAndGet(counts[1]);
            } else {
              failed.incrementAndGet();
              System.err.println("  a request failed: " + ans.reason());
            }
            progress.accept(sent.addAndGet(batches.get(i).size()));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    return new Send(sent.get(), stored.get(), duplicates.get(), failed.get(), (System.nanoTime() - t0) / 1e9);
  }

  private JvmProcess startEngine(String applicationId, int instance) throws Exception {
    Path dir = work.resolve("engine-" + applicationId + "-" + instance);
    Files.createDirectories(dir);
    // Failure detection in seconds rather than the default 45 s, so the takeover is seen within the demo.
    return JvmProcess.main(jar, StreamEngine.class.getName(), List.of("-Xmx512m",
        "-Dvigil.engine.session.timeout.ms=6000", "-Dvigil.engine.heartbeat.interval.ms=1000"),
        List.of(bootstrap, dir.toString(), String.valueOf(instance), applicationId),
        work.resolve("engine-" + instance + ".log"), "engine " + instance + " of " + applicationId);
  }

  private void startServer() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = JvmProcess.jar(jar, List.of("-Xmx1g"), List.of("--server.port=" + port,
        "--vigil.data-dir=" + work.resolve("data"), "--vigil.kafka.bootstrap=" + bootstrap,
        "--vigil.kafka.partitions=" + a.integer("partitions"), "--vigil.security.rate-limit.enabled=false"),
        work.resolve("server.log"), "server");
    double s = server.awaitLine("Vigil is ready at", READY);
    System.err.printf("  server ready in %.1f s (Kafka mode)%n", s);
    vigil = new VigilClient(URI.create("http://localhost:" + port), token, Duration.ofSeconds(60));
  }

  /** Until the server's alert store holds as many decisions as the topic (and stays there); returns its count. */
  private long awaitAlertStore(long expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long stored = -1;
    while (System.nanoTime() < deadline) {
      VigilClient.Answer ans = vigil.get("/api/v1/stream");
      Matcher m = STORED_IDS.matcher(ans.text());
      if (ans.status() == 200 && m.find()) {
        stored = Long.parseLong(m.group(1));
        if (stored >= expected) {
          Thread.sleep(2_000); // anything more arriving would be a duplicate store: look again
          Matcher again = STORED_IDS.matcher(vigil.get("/api/v1/stream").text());
          return again.find() ? Long.parseLong(again.group(1)) : stored;
        }
      }
      Thread.sleep(500);
    }
    return stored;
  }

  private void stopAll() throws InterruptedException {
    for (JvmProcess e : engines) {
      e.stop(Duration.ofSeconds(30));
    }
    if (server != null) {
      server.stop(Duration.ofSeconds(90));
    }
  }
}
