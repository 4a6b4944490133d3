package org.vigil.server.risk;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.server.monitoring.MonitorService;
import org.vigil.server.patients.PatientService;
import org.vigil.server.web.InvalidInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Re-scores the whole population (after new coefficients, a new knowledge version or a bulk import): every
 * member's models and tier, a page at a time, with progress kept in the database and a summary at the end.
 */
@Component
public class RescoreJob {
  private static final Logger log = LoggerFactory.getLogger(RescoreJob.class);
  private static final int PAGE = 500;

  private final RiskService risk;
  private final MonitorService monitor;
  private final PatientService patients;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final JsonMapper json;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();

  public RescoreJob(RiskService risk, MonitorService monitor, PatientService patients, JdbcClient jdbc,
      TransactionTemplate tx, JsonMapper json, Clock clock) {
    this.risk = risk;
    this.monitor = monitor;
    this.patients = patients;
    this.jdbc = jdbc;
    this.tx = tx;
    this.json = json;
    this.clock = clock;
  }

  /** A job's progress: how many of how many members, and the summary once finished. */
  public record Progress(long id, Instant startedAt, Instant finishedAt, int total, int done, Map<String, Object> summary) {}

  /** Starts a re-score in the background; one at a time. */
  public Progress start() {
    if (!running.compareAndSet(false, true)) {
      throw new InvalidInputException(409, List.of(new org.vigil.engine.units.Problem("job",
          "a re-score is already running")));
    }
    Instant now = clock.instant();
    long id = jdbc.sql("insert into rescore_job (started_at, total) values (?, ?) returning id")
        .params(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), risk.population()).query(Long.class).single();
    Thread.ofVirtual().name("vigil-rescore-" + id).start(() -> run(id));
    return progress(id);
  }

  private void run(long id) {
    long t0 = System.nanoTime();
    try {
      String after = "";
      int done = 0;
      while (true) {
        List<String> page = risk.page(after, PAGE);
        if (page.isEmpty()) {
          break;
        }
        tx.executeWithoutResult(s -> {
          patients.lockExisting(Set.copyOf(page));
          Instant now = clock.instant();
          for (String p : page) {
            risk.refresh(Map.of(p, monitor.currentState(p)), now);
          }
        });
        done += page.size();
        after = page.getLast();
        jdbc.sql("update rescore_job set done = ? where id = ?").params(done, id).update();
      }
      Map<String, Object> summary = Map.of("members", done, "tiers", risk.tierCounts(),
          "seconds", (System.nanoTime() - t0) / 1e9);
      jdbc.sql("update rescore_job set finished_at = ?, summary = cast(? as jsonb) where id = ?")
          .params(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), json.writeValueAsString(summary), id)
          .update();
      log.info("re-score {} finished: {} members in {} s", id, done, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    } catch (RuntimeException e) {
      log.error("re-score {} failed", id, e);
      jdbc.sql("update rescore_job set finished_at = ?, summary = cast(? as jsonb) where id = ?")
          .params(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
              json.writeValueAsString(Map.of("error", String.valueOf(e.getMessage()))), id)
          .update();
    } finally {
      running.set(false);
    }
  }

  public Progress progress(long id) {
    return jdbc.sql("select id, started_at, finished_at, total, done, summary::text from rescore_job where id = ?")
        .param(id)
        .query((rs, n) -> new Progress(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
            rs.getObject(3, OffsetDateTime.class) == null ? null : rs.getObject(3, OffsetDateTime.class).toInstant(),
            rs.getInt(4), rs.getInt(5), rs.getString(6) == null ? null
                : json.readValue(rs.getString(6), new tools.jackson.core.type.TypeReference<Map<String, Object>>() {})))
        .optional()
        .orElseThrow(() -> new org.vigil.server.web.NotFoundException("re-score job " + id + " does not exist"));
  }
}
