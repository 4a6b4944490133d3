package org.vigil.server.patients;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.engine.units.Problem;
import org.vigil.server.crypto.DataKeyProperties;
import org.vigil.server.crypto.KeyRing;
import org.vigil.server.web.InvalidInputException;
import tools.jackson.databind.JsonNode;

/**
 * Key rotation for members' sealed identifiers (ADR 0013). At start it refuses to run when some member is sealed
 * with a key the configuration no longer has, and, when some are sealed with a key other than the active one,
 * rewrites them in the background. {@code POST /api/v1/admin/rekey} starts the same pass by hand; with
 * {@code all}, every member is rewritten and their search hashes recomputed (after a new search key). Each batch
 * locks its members like an ingest does, so a concurrent write is never overwritten with older data.
 */
@Component
public class PatientRekey implements InitializingBean {
  private static final Logger log = LoggerFactory.getLogger(PatientRekey.class);
  static final int BATCH = 500;

  private final JdbcClient jdbc;
  private final JdbcTemplate jdbcTemplate;
  private final TransactionTemplate tx;
  private final PatientVault vault;
  private final PatientRepository repository;
  private final KeyRing keys;
  private final DataKeyProperties props;
  private final Clock clock;
  private final AtomicReference<Run> current = new AtomicReference<>();

  public PatientRekey(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate tx, PatientVault vault,
      PatientRepository repository, KeyRing keys, DataKeyProperties props, Clock clock) {
    this.jdbc = jdbc;
    this.jdbcTemplate = jdbcTemplate;
    this.tx = tx;
    this.vault = vault;
    this.repository = repository;
    this.keys = keys;
    this.props = props;
    this.clock = clock;
  }

  /**
   * Where rotation stands.
   *
   * @param activeKey the key new writes use
   * @param configuredKeys every key the server can decrypt with
   * @param membersByKey how many members each key seals now; when only the active key is left, the others can
   *     be removed from the configuration
   * @param running whether a pass is running
   * @param all whether the last pass rewrote every member (search hashes included)
   * @param rewritten members rewritten by the last pass so far
   * @param startedAt when the last pass started, or null
   * @param finishedAt when it finished, or null
   * @param error why it stopped, or null
   */
  public record Status(String activeKey, Set<String> configuredKeys, Map<String, Long> membersByKey, boolean running,
      boolean all, long rewritten, Instant startedAt, Instant finishedAt, String error) {}

  private static final class Run {
    final boolean all;
    final Instant startedAt;
    final AtomicLong rewritten = new AtomicLong();
    volatile Instant finishedAt;
    volatile String error;

    Run(boolean all, Instant startedAt) {
      this.all = all;
      this.startedAt = startedAt;
    }
  }

  /** Refuses to start when a member is sealed with a key that is not configured. */
  @Override
  public void afterPropertiesSet() {
    Map<String, Long> inUse = membersByKey();
    List<String> missing = inUse.keySet().stream().filter(k -> !keys.ids().contains(k)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("members are sealed with data key(s) " + missing + " ("
          + missing.stream().map(inUse::get).toList() + " members), which vigil.security.data-keys does not have;"
          + " add the key(s) back and remove them only when GET /api/v1/admin/rekey shows no member uses them");
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void rekeyOnStart() {
    if (props.rekeyOnStart() && membersByKey().keySet().stream().anyMatch(k -> !k.equals(keys.activeId()))) {
      log.info("Some members are sealed with an older data key; rewriting them with '{}' in the background",
          keys.activeId());
      start(false);
    }
  }

  /** Starts a pass in the background (one at a time): members under another key, or every member with all. */
  public Status start(boolean all) {
    Run run = new Run(all, clock.instant());
    Run previous = current.get();
    if ((previous != null && previous.finishedAt == null) || !current.compareAndSet(previous, run)) {
      throw new InvalidInputException(409, List.of(new Problem("rekey", "a rekey pass is already running")));
    }
    Thread.ofVirtual().name("vigil-rekey").start(() -> run(run));
    return status();
  }

  public Status status() {
    Run run = current.get();
    return new Status(keys.activeId(), keys.ids(), membersByKey(), run != null && run.finishedAt == null,
        run != null && run.all, run == null ? 0 : run.rewritten.get(), run == null ? null : run.startedAt,
        run == null ? null : run.finishedAt, run == null ? null : run.error);
  }

  private void run(Run run) {
    long t0 = System.nanoTime();
    try {
      String after = "";
      while (true) {
        String from = after;
        Batch batch = tx.execute(s -> run.all ? rehashBatch(from) : resealBatch(from));
        if (batch == null) {
          break;
        }
        after = batch.lastId();
        run.rewritten.addAndGet(batch.size());
      }
      log.info("Rekey finished: {} member(s) rewritten with data key '{}' in {} s", run.rewritten.get(),
          keys.activeId(), String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    } catch (RuntimeException e) {
      // The message names a member id and a field at most, never content.
      run.error = e.getMessage();
      log.error("Rekey stopped after {} member(s): {}", run.rewritten.get(), e.getMessage());
    } finally {
      run.finishedAt = clock.instant();
    }
  }

  /** A batch done: its last member id and how many members it rewrote. */
  private record Batch(String lastId, int size) {}

  /** Seals again, with the active key, the next batch of members sealed with another key; null when none is left. */
  private Batch resealBatch(String after) {
    List<Object[]> updates = new ArrayList<>();
    jdbc.sql("""
            select id, tenant, pii from patient where id > ? and pii_key <> ?
            order by id limit ? for no key update""")
        .params(after, keys.activeId(), BATCH)
        .query(rs -> {
          String id = rs.getString(1);
          updates.add(new Object[] {vault.reseal(id, rs.getString(2), rs.getBytes(3)), vault.activeKeyId(), id});
        });
    if (updates.isEmpty()) {
      return null;
    }
    jdbcTemplate.batchUpdate("update patient set pii = ?, pii_key = ? where id = ?", updates);
    return new Batch((String) updates.getLast()[2], updates.size());
  }

  /** Rewrites the next batch of all members: sealed with the active key, search hashes recomputed. */
  private Batch rehashBatch(String after) {
    List<PatientRepository.StoredPatient> rows = jdbc.sql("""
            select id, version, tenant, resource::text, pii, updated_at from patient where id > ?
            order by id limit ? for no key update""")
        .params(after, BATCH)
        .query((rs, n) -> new PatientRepository.StoredPatient(rs.getString(1), rs.getInt(2), rs.getString(3),
            rs.getString(4), rs.getBytes(5), rs.getObject(6, java.time.OffsetDateTime.class).toInstant()))
        .list();
    if (rows.isEmpty()) {
      return null;
    }
    for (PatientRepository.StoredPatient p : rows) {
      String full = vault.open(p.id(), p.tenant(), p.restJson(), p.pii());
      PatientVault.Sealed sealed = vault.seal(p.id(), p.tenant(), full);
      jdbc.sql("update patient set pii = ?, pii_key = ? where id = ?")
          .params(sealed.pii(), sealed.keyId(), p.id()).update();
      repository.replaceHashes(p.id(), p.tenant(), identifiers(p.tenant(), full), sealed.nameHashes());
    }
    return new Batch(rows.getLast().id(), rows.size());
  }

  /** The identifiers of a resource as stored: those with a system and a value, once each. */
  private List<PatientRepository.Identifier> identifiers(String tenant, String resourceJson) {
    Set<String> seen = new LinkedHashSet<>();
    List<PatientRepository.Identifier> out = new ArrayList<>();
    for (JsonNode i : PatientPii.JSON.readTree(resourceJson).path("identifier")) {
      String system = PatientPii.text(i.get("system"));
      String value = PatientPii.text(i.get("value"));
      if (!system.isEmpty() && !value.isEmpty() && seen.add(system + "|" + PatientPii.normalizeIdentifier(value))) {
        out.add(new PatientRepository.Identifier(system, vault.identifierHash(tenant, value)));
      }
    }
    return out;
  }

  /** Members per data key (a scan of the member table: for the start-up check and the status). */
  Map<String, Long> membersByKey() {
    Map<String, Long> out = new LinkedHashMap<>();
    jdbc.sql("select pii_key, count(*) from patient group by pii_key order by pii_key")
        .query(rs -> {
          out.put(rs.getString(1), rs.getLong(2));
        });
    return out;
  }
}
