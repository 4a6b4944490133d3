package org.vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.vigil.sim.PatientJson;
import org.vigil.sim.SimMember;

/** What the end-to-end drivers need before the clock starts: members on the server, and its database. */
final class Setup {
  private Setup() {}

  /** Members per FHIR transaction Bundle: one commit for many members is about three times faster than PUTs. */
  private static final int PER_BUNDLE = 250;

  /** Creates the sim members with FHIR transaction Bundles of {@code PUT Patient/{id}}; fails on any error. */
  static void createMembers(VigilClient vigil, List<SimMember> members, int concurrency) {
    create(vigil, members, SimMember::id, PatientJson::of, concurrency);
  }

  /** Creates bare members (probe and crash members) by id. */
  static void createIds(VigilClient vigil, List<String> ids, int concurrency) {
    create(vigil, ids, id -> id, id -> new String(Payloads.patient(id), StandardCharsets.UTF_8), concurrency);
  }

  private static <T> void create(VigilClient vigil, List<T> items, Function<T, String> id,
      Function<T, String> resource, int concurrency) {
    Semaphore permits = new Semaphore(concurrency);
    AtomicInteger failed = new AtomicInteger();
    Map<String, Integer> reasons = new ConcurrentHashMap<>();
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int from = 0; from < items.size(); from += PER_BUNDLE) {
        List<T> part = items.subList(from, Math.min(items.size(), from + PER_BUNDLE));
        StringBuilder b = new StringBuilder(part.size() * 600).append(
            "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        for (int i = 0; i < part.size(); i++) {
          b.append(i > 0 ? "," : "").append("{\"request\":{\"method\":\"PUT\",\"url\":");
          Payloads.string(b, "Patient/" + id.apply(part.get(i))).append("},\"resource\":")
              .append(resource.apply(part.get(i))).append('}');
        }
        byte[] body = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        permits.acquireUninterruptibly();
        pool.execute(() -> {
          try {
            VigilClient.Answer a = vigil.post("/fhir", VigilClient.FHIR_JSON, body);
            if (a.status() != 200) {
              failed.addAndGet(part.size());
              reasons.merge(a.reason(), 1, Integer::sum);
            }
          } finally {
            permits.release();
          }
        });
      }
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " of " + items.size() + " members were not created: " + reasons);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.err.printf("  created %,d members in %.1f s (%.0f/s)%n", items.size(), s, items.size() / s);
  }

  /**
   * A connection to the embedded PostgreSQL of a Vigil data dir (the port is the fourth line of
   * {@code <data-dir>/postgres/postmaster.pid}; user postgres, database postgres, trust on localhost, as
   * DatabaseConfig connects), or to {@code jdbcUrl} when given.
   */
  static Connection database(Path dataDir, String jdbcUrl) throws IOException, SQLException {
    String url = jdbcUrl;
    if (url == null) {
      List<String> pid = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
      url = "jdbc:postgresql://localhost:" + pid.get(3).strip() + "/postgres";
    }
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    Connection c = new org.postgresql.Driver().connect(url, p);
    if (c == null) {
      throw new SQLException("not a PostgreSQL JDBC URL: " + url);
    }
    return c;
  }
}
