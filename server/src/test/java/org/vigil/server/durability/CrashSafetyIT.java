package org.vigil.server.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.server.TestHttp;

/**
 * Crash safety of the packaged server (issue 7; {@code ./vigil bench crash} runs 20 such trials): the real jar as a
 * child process with its own data dir, device API load from two clients, SIGKILL of the server JVM in the middle of
 * it (in the second trial its PostgreSQL's processes too), restart on the same data dir, and then, in the database:
 * every acknowledged reading stored exactly once, requests whose answer was lost re-sent and stored exactly once,
 * nothing stored that was not sent, at most one unresolved alert per member and family, and exactly one htn-crisis
 * alert for each member whose readings are crises (none for the others). Not an {@link
 * org.vigil.server.IntegrationTest}: the server under test must be a process that can be killed, not this JVM.
 *
 * <p>Runs in {@code verify}, after {@code package} has built {@code target/vigil-server.jar}.
 */
class CrashSafetyIT {
  private static final String SOURCE = "it:crash";
  private static final int TRIALS = 3;
  private static final int MEMBERS = 40;
  private static final int CLIENTS = 2;
  private static final int BATCH = 50;
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX",
      Locale.ROOT);

  private final Path jar = Path.of(System.getProperty("basedir", "."), "target", "vigil-server.jar");
  private Path dataDir;
  private Path log;
  private Process server;
  private TestHttp http;
  private String token;
  private final List<String> members = new ArrayList<>();
  private final Set<String> crisisMembers = new HashSet<>();
  /** Readings whose storage is settled (acknowledged, or re-sent after the crash): identifier -> member. */
  private final Map<String, String> settled = new HashMap<>();
  private final Instant base = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MINUTES);
  private final AtomicLong nextSecond = new AtomicLong();

  private record Batch(List<String> ids, List<String> owners, String body) {}

  private boolean passed;

  /** Stops the server (it stops its PostgreSQL), or a PostgreSQL a failed trial left behind; keeps a failure's data. */
  @AfterEach
  void stopServer() throws Exception {
    if (server != null && server.isAlive()) {
      server.destroy();
      if (!server.waitFor(90, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    Path pidFile = dataDir == null ? null : dataDir.resolve("postgres").resolve("postmaster.pid");
    if (pidFile != null && Files.exists(pidFile)) {
      ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).getFirst().strip())).ifPresent(pg -> {
        pg.destroy();
        pg.onExit().orTimeout(60, TimeUnit.SECONDS).join();
      });
    }
    if (passed && dataDir != null) {
      try (var paths = Files.walk(dataDir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void acknowledgedReadingsSurviveSigkillExactlyOnceAndNoAlertIsDuplicatedOrLost() throws Exception {
    assertThat(jar).as("the packaged server (mvn verify builds it in package, before the integration tests)")
        .exists();
    dataDir = Files.createTempDirectory("vigil-crash-it-");
    log = dataDir.resolve("server.log");
    // The local issuer's key is created under the data dir; the server signs and checks tokens with it.
    token = TestHttp.token(dataDir, "crash-operator", "operator", "default");
    start();
    for (int i = 0; i < MEMBERS; i++) {
      String id = String.format(Locale.ROOT, "crash-it-%03d", i);
      members.add(id);
      if (i % 5 == 0) {
        crisisMembers.add(id);
      }
      http.patient(id);
    }
    SplittableRandom random = new SplittableRandom(20260101);
    for (int trial = 1; trial <= TRIALS; trial++) {
      List<String> problems = trial(trial, trial == 2, 1000 + random.nextLong(1001), random);
      assertThat(problems).as("trial %d (data dir %s, server log %s)", trial, dataDir, log).isEmpty();
    }
    assertThat(settled).as("readings acknowledged or re-sent over the trials").hasSizeGreaterThan(TRIALS * BATCH);
    passed = true;
  }

  private List<String> trial(int number, boolean alsoPostgres, long killAfterMs, SplittableRandom random)
      throws Exception {
    AtomicBoolean killed = new AtomicBoolean();
    List<List<Batch>> acked = new ArrayList<>();
    List<List<Batch>> inDoubt = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> clients = new ArrayList<>();
      for (int k = 0; k < CLIENTS; k++) {
        List<String> mine = new ArrayList<>();
        for (int i = k; i < members.size(); i += CLIENTS) {
          mine.add(members.get(i));
        }
        List<Batch> ok = new ArrayList<>();
        List<Batch> doubt = new ArrayList<>();
        acked.add(ok);
        inDoubt.add(doubt);
        int client = k;
        long seed = random.nextLong();
        clients.add(pool.submit(() -> {
          SplittableRandom r = new SplittableRandom(seed);
          for (int seq = 0; !killed.get(); seq++) {
            Batch b = batch(number, client, seq, mine, r);
            TestHttp.Response answer;
            try {
              answer = http.post("/api/v1/readings", "application/json", b.body());
            } catch (UncheckedIOException e) {
              doubt.add(b);
              return null;
            }
            if (answer.status() != 200 || answer.json().get("stored").asInt() != b.ids().size()) {
              synchronized (problems) {
                problems.add("client " + client + " was refused while the server was up: " + head(answer.body()));
              }
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
      for (Future<?> f : clients) {
        f.get();
      }
    }
    start();

    for (List<Batch> ok : acked) {
      for (Batch b : ok) {
        settle(b);
      }
    }
    // Before anything is re-sent: what was acknowledged must be there (requests in doubt may be there too).
    problems.addAll(storedExactlyOnce(false));
    for (List<Batch> doubt : inDoubt) {
      for (Batch b : doubt) {
        TestHttp.Response again = http.post("/api/v1/readings", "application/json", b.body());
        int stored = again.status() == 200 ? again.json().get("stored").asInt() : -1;
        int duplicates = again.status() == 200 ? again.json().get("duplicates").asInt() : -1;
        if (!(stored == b.ids().size() && duplicates == 0) && !(stored == 0 && duplicates == b.ids().size())) {
          problems.add("a request in doubt, re-sent, answered " + again.status() + " " + stored + " stored / "
              + duplicates + " duplicates of " + b.ids().size() + " (a transaction half committed?)");
        }
        settle(b);
      }
    }
    for (List<Batch> ok : acked) {
      if (!ok.isEmpty()) {
        Batch b = ok.getLast();
        TestHttp.Response again = http.post("/api/v1/readings", "application/json", b.body());
        if (again.status() != 200 || again.json().get("duplicates").asInt() != b.ids().size()) {
          problems.add("an acknowledged request, re-sent, was not all duplicates: " + head(again.body()));
        }
      }
    }
    problems.addAll(storedExactlyOnce(true));
    problems.addAll(alerts());
    return problems;
  }

  private static String head(String body) {
    return body.length() <= 200 ? body : body.substring(0, 200) + "...";
  }

  private void settle(Batch b) {
    for (int i = 0; i < b.ids().size(); i++) {
      settled.put(b.ids().get(i), b.owners().get(i));
    }
  }

  private Batch batch(int trial, int client, int seq, List<String> mine, SplittableRandom r) {
    List<String> ids = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    List<String> items = new ArrayList<>();
    for (int j = 0; j < BATCH; j++) {
      String member = mine.get((seq * BATCH + j) % mine.size());
      String id = "crash-" + trial + "-" + client + "-" + seq + "-" + j;
      String effective = SECONDS.format(OffsetDateTime.ofInstant(base.plusSeconds(nextSecond.getAndIncrement()),
          ZoneOffset.ofHours(8)));
      boolean crisis = crisisMembers.contains(member);
      int systolic = crisis ? 190 + r.nextInt(10) : 112 + r.nextInt(14);
      int diastolic = crisis ? 100 + r.nextInt(11) : 68 + r.nextInt(10);
      items.add("""
          {"identifier": "%s", "patient": "%s", "code": "85354-9", "effective": "%s", "source": "%s",
           "components": [{"code": "8480-6", "value": %d, "unit": "mm[Hg]"},
                          {"code": "8462-4", "value": %d, "unit": "mm[Hg]"}]}"""
          .formatted(id, member, effective, SOURCE, systolic, diastolic));
      ids.add(id);
      owners.add(member);
    }
    return new Batch(ids, owners, "{\"readings\": [" + String.join(",", items) + "]}");
  }

  /** Each settled reading stored once; with {@code exactly}, also nothing stored that is not settled. */
  private List<String> storedExactlyOnce(boolean exactly) throws IOException, SQLException {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> counts = new HashMap<>();
    try (Connection c = database(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select identifier_value, count(*) from observation where source = '"
            + SOURCE + "' group by 1")) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getInt(2));
      }
    }
    long lost = settled.keySet().stream().filter(id -> !counts.containsKey(id)).count();
    long doubled = counts.values().stream().filter(n -> n > 1).count();
    long phantoms = counts.keySet().stream().filter(id -> !settled.containsKey(id)).count();
    if (lost > 0) {
      problems.add(lost + " acknowledged readings lost");
    }
    if (doubled > 0) {
      problems.add(doubled + " readings stored more than once");
    }
    if (exactly && phantoms > 0) {
      problems.add(phantoms + " readings stored that were never acknowledged nor re-sent");
    }
    return problems;
  }

  private List<String> alerts() throws IOException, SQLException {
    List<String> problems = new ArrayList<>();
    try (Connection c = database(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("select count(*) from (select patient_id, effective_at from observation"
          + " where source = '" + SOURCE + "' group by 1, 2 having count(*) > 1) d")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          problems.add(rs.getLong(1) + " (member, time) pairs stored twice");
        }
      }
      try (ResultSet rs = s.executeQuery("select count(*) from observation o where source = '" + SOURCE
          + "' and (select count(*) from reading r where r.observation_id = o.id) <> 2")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          problems.add(rs.getLong(1) + " observations without their two values");
        }
      }
      try (ResultSet rs = s.executeQuery("select count(*) from (select patient_id, family from alert where status"
          + " <> 'resolved' group by 1, 2 having count(*) > 1) d")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          problems.add(rs.getLong(1) + " (member, family) pairs with two unresolved alerts");
        }
      }
      Map<String, Integer> crisis = new HashMap<>();
      try (ResultSet rs = s.executeQuery("select patient_id, count(*) from alert where family = 'htn-crisis'"
          + " group by 1")) {
        while (rs.next()) {
          crisis.put(rs.getString(1), rs.getInt(2));
        }
      }
      Set<String> withReadings = new HashSet<>(settled.values());
      for (String m : members) {
        int n = crisis.getOrDefault(m, 0);
        boolean expected = crisisMembers.contains(m) && withReadings.contains(m);
        if (expected && n != 1) {
          problems.add(m + " has " + n + " htn-crisis alerts, expected exactly one");
        } else if (!expected && n != 0) {
          problems.add(m + " has " + n + " htn-crisis alerts without a crisis reading");
        }
      }
    }
    return problems;
  }

  private Connection database() throws IOException, SQLException {
    List<String> pid = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + pid.get(3).strip() + "/postgres",
        "postgres", "");
  }

  private void start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    long offset = Files.exists(log) ? Files.size(log) : 0;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    server = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "--server.port=" + port,
        "--vigil.data-dir=" + dataDir, "--vigil.security.rate-limit.enabled=false")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!readySince(offset)) {
      assertThat(server.isAlive()).as("the server exited before it was ready; see %s", log).isTrue();
      assertThat(System.nanoTime()).as("the server was not ready within 3 minutes; see %s", log)
          .isLessThan(deadline);
      Thread.sleep(200);
    }
    http = new TestHttp(port, token);
  }

  private boolean readySince(long offset) throws IOException {
    byte[] all = Files.readAllBytes(log);
    return all.length > offset
        && new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8)
            .contains("Vigil is ready at");
  }

  /** SIGKILL of the server JVM and, when asked, of its PostgreSQL's postmaster and backends. */
  private void kill(boolean alsoPostgres) throws Exception {
    List<ProcessHandle> postgres = new ArrayList<>();
    if (alsoPostgres) {
      long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"))
          .getFirst().strip());
      ProcessHandle.of(pid).ifPresent(pm -> {
        postgres.add(pm);
        pm.descendants().forEach(postgres::add);
      });
      assertThat(postgres).as("the embedded PostgreSQL's processes").isNotEmpty();
    }
    server.toHandle().destroyForcibly();
    postgres.forEach(ProcessHandle::destroyForcibly);
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server died of SIGKILL").isTrue();
    for (ProcessHandle p : postgres) {
      p.onExit().get(30, TimeUnit.SECONDS);
    }
  }
}
