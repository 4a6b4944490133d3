package org.vigil.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Crash safety: start the packaged server, drive device API load with known readings, SIGKILL the server JVM in the
 * middle of it, restart on the same data dir, and check against the database that every acknowledged reading is
 * stored exactly once and that no alert was duplicated or lost. Repeated {@code --trials} times on one data dir
 * (each restart is the next trial's start).
 *
 * <p>Every {@code --kill-postgres}th trial also kills the embedded PostgreSQL's processes, so its crash recovery is
 * exercised too (acknowledged commits must be in its WAL, not only in its memory).
 *
 * <p>Readings: each has a unique identifier and a unique effective time (one second apart across the whole run),
 * so a reading stored twice, under any key, shows. One member in five is a crisis member whose every reading is a
 * crisis blood pressure (systolic 190-199); the others' readings are never a crisis. A request whose answer was lost
 * with the kill is in doubt: after the restart it is sent again, as a device would, and must be answered with every
 * reading stored or a duplicate. One acknowledged batch per client is also sent again and must be all duplicates.
 *
 * <p>Checks after each restart, over everything sent so far: every acknowledged or re-sent reading's identifier
 * is stored exactly once, and nothing else is; no (member, time) pair is stored twice; every observation has its two
 * values; at most one unresolved alert per member and rule family; every crisis member with a stored reading has
 * exactly one htn-crisis alert (they never resolve by themselves), every other member none.
 */
public final class CrashBench {
  private static final String USAGE = """
      CrashBench: SIGKILL the server mid-load, restart, check nothing acknowledged is lost or stored twice.
        --jar FILE          the packaged server (server/target/vigil-server.jar)
        --data-dir D        the server's data dir (kept across the trials)
        --token-file F      an operator's bearer token minted for that data dir (./vigil token --data-dir D)
        --trials N          kill/restart cycles (default 20)
        --members N         members (default 200; one in five gets only crisis readings)
        --clients N         concurrent clients, each its own members (default 4)
        --batch N           readings per request (default 200)
        --kill-after MS     the kill comes uniformly between MS and 2*MS after the load starts (default 2000)
        --kill-postgres N   every Nth trial also SIGKILLs the embedded PostgreSQL's processes (default 2; 0 never)
        --seed S            (default 20260101)
        --log FILE          the server's output, appended across restarts (default crash-server.log)
        --out FILE          write the result as markdown""";
  static final String SOURCE = "bench:crash";
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX",
      Locale.ROOT);
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

  private final Path jar;
  private final Path dataDir;
  private final String token;
  private final Path log;
  private final List<String> members = new ArrayList<>();
  private final Set<String> crisisMembers = new HashSet<>();
  /** Every reading sent so far whose storage is settled (acknowledged, or re-sent after the crash): id -> member. */
  private final Map<String, String> settled = new HashMap<>();
  private final Instant base = Instant.now().minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.MINUTES);
  private final AtomicLong nextSecond = new AtomicLong();
  private JvmProcess server;
  private VigilClient vigil;

  private CrashBench(Path jar, Path dataDir, String token, Path log) {
    this.jar = jar;
    this.dataDir = dataDir;
    this.token = token;
    this.log = log;
  }

  /** One request's readings: their identifiers and members, and the body. */
  private record Batch(List<String> ids, List<String> owners, byte[] body) {}

  /** One trial's outcome. */
  record Trial(int number, String killed, long killAfterMs, long acknowledged, int inDoubt, long inDoubtCommitted,
      double restartSeconds, List<String> problems) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("jar", null);
    d.put("data-dir", null);
    d.put("token-file", null);
    d.put("trials", "20");
    d.put("members", "200");
    d.put("clients", "4");
    d.put("batch", "200");
    d.put("kill-after", "2000");
    d.put("kill-postgres", "2");
    d.put("seed", "20260101");
    d.put("log", "crash-server.log");
    d.put("out", null);
    Args a = Args.parse("CrashBench", USAGE, d, args);
    CrashBench bench = new CrashBench(a.path("jar"), a.path("data-dir"),
        VigilClient.tokenFrom(a.path("token-file")), a.path("log"));
    int trials = a.integer("trials");
    int clients = a.integer("clients");
    int batch = a.integer("batch");
    long killAfter = a.longValue("kill-after");
    int killPostgres = a.integer("kill-postgres");
    SplittableRandom random = new SplittableRandom(a.longValue("seed"));
    for (int i = 0; i < a.integer("members"); i++) {
      String id = String.format(Locale.ROOT, "crash-m-%04d", i);
      bench.members.add(id);
      if (i % 5 == 0) {
        bench.crisisMembers.add(id);
      }
    }
    System.err.printf("CrashBench: %d trials, %d members (%d crisis), %d clients, batches of %d, kill after %d-%d ms;"
        + " server %s, data %s%n", trials, bench.members.size(), bench.crisisMembers.size(), clients, batch,
        killAfter, 2 * killAfter, bench.jar, bench.dataDir);

    List<Trial> results = new ArrayList<>();
    long t0 = System.nanoTime();
    double firstStart = bench.start();
    Setup.createIds(bench.vigil, bench.members, 2);
    try {
      for (int t = 1; t <= trials; t++) {
        boolean alsoPostgres = killPostgres > 0 && t % killPostgres == 0;
        long after = killAfter + random.nextLong(killAfter + 1);
        results.add(bench.trial(t, clients, batch, after, alsoPostgres, random));
        Trial r = results.getLast();
        System.err.printf("  trial %2d: %s killed after %,d ms; %,d readings acknowledged, %d requests in doubt (%d"
            + " committed before the kill); restart %.1f s; %s%n", t, r.killed(), r.killAfterMs(), r.acknowledged(),
            r.inDoubt(), r.inDoubtCommitted(), r.restartSeconds(),
            r.problems().isEmpty() ? "all checks passed" : r.problems());
      }
    } finally {
      bench.stop();
    }
    String md = markdown(a, results, firstStart, (System.nanoTime() - t0) / 1e9, bench);
    System.out.print(md);
    if (a.path("out") != null) {
      Files.writeString(a.path("out"), md);
    }
    System.exit(results.stream().allMatch(r -> r.problems().isEmpty()) ? 0 : 1);
  }

  /** Starts the server on a free port and waits until it says it is ready; returns the seconds it took. */
  private double start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = JvmProcess.jar(jar, List.of(), List.of("--server.port=" + port, "--vigil.data-dir=" + dataDir,
        "--vigil.security.rate-limit.enabled=false"), log, "CrashBench: starting the server");
    double seconds = server.awaitLine("Vigil is ready at", READY_TIMEOUT);
    vigil = new VigilClient(URI.create("http://localhost:" + port), token, Duration.ofSeconds(60));
    return seconds;
  }

  /**
   * SIGKILL of the server JVM; its PostgreSQL, a process of its own, lives on (as after the OOM killer) unless
   * {@code alsoPostgres}: then the postmaster and every backend get SIGKILL too (a container or machine crash, minus
   * the page cache), and the restart goes through PostgreSQL's crash recovery.
   */
  private void kill(boolean alsoPostgres) throws InterruptedException, IOException {
    List<ProcessHandle> postgres = new ArrayList<>();
    if (alsoPostgres) {
      long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"))
          .getFirst().strip());
      ProcessHandle.of(pid).ifPresent(pm -> {
        postgres.add(pm);
        pm.descendants().forEach(postgres::add);
      });
    }
    server.handle().destroyForcibly(); // the server and its PostgreSQL at once, as a crash would
    postgres.forEach(ProcessHandle::destroyForcibly);
    server.kill();
    for (ProcessHandle p : postgres) {
      try {
        p.onExit().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("PostgreSQL process " + p.pid() + " did not die after SIGKILL", e);
      }
    }
  }

  /** A graceful stop (SIGTERM): the server stops its PostgreSQL. */
  private void stop() throws InterruptedException {
    if (server != null) {
      server.stop(Duration.ofSeconds(90));
    }
  }

  private Trial trial(int number, int clients, int batch, long killAfterMs, boolean alsoPostgres,
      SplittableRandom random) throws Exception {
    AtomicBoolean killed = new AtomicBoolean();
    List<List<Batch>> acked = new ArrayList<>();
    List<List<Batch>> inDoubt = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Future<?>> running = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int k = 0; k < clients; k++) {
        List<String> mine = new ArrayList<>();
        for (int i = k; i < members.size(); i += clients) {
          mine.add(members.get(i));
        }
        List<Batch> ok = new ArrayList<>();
        List<Batch> doubt = new ArrayList<>();
        acked.add(ok);
        inDoubt.add(doubt);
        int client = k;
        long clientSeed = random.nextLong();
        running.add(pool.submit(() -> {
          SplittableRandom r = new SplittableRandom(clientSeed);
          int seq = 0;
          while (!killed.get()) {
            Batch b = batch(number, client, seq++, mine, batch, r);
            VigilClient.Answer answer = vigil.post("/api/v1/readings", VigilClient.JSON, b.body());
            if (answer.status() < 0) {
              doubt.add(b);
              return null;
            }
            String failure = IngestBench.failure(answer, b.ids().size(), false);
            if (failure != null) {
              // Answered but refused: the server was alive; that is a finding, not a crash effect.
              synchronized (problems) {
                problems.add("client " + client + ": " + failure);
              }
              doubt.add(b);
              return null;
            }
            ok.add(b);
          }
          return null;
        }));
      }
      Thread.sleep(killAfterMs);
      killed.set(true);
      kill(alsoPostgres);
      for (Future<?> f : running) {
        f.get();
      }
    }
    double restart = start();

    long acknowledged = 0;
    for (List<Batch> ok : acked) {
      for (Batch b : ok) {
        acknowledged += b.ids().size();
        for (int i = 0; i < b.ids().size(); i++) {
          settled.put(b.ids().get(i), b.owners().get(i));
        }
      }
    }
    // Acknowledged before the kill: the database must have them before anything is re-sent.
    problems.addAll(storedOnce(settled.keySet()));

    int doubtCount = 0;
    long committedBeforeKill = 0;
    for (List<Batch> doubt : inDoubt) {
      for (Batch b : doubt) {
        doubtCount++;
        VigilClient.Answer again = vigil.post("/api/v1/readings", VigilClient.JSON, b.body());
        String failure = IngestBench.failure(again, b.ids().size(), false);
        if (failure != null) {
          problems.add("re-sending a request in doubt: " + failure);
          continue;
        }
        long[] c = again.counts();
        if (c[1] == b.ids().size()) {
          committedBeforeKill++;
        } else if (c[0] != b.ids().size()) {
          problems.add("a request in doubt was half stored before the kill: " + c[0] + " stored now, " + c[1]
              + " already there");
        }
        for (int i = 0; i < b.ids().size(); i++) {
          settled.put(b.ids().get(i), b.owners().get(i));
        }
      }
    }
    for (List<Batch> ok : acked) {
      if (!ok.isEmpty()) {
        Batch b = ok.get(ok.size() / 2);
        VigilClient.Answer again = vigil.post("/api/v1/readings", VigilClient.JSON, b.body());
        long[] c = again.status() == 200 ? again.counts() : new long[] {-1, -1, -1};
        if (c[0] != 0 || c[1] != b.ids().size()) {
          problems.add("re-sending an acknowledged request: " + (again.status() == 200
              ? c[0] + " stored again, " + c[1] + " duplicates of " + b.ids().size() : again.reason()));
        }
      }
    }
    problems.addAll(check());
    return new Trial(number, alsoPostgres ? "JVM + PostgreSQL" : "JVM", killAfterMs, acknowledged, doubtCount,
        committedBeforeKill, restart, problems);
  }

  private Batch batch(int trial, int client, int seq, List<String> mine, int size, SplittableRandom r) {
    List<String> ids = new ArrayList<>(size);
    List<String> owners = new ArrayList<>(size);
    List<String> items = new ArrayList<>(size);
    for (int j = 0; j < size; j++) {
      String member = mine.get((seq * size + j) % mine.size());
      String id = "crash-" + trial + "-" + client + "-" + seq + "-" + j;
      long second = nextSecond.getAndIncrement();
      Instant at = base.plusSeconds(second);
      if (at.isAfter(Instant.now().minusSeconds(60))) {
        throw new IllegalStateException("more readings than seconds in the window; fewer trials or a smaller load");
      }
      String effective = SECONDS.format(OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(8)));
      boolean crisis = crisisMembers.contains(member);
      int systolic = crisis ? 190 + r.nextInt(10) : 112 + r.nextInt(14);
      int diastolic = crisis ? 100 + r.nextInt(11) : 68 + r.nextInt(10);
      items.add(Payloads.bp(id, member, systolic, diastolic, effective, SOURCE));
      ids.add(id);
      owners.add(member);
    }
    return new Batch(ids, owners, Payloads.batchOf(items));
  }

  /** Each identifier stored exactly once. */
  private List<String> storedOnce(Set<String> ids) throws IOException, SQLException {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> counts = observationCounts();
    long missing = ids.stream().filter(id -> !counts.containsKey(id)).count();
    long doubled = ids.stream().filter(id -> counts.getOrDefault(id, 0) > 1).count();
    if (missing > 0) {
      problems.add(missing + " acknowledged readings LOST");
    }
    if (doubled > 0) {
      problems.add(doubled + " readings stored more than once");
    }
    return problems;
  }

  private Map<String, Integer> observationCounts() throws IOException, SQLException {
    Map<String, Integer> counts = new HashMap<>();
    try (Connection c = Setup.database(dataDir, null); PreparedStatement ps = c.prepareStatement(
        "select identifier_value, count(*) from observation where source = ? group by 1")) {
      ps.setString(1, SOURCE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return counts;
  }

  /** The database-wide checks, over everything settled so far. */
  private List<String> check() throws IOException, SQLException {
    List<String> problems = new ArrayList<>(storedOnce(settled.keySet()));
    Map<String, Integer> counts = observationCounts();
    long phantoms = counts.keySet().stream().filter(id -> !settled.containsKey(id)).count();
    if (phantoms > 0) {
      problems.add(phantoms + " stored readings that no client sent");
    }
    try (Connection c = Setup.database(dataDir, null); Statement s = c.createStatement()) {
      scalar(s, "select count(*) from (select patient_id, effective_at from observation where source = '" + SOURCE
          + "' group by 1, 2 having count(*) > 1) d", "(member, time) pairs stored more than once", problems);
      scalar(s, "select count(*) from observation o where source = '" + SOURCE + "' and (select count(*) from"
          + " reading r where r.observation_id = o.id) <> 2", "observations without exactly their two values",
          problems);
      scalar(s, "select count(*) from (select patient_id, family from alert where status <> 'resolved'"
          + " group by 1, 2 having count(*) > 1) d", "(member, family) pairs with more than one unresolved alert",
          problems);
      Map<String, Integer> crisisAlerts = new HashMap<>();
      try (ResultSet rs = s.executeQuery("select patient_id, count(*) from alert where family = 'htn-crisis'"
          + " and patient_id like 'crash-m-%' group by 1")) {
        while (rs.next()) {
          crisisAlerts.put(rs.getString(1), rs.getInt(2));
        }
      }
      Set<String> withReadings = new HashSet<>(settled.values());
      long lost = 0;
      long doubled = 0;
      long spurious = 0;
      for (String m : members) {
        int n = crisisAlerts.getOrDefault(m, 0);
        if (crisisMembers.contains(m) && withReadings.contains(m)) {
          lost += n == 0 ? 1 : 0;
          doubled += n > 1 ? 1 : 0;
        } else {
          spurious += n > 0 ? 1 : 0;
        }
      }
      if (lost > 0) {
        problems.add(lost + " crisis members without their htn-crisis alert (LOST)");
      }
      if (doubled > 0) {
        problems.add(doubled + " crisis members with more than one htn-crisis alert (DUPLICATED)");
      }
      if (spurious > 0) {
        problems.add(spurious + " members without a crisis reading that have an htn-crisis alert");
      }
    }
    return problems;
  }

  private static void scalar(Statement s, String sql, String what, List<String> problems) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      if (rs.getLong(1) > 0) {
        problems.add(rs.getLong(1) + " " + what);
      }
    }
  }

  private static String markdown(Args a, List<Trial> trials, double firstStart, double seconds, CrashBench b) {
    StringBuilder s = new StringBuilder();
    long failed = trials.stream().filter(t -> !t.problems().isEmpty()).count();
    s.append(String.format(Locale.ROOT, "## Crash safety %s%n%n",
        OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS)));
    s.append(String.format(Locale.ROOT, "%d trials on one data dir: device API load from %s clients (batches of %s"
        + " BP readings, %d members of whom %d get only crisis readings), the server JVM (and in every %s trial also"
        + " its PostgreSQL: postmaster and backends) killed with SIGKILL %s-%d ms after the load started,"
        + " restarted, requests in doubt re-sent, then checked in the database. First start"
        + " %.1f s; whole run %.0f s. Options: `%s`.%n%n", trials.size(), a.string("clients"), a.string("batch"),
        b.members.size(), b.crisisMembers.size(), a.integer("kill-postgres") == 2 ? "second"
            : a.integer("kill-postgres") == 0 ? "no" : a.string("kill-postgres") + "th", a.string("kill-after"),
        2 * a.longValue("kill-after"), firstStart,
        seconds, a.describe()));
    s.append("| trial | SIGKILL to | killed after ms | readings acknowledged | requests in doubt | of which"
        + " committed before the kill | restart s | checks |\n|---|---|---|---|---|---|---|---|\n");
    for (Trial t : trials) {
      s.append(String.format(Locale.ROOT, "| %d | %s | %,d | %,d | %d | %d | %.1f | %s |%n", t.number(), t.killed(),
          t.killAfterMs(),
          t.acknowledged(), t.inDoubt(), t.inDoubtCommitted(), t.restartSeconds(),
          t.problems().isEmpty() ? "passed" : "**FAILED**: " + String.join("; ", t.problems())));
    }
    long readings = b.settled.size();
    s.append(String.format(Locale.ROOT, "%nIn all: %,d readings settled (acknowledged, or re-sent after the crash),"
        + " %d requests in doubt. Checked after every restart: each stored exactly once and nothing else stored; no"
        + " (member, time) stored twice; two values per observation; at most one unresolved alert per member and"
        + " family; exactly one htn-crisis alert per crisis member, none for the others.%n%n", readings,
        trials.stream().mapToInt(Trial::inDoubt).sum()));
    s.append(failed == 0 ? "**All " + trials.size() + " trials passed.**\n" : "**" + failed + " of " + trials.size()
        + " trials FAILED.**\n");
    return s.toString();
  }
}
