package org.vigil.server.kafka;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.server.ingest.ObservationStore;

/**
 * Kafka mode's safety net (ADR 0016): hands over readings that were stored but never acknowledged by the brokers —
 * a 503 the client did not follow with a re-send, or a server that stopped between the commit and the
 * acknowledgement. Every {@code vigil.kafka.relay-every} it takes the {@code stream_pending} rows older than
 * {@code relay-after} (locked, skipping rows another server holds), sends their readings as they are stored (with the
 * member's facts and profile as of now and the time Vigil received them), and deletes the rows once acknowledged. A
 * reading handed over twice changes nothing: the engine ignores a reading it already has.
 */
public final class PendingRelay {
  private static final Logger log = LoggerFactory.getLogger(PendingRelay.class);
  private static final int ROWS_PER_ROUND = 100;

  private final ReadingPublisher publisher;
  private final ObservationStore observations;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Duration after;
  private final AtomicLong relayed = new AtomicLong();

  public PendingRelay(ReadingPublisher publisher, ObservationStore observations, JdbcClient jdbc,
      TransactionTemplate tx, Duration after) {
    this.publisher = publisher;
    this.observations = observations;
    this.jdbc = jdbc;
    this.tx = tx;
    this.after = after;
  }

  private record Pending(long id, Long[] readingIds, Instant receivedAt) {}

  @Scheduled(fixedDelayString = "${vigil.kafka.relay-every:PT30S}", initialDelayString = "${vigil.kafka.relay-every:PT30S}")
  public void scheduled() {
    try {
      relay();
    } catch (RuntimeException e) {
      // Kafka still unavailable (or the database): the rows stay for the next round.
      log.warn("relay of unacknowledged readings did not complete: {}", e.getClass().getSimpleName());
    }
  }

  /** One round: hands over what has waited longer than {@code relay-after}; returns how many readings it sent. */
  public int relay() {
    int sent = 0;
    while (true) {
      Integer n = tx.execute(s -> {
        List<Pending> rows = jdbc.sql("""
                select id, reading_ids, received_at from stream_pending
                where created_at < now() - make_interval(secs => ?)
                order by id limit ? for update skip locked""")
            .params(after.toMillis() / 1000.0, ROWS_PER_ROUND)
            .query((rs, i) -> new Pending(rs.getLong(1), (Long[]) rs.getArray(2).getArray(),
                rs.getObject(3, OffsetDateTime.class).toInstant()))
            .list();
        int count = 0;
        for (Pending p : rows) {
          var events = publisher.events(observations.loadByIds(Arrays.asList(p.readingIds())), p.receivedAt());
          publisher.send(events); // throws (503) when the brokers still do not acknowledge: the rows stay
          count += events.size();
        }
        List<Long> ids = new ArrayList<>(rows.size());
        rows.forEach(p -> ids.add(p.id()));
        if (!ids.isEmpty()) {
          jdbc.sql("delete from stream_pending where id = any(?)").param(ids.toArray(Long[]::new)).update();
        }
        return rows.isEmpty() ? -1 : count;
      });
      if (n == null || n < 0) {
        break;
      }
      sent += n;
    }
    if (sent > 0) {
      relayed.addAndGet(sent);
      log.info("handed over {} stored reading(s) the brokers had not acknowledged", sent);
    }
    return sent;
  }

  /** Readings handed over by the relay since start. */
  public long relayedSinceStart() {
    return relayed.get();
  }

  /** Hand-overs still waiting for an acknowledgement (rows of {@code stream_pending}). */
  public long waiting() {
    return jdbc.sql("select count(*) from stream_pending").query(Long.class).single();
  }
}
