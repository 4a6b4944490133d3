package org.vigil.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.vigil.sim.MergedStream;
import org.vigil.sim.Population;
import org.vigil.sim.SimMember;
import org.vigil.sim.SimReading;

/**
 * Durable ingest over HTTP against a running server, and PostgreSQL's own COPY of the same rows on the same
 * database: how close does Vigil (validate, normalize, deduplicate, persist, monitor, alert, audit — acknowledged
 * only after commit) come to the fastest way PostgreSQL takes these rows?
 *
 * <p>Workload: {@code sim}'s synthetic population, created as FHIR Patients first. Each client is a gateway for its
 * own share of the members (a device vendor's cloud, a hospital's system), sending their readings in time order:
 * most clients post device API batches, {@code --fhir-clients} of them FHIR transaction Bundles of the same kind of
 * readings as Observations. One request in flight per client; the next body is built while the current one is in
 * flight. A warm-up sends the first {@code --warmup-days} of readings (every member's first reading: cold monitor
 * state, JIT); then, all clients together, the measured phase sends the following days' readings for
 * {@code --duration} seconds (or until a client's readings run out). Throughput = readings acknowledged in the
 * measured phase / time from its start to the last of its answers.
 *
 * <p>COPY: the rows those measured requests stored ({@code observation} and {@code reading}, effective at or after
 * the warm-up's end) are read back with {@code COPY ... TO STDOUT} before the clock starts, then written with
 * {@code COPY ... FROM STDIN} into bare tables of the same columns (no index, no constraint but NOT NULL, logged),
 * in chunks of the same size as the requests, each chunk in its own committed transaction, over as many connections
 * as there were clients. The tables are dropped afterwards. The last line printed is {@code ingest/copy ratio: X.XX}.
 */
public final class IngestBench {
  private static final String USAGE = """
      IngestBench: durable ingest over HTTP vs PostgreSQL COPY of the same rows.
        --url U              server (default http://localhost:8080)
        --token-file F       file holding an operator's bearer token (required)
        --data-dir D         the server's data dir (its embedded PostgreSQL's port is read there)
        --db-url URL         or a JDBC URL of the server's database (user postgres)
        --server-pid P       the server JVM's pid, for the CPU split (optional)
        --members N          population size (default 20000)
        --seed S             population and device-stream seed (default 20260101)
        --warmup-days D      days of readings sent before measuring (default 1)
        --days D             days of readings available to the measured phase (default 60)
        --duration S         seconds of measured load (default 60)
        --clients N          concurrent clients (default 4)
        --fhir-clients N     of which send FHIR transaction Bundles (default 1)
        --batch N            readings per device API request (default 5000; the API takes up to 10,000)
        --fhir-batch N       Observations per FHIR transaction Bundle (default 500)
        --jfr FILE           record the server (needs --server-pid) with JFR over the measured phase
        --pg-stats BOOL      report PostgreSQL's time per statement (the server started with
                             --vigil.db.statement-stats=true; default false)
        --out FILE           write the result as markdown""";

  private IngestBench() {}

  /** One request's worth of readings, its body already built. */
  private record Batch(int readings, byte[] body) {
    static final Batch WARMED_UP = new Batch(-1, null);
    static final Batch END = new Batch(-2, null);
  }

  /** What one kind of request did in the measured phase. */
  private static final class Tally {
    final Percentiles.Recorder latency = new Percentiles.Recorder();
    final LongAdder readings = new LongAdder();
    final LongAdder requests = new LongAdder();
    final LongAdder failed = new LongAdder();
    final Map<String, Integer> reasons = new ConcurrentHashMap<>();
  }

  public static void main(String[] args) throws Exception {
    Args a = Args.parse("IngestBench", USAGE, defaults(), args);
    URI url = URI.create(a.string("url"));
    VigilClient vigil = new VigilClient(url, VigilClient.tokenFrom(a.path("token-file")), Duration.ofMinutes(5));
    Path dataDir = a.path("data-dir");
    String dbUrl = a.optional("db-url");
    if (dataDir == null && dbUrl == null) {
      throw new IllegalArgumentException("IngestBench: --data-dir or --db-url is needed for the COPY comparison");
    }
    int clients = a.integer("clients");
    int fhirClients = a.integer("fhir-clients");
    if (clients < 1 || fhirClients < 0 || fhirClients > clients) {
      throw new IllegalArgumentException("IngestBench: need 1 <= clients and 0 <= fhir-clients <= clients");
    }
    int batch = a.integer("batch");
    int fhirBatch = a.integer("fhir-batch");
    long seed = a.longValue("seed");
    CpuMeter cpu = new CpuMeter(a.optional("server-pid") == null ? 0 : a.longValue("server-pid"),
        dataDir == null ? null : dataDir.resolve("postgres").resolve("postmaster.pid"));

    List<SimMember> members = Population.generate(seed, a.integer("members"));
    System.err.printf("IngestBench: %s, %,d members, %d clients (%d FHIR), device batches of %,d, FHIR bundles of"
        + " %,d, warm-up %d day(s), measured %d s%n", url, members.size(), clients, fhirClients, batch, fhirBatch,
        a.integer("warmup-days"), a.integer("duration"));
    Setup.createMembers(vigil, members, 2);

    // Readings up to ten minutes ago (none may lie in the future), whole minutes so reruns line up.
    Instant end = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MINUTES);
    Instant boundary = end.minus(Duration.ofDays(a.integer("days")));
    Instant start = boundary.minus(Duration.ofDays(a.integer("warmup-days")));

    Tally device = new Tally();
    Tally fhir = new Tally();
    LongAdder warmupReadings = new LongAdder();
    LongAdder warmupFailures = new LongAdder();
    CountDownLatch warmedUp = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    long[] startedAt = new long[1];
    AtomicLong lastAnswer = new AtomicLong();
    long durationNanos = Duration.ofSeconds(a.integer("duration")).toNanos();

    List<Future<?>> running = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int k = 0; k < clients; k++) {
        boolean isFhir = k < fhirClients;
        List<SimMember> mine = new ArrayList<>();
        for (int i = k; i < members.size(); i += clients) {
          mine.add(members.get(i));
        }
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(2);
        Future<?> producer = pool.submit(() -> {
          try {
            produce(MergedStream.of(mine, seed, start, end).iterator(), boundary, isFhir ? fhirBatch : batch, isFhir,
                queue);
          } catch (RuntimeException e) {
            System.err.println("  a client's reading generator failed: " + e);
            queue.put(Batch.WARMED_UP);
            queue.put(Batch.END);
          }
          return null;
        });
        Tally tally = isFhir ? fhir : device;
        running.add(pool.submit(() -> {
          try {
            send(vigil, queue, isFhir, tally, warmupReadings, warmupFailures, warmedUp, go, startedAt, durationNanos,
                lastAnswer);
          } finally {
            producer.cancel(true);
          }
          return null;
        }));
      }
      warmedUp.await();
      System.err.printf("  warm-up done: %,d readings (%d failed requests); measuring...%n", warmupReadings.sum(),
          warmupFailures.sum());
      Map<String, long[]> tables0 = tableWrites(dataDir, dbUrl);
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long driverCpu0 = os.getProcessCpuTime();
      CpuMeter.Sample cpu0 = cpu.sample();
      long serverPid = a.optional("server-pid") == null ? 0 : a.longValue("server-pid");
      if (a.path("jfr") != null && serverPid > 0) {
        Jcmd.startRecording(serverPid, a.path("jfr"));
      }
      boolean pgStats = Boolean.parseBoolean(a.string("pg-stats"));
      if (pgStats) {
        StatementStats.reset(dataDir, dbUrl);
      }
      startedAt[0] = System.nanoTime();
      go.countDown();
      progress(startedAt[0], durationNanos, device, fhir, running);
      for (Future<?> f : running) {
        f.get();
      }
      CpuMeter.Usage usage = CpuMeter.between(cpu0, cpu.sample());
      if (a.path("jfr") != null && serverPid > 0) {
        Jcmd.stopRecording(serverPid);
      }
      double driverCpu = (os.getProcessCpuTime() - driverCpu0) / 1e9;
      double seconds = (lastAnswer.get() - startedAt[0]) / 1e9;
      long vigilEnded = System.nanoTime();

      Result vigilResult = new Result(device.readings.sum() + fhir.readings.sum(), seconds, usage, driverCpu);
      System.err.printf("  Vigil: %,d readings in %.1f s = %,.0f readings/s%n", vigilResult.readings(), seconds,
          vigilResult.perSecond());

      // Before anything else runs a query: the driver's own reads would count too.
      String statements = pgStats ? StatementStats.report(dataDir, dbUrl, vigilResult.readings(), 15) : "";
      try (Connection db = Setup.database(dataDir, dbUrl)) {
        long stored = storedSince(db, boundary);
        CopyResult copy = copy(db, dataDir, dbUrl, boundary, batch, clients, cpu);
        // PostgreSQL's backends publish their table counters about a second after going idle.
        long wait = STATS_DELAY.toNanos() - (System.nanoTime() - vigilEnded);
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000);
        }
        Map<String, long[]> writes = diff(tables0, tableWrites(dataDir, dbUrl));
        String md = markdown(a, url, members.size(), clients, fhirClients, batch, fhirBatch, warmupReadings.sum(),
            device, fhir, vigilResult, stored, copy, writes, statements);
        System.out.print(md);
        if (a.path("out") != null) {
          Files.writeString(a.path("out"), md);
        }
      }
    }
  }

  private static final Duration STATS_DELAY = Duration.ofSeconds(3);

  /** Rows inserted and updated so far per table ({@code pg_stat_user_tables}), the COPY tables left out. */
  private static Map<String, long[]> tableWrites(Path dataDir, String dbUrl) throws IOException, SQLException {
    Map<String, long[]> out = new java.util.TreeMap<>();
    try (Connection c = Setup.database(dataDir, dbUrl); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select relname, n_tup_ins, n_tup_upd from pg_stat_user_tables"
            + " where relname not like 'bench_copy_%'")) {
      while (rs.next()) {
        out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
      }
    }
    return out;
  }

  private static Map<String, long[]> diff(Map<String, long[]> before, Map<String, long[]> after) {
    Map<String, long[]> out = new java.util.TreeMap<>();
    after.forEach((t, v) -> {
      long[] b = before.getOrDefault(t, new long[2]);
      if (v[0] - b[0] > 0 || v[1] - b[1] > 0) {
        out.put(t, new long[] {v[0] - b[0], v[1] - b[1]});
      }
    });
    return out;
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new java.util.LinkedHashMap<>();
    d.put("url", "http://localhost:8080");
    d.put("token-file", null);
    d.put("data-dir", null);
    d.put("db-url", null);
    d.put("server-pid", null);
    d.put("members", "20000");
    d.put("seed", "20260101");
    d.put("warmup-days", "1");
    d.put("days", "60");
    d.put("duration", "60");
    d.put("clients", "4");
    d.put("fhir-clients", "1");
    d.put("batch", "5000");
    d.put("fhir-batch", "500");
    d.put("jfr", null);
    d.put("pg-stats", "false");
    d.put("out", null);
    return d;
  }

  /** Builds the client's request bodies ahead of the sender: warm-up batches, a marker, measured batches, the end. */
  private static void produce(Iterator<SimReading> feed, Instant boundary, int size, boolean fhir,
      BlockingQueue<Batch> queue) throws InterruptedException {
    SimReading pending = null;
    boolean warm = true;
    while (true) {
      List<SimReading> readings = new ArrayList<>(size);
      while (readings.size() < size && (pending != null || feed.hasNext())) {
        SimReading r = pending != null ? pending : feed.next();
        pending = null;
        if (warm && !r.instant().isBefore(boundary)) {
          pending = r;
          break;
        }
        readings.add(r);
      }
      if (!readings.isEmpty()) {
        queue.put(new Batch(readings.size(), fhir ? Payloads.fhirTransaction(readings)
            : Payloads.deviceBatch(readings)));
      }
      if (warm && (pending != null || !feed.hasNext())) {
        warm = false;
        queue.put(Batch.WARMED_UP);
      }
      if (!warm && pending == null && !feed.hasNext()) {
        queue.put(Batch.END);
        return;
      }
    }
  }

  private static void send(VigilClient vigil, BlockingQueue<Batch> queue, boolean isFhir, Tally tally,
      LongAdder warmupReadings, LongAdder warmupFailures, CountDownLatch warmedUp, CountDownLatch go,
      long[] startedAt, long durationNanos, AtomicLong lastAnswer) throws InterruptedException {
    boolean measuring = false;
    while (true) {
      Batch b = queue.take();
      if (b == Batch.WARMED_UP) {
        warmedUp.countDown();
        go.await();
        measuring = true;
        continue;
      }
      if (b == Batch.END || (measuring && System.nanoTime() - startedAt[0] >= durationNanos)) {
        return;
      }
      VigilClient.Answer answer = isFhir ? vigil.post("/fhir", VigilClient.FHIR_JSON, b.body())
          : vigil.post("/api/v1/readings", VigilClient.JSON, b.body());
      String failure = failure(answer, b.readings(), isFhir);
      if (!measuring) {
        warmupReadings.add(b.readings());
        if (failure != null) {
          warmupFailures.increment();
          System.err.println("  warm-up request failed: " + failure);
        }
        continue;
      }
      lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
      tally.requests.increment();
      if (failure == null) {
        tally.readings.add(b.readings());
        tally.latency.add(answer.nanos());
      } else {
        tally.failed.increment();
        tally.reasons.merge(failure, 1, Integer::sum);
      }
    }
  }

  /** Null when every reading of the request was acknowledged as stored (or, on a re-send, as a duplicate). */
  static String failure(VigilClient.Answer answer, int readings, boolean isFhir) {
    if (answer.status() != 200) {
      return answer.reason();
    }
    if (isFhir) {
      int created = count(answer.text(), "\"201 Created\"") + count(answer.text(), "\"200 OK\"");
      return created == readings ? null : "200 with " + created + " of " + readings + " entries created";
    }
    long[] c = answer.counts();
    return c[0] + c[1] == readings ? null : "200 with stored " + c[0] + ", duplicates " + c[1] + " of " + readings;
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
      n++;
    }
    return n;
  }

  private static void progress(long t0, long durationNanos, Tally device, Tally fhir, List<Future<?>> running)
      throws InterruptedException {
    long last = 0;
    long lastT = t0;
    while (running.stream().anyMatch(f -> !f.isDone())) {
      Thread.sleep(200);
      long now = System.nanoTime();
      if (now - lastT >= 5_000_000_000L) {
        long done = device.readings.sum() + fhir.readings.sum();
        System.err.printf("  %5.0f s %-8s %,9.0f readings/s  failures %d%n", (now - t0) / 1e9,
            now - t0 < durationNanos ? "measure" : "drain", (done - last) / ((now - lastT) / 1e9),
            device.failed.sum() + fhir.failed.sum());
        last = done;
        lastT = now;
      }
    }
  }

  record Result(long readings, double seconds, CpuMeter.Usage cpu, double driverCpuSeconds) {
    double perSecond() {
      return seconds <= 0 ? 0 : readings / seconds;
    }
  }

  record CopyResult(long observations, long values, double seconds, CpuMeter.Usage cpu, double prepareSeconds,
      long bytes) {
    double perSecond() {
      return seconds <= 0 ? 0 : observations / seconds;
    }
  }

  private static long storedSince(Connection db, Instant boundary) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(
        "select count(*) from observation where effective_at >= ? and source like 'sim:%'")) {
      ps.setTimestamp(1, Timestamp.from(boundary));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** One chunk of rows as COPY text: observations and their values. */
  private record Chunk(byte[] observations, byte[] values) {}

  private static CopyResult copy(Connection db, Path dataDir, String dbUrl, Instant boundary, int chunkSize,
      int connections, CpuMeter cpu) throws SQLException, IOException, InterruptedException {
    long t0 = System.nanoTime();
    try (Statement s = db.createStatement()) {
      s.execute("drop table if exists bench_copy_reading, bench_copy_observation");
      s.execute("create table bench_copy_observation (like observation)");
      s.execute("create table bench_copy_reading (like reading)");
    }
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(
        "select id from observation where effective_at >= ? and source like 'sim:%' order by id")) {
      ps.setTimestamp(1, Timestamp.from(boundary));
      ps.setFetchSize(100_000);
      db.setAutoCommit(false);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      db.commit();
      db.setAutoCommit(true);
    }
    CopyManager out = db.unwrap(PGConnection.class).getCopyAPI();
    ConcurrentLinkedQueue<Chunk> chunks = new ConcurrentLinkedQueue<>();
    long bytes = 0;
    long values = 0;
    String since = OffsetDateTime.ofInstant(boundary, java.time.ZoneOffset.UTC).toString();
    for (int i = 0; i < ids.size(); i += chunkSize) {
      long lo = ids.get(i);
      long hi = ids.get(Math.min(ids.size(), i + chunkSize) - 1);
      String where = "id between " + lo + " and " + hi + " and effective_at >= '" + since
          + "' and source like 'sim:%'";
      ByteArrayOutputStream obs = new ByteArrayOutputStream();
      out.copyOut("copy (select * from observation where " + where + ") to stdout", obs);
      ByteArrayOutputStream vals = new ByteArrayOutputStream();
      out.copyOut("copy (select r.* from reading r where r.observation_id in (select id from observation where "
          + where + ")) to stdout", vals);
      chunks.add(new Chunk(obs.toByteArray(), vals.toByteArray()));
      bytes += obs.size() + vals.size();
      values += lines(vals.toByteArray());
    }
    double prepare = (System.nanoTime() - t0) / 1e9;
    System.err.printf("  COPY: %,d observations and %,d values (%,d MB as COPY text) read back in %.1f s;"
        + " copying over %d connection(s)...%n", ids.size(), values, bytes >> 20, prepare, connections);

    CpuMeter.Sample cpu0 = cpu.sample();
    long c0 = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> workers = new ArrayList<>();
      for (int k = 0; k < connections; k++) {
        workers.add(pool.submit(() -> {
          try (Connection c = Setup.database(dataDir, dbUrl)) {
            c.setAutoCommit(false);
            CopyManager in = c.unwrap(PGConnection.class).getCopyAPI();
            for (Chunk chunk = chunks.poll(); chunk != null; chunk = chunks.poll()) {
              in.copyIn("copy bench_copy_observation from stdin", new ByteArrayInputStream(chunk.observations()));
              in.copyIn("copy bench_copy_reading from stdin", new ByteArrayInputStream(chunk.values()));
              c.commit();
            }
          }
          return null;
        }));
      }
      for (Future<?> w : workers) {
        try {
          w.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("COPY failed: " + e.getCause(), e.getCause());
        }
      }
    }
    double seconds = (System.nanoTime() - c0) / 1e9;
    CpuMeter.Usage usage = CpuMeter.between(cpu0, cpu.sample());
    long copied;
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
        "select count(*) from bench_copy_observation")) {
      rs.next();
      copied = rs.getLong(1);
    }
    if (copied != ids.size()) {
      throw new IllegalStateException("COPY stored " + copied + " observations, expected " + ids.size());
    }
    try (Statement s = db.createStatement()) {
      s.execute("drop table bench_copy_reading, bench_copy_observation");
    }
    return new CopyResult(ids.size(), values, seconds, usage, prepare, bytes);
  }

  private static long lines(byte[] text) {
    long n = 0;
    for (byte b : text) {
      if (b == '\n') {
        n++;
      }
    }
    return n;
  }

  private static String markdown(Args a, URI url, int members, int clients, int fhirClients, int batch,
      int fhirBatch, long warmup, Tally device, Tally fhir, Result vigil, long stored, CopyResult copy,
      Map<String, long[]> writes, String statements) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "## Ingest %s%n%n", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS)));
    b.append(String.format(Locale.ROOT, "Server %s; %,d sim members; %d concurrent clients (%d device API, batches"
        + " of %,d readings; %d FHIR transaction Bundles of %,d Observations), one request in flight each; warm-up"
        + " %,d readings; options: `%s`.%n%n", url, members, clients, clients - fhirClients, batch, fhirClients,
        fhirBatch, warmup, a.describe()));
    b.append("| requests | readings acknowledged | readings/s | ").append(Percentiles.header())
        .append(" | failed requests |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (var e : List.of(Map.entry("device API `POST /api/v1/readings`", device),
        Map.entry("FHIR transaction `POST /fhir`", fhir))) {
      Tally t = e.getValue();
      if (t.requests.sum() == 0) {
        continue;
      }
      b.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %s | %d |%n", e.getKey(), t.readings.sum(),
          t.readings.sum() / vigil.seconds(), Percentiles.ofNanos(t.latency.values()).cells(), t.failed.sum()));
    }
    b.append(String.format(Locale.ROOT, "| **all** | %,d | **%,.0f** | | | | | | | | %d |%n%n", vigil.readings(),
        vigil.perSecond(), device.failed.sum() + fhir.failed.sum()));
    if (device.failed.sum() + fhir.failed.sum() > 0) {
      b.append("Failures: ").append(device.reasons).append(' ').append(fhir.reasons).append("\n\n");
    }
    b.append(String.format(Locale.ROOT, "Measured phase: %.1f s (from the start to the last answer). Stored"
        + " observations of the measured phase found in the database: %,d (acknowledged: %,d%s).%n%n",
        vigil.seconds(), stored, vigil.readings(), stored == vigil.readings() ? ", equal"
            : stored > vigil.readings() ? "; the rest were committed by requests cut off or failed"
            : "; MISSING ROWS"));
    b.append("CPU, Vigil phase: ").append(vigil.cpu().describe()).append(String.format(Locale.ROOT,
        " (driver by its own count: %.1f s).%n%n", vigil.driverCpuSeconds()));
    if (!writes.isEmpty() && stored > 0) {
      b.append("Rows written per 1,000 readings stored in the measured phase (`pg_stat_user_tables`; includes the"
          + " requests cut off at the end): ");
      List<String> parts = new ArrayList<>();
      writes.forEach((t, v) -> parts.add(String.format(Locale.ROOT, "%s %,.0f inserted%s", t, v[0] * 1000.0 / stored,
          v[1] == 0 ? "" : String.format(Locale.ROOT, " / %,.0f updated", v[1] * 1000.0 / stored))));
      b.append(String.join("; ", parts)).append(".\n\n");
    }
    b.append(statements);
    b.append(String.format(Locale.ROOT, "COPY of the same rows into bare tables (%,d observations + %,d values,"
        + " %,d MB of COPY text, chunks of %,d, %d connections, a commit per chunk): %.2f s = **%,.0f readings/s**"
        + " (read back beforehand in %.1f s, not timed).%n%n", copy.observations(), copy.values(),
        copy.bytes() >> 20, batch, clients, copy.seconds(), copy.perSecond(), copy.prepareSeconds()));
    b.append("CPU, COPY phase: ").append(copy.cpu().describe()).append(".\n\n");
    b.append(String.format(Locale.ROOT, "Vigil %,.0f readings/s (target >= 100,000: %s); COPY %,.0f readings/s.%n%n",
        vigil.perSecond(), vigil.perSecond() >= 100_000 ? "met" : "not met", copy.perSecond()));
    b.append(String.format(Locale.ROOT, "ingest/copy ratio: %.2f%n", vigil.perSecond() / copy.perSecond()));
    return b.toString();
  }
}
