package org.vigil.server.risk;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.server.monitoring.MonitorService;

/**
 * Recomputes the risk and Five-Highs tier of members whose monitor state moved, after their readings committed
 * (ADR 0015). The ingest transaction marks a member ({@code risk_stale_since}) in the statement that bumps its
 * monitor version, so the mark is as durable as the readings. Here, marked members are taken a batch at a time
 * with {@code FOR NO KEY UPDATE SKIP LOCKED} — a member being ingested right now is left for the next round, never
 * waited on — recomputed from their current state, and unmarked in the same transaction. A member who sends many
 * readings between rounds is recomputed once.
 */
@Component
public class RiskRefresher {
  private static final Logger log = LoggerFactory.getLogger(RiskRefresher.class);

  private final RiskService risk;
  private final MonitorService monitor;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final int batch;

  public RiskRefresher(RiskService risk, MonitorService monitor, JdbcClient jdbc, TransactionTemplate tx, Clock clock,
      @Value("${vigil.risk.refresh-batch:500}") int batch) {
    this.risk = risk;
    this.monitor = monitor;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.batch = batch;
  }

  @Scheduled(fixedDelayString = "${vigil.risk.refresh-delay:PT0.5S}", initialDelayString = "${vigil.risk.refresh-delay:PT0.5S}")
  public void run() {
    try {
      drain();
    } catch (RuntimeException e) {
      // The marks stay; the next round tries again.
      log.warn("risk refresh failed; the members stay marked and are retried: {}", e.toString());
    }
  }

  /** Refreshes marked members until none is left that is not locked by someone else; returns how many. */
  public int drain() {
    int total = 0;
    int n;
    do {
      n = refreshBatch();
      total += n;
    } while (n == batch);
    return total;
  }

  /** One batch, oldest marks first; returns the number of members refreshed. */
  int refreshBatch() {
    Integer n = tx.execute(status -> {
      List<String> ids = jdbc.sql("""
              select id from patient where risk_stale_since is not null
              order by risk_stale_since limit ? for no key update skip locked""")
          .param(batch)
          .query(String.class)
          .list();
      if (ids.isEmpty()) {
        return 0;
      }
      Instant now = clock.instant();
      risk.refresh(monitor.currentStates(ids), now);
      // A member the refresh could not assess (no facts) is unmarked too, or it would be taken again forever.
      jdbc.sql("update patient set risk_stale_since = null where id = any(?) and risk_stale_since is not null")
          .param(ids.toArray(String[]::new))
          .update();
      return ids.size();
    });
    return n == null ? 0 : n;
  }

  /** How many members wait for a refresh, and since when the oldest has (for health and benchmarks). */
  public record Backlog(int members, Instant oldest) {}

  public Backlog backlog() {
    return jdbc.sql("select count(*), min(risk_stale_since) from patient where risk_stale_since is not null")
        .query((rs, i) -> new Backlog(rs.getInt(1), rs.getObject(2, java.time.OffsetDateTime.class) == null ? null
            : rs.getObject(2, java.time.OffsetDateTime.class).toInstant()))
        .single();
  }
}
