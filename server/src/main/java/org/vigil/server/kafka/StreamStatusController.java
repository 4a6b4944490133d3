package org.vigil.server.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/stream}: which mode the monitor runs in and, in Kafka mode, how far the alert store has got —
 * decisions stored, decisions seen again and skipped, and the next offset per alerts partition (operators).
 */
@RestController
public class StreamStatusController {
  private final KafkaSettings settings;
  private final ObjectProvider<AlertStore> store;
  private final ObjectProvider<PendingRelay> relay;
  private final JdbcClient jdbc;

  public StreamStatusController(KafkaSettings settings, ObjectProvider<AlertStore> store,
      ObjectProvider<PendingRelay> relay, JdbcClient jdbc) {
    this.settings = settings;
    this.store = store;
    this.relay = relay;
    this.jdbc = jdbc;
  }

  /**
   * The mode, the alert store's progress, and the hand-overs of readings to Kafka still unacknowledged
   * ({@code handOversWaiting}, requests) and handed over later by the relay ({@code relayedSinceStart}, readings).
   */
  public record Status(String mode, long decisionsStored, long storedSinceStart, long repeatedSinceStart,
      Map<Integer, Long> nextOffsets, long handOversWaiting, long relayedSinceStart) {}

  @GetMapping("/api/v1/stream")
  public Status status() {
    AlertStore s = store.getIfAvailable();
    if (!settings.enabled() || s == null) {
      return new Status("one-process", 0, 0, 0, Map.of(), 0, 0);
    }
    Map<Integer, Long> offsets = new LinkedHashMap<>();
    jdbc.sql("select partition, next_offset from stream_offset where topic = 'vigil.alerts' order by partition")
        .query((rs, n) -> offsets.put(rs.getInt(1), rs.getLong(2)))
        .list();
    long decisions = jdbc.sql("select count(*) from stream_decision").query(Long.class).single();
    AlertStore.Counts c = s.counts();
    PendingRelay r = relay.getObject();
    return new Status("kafka", decisions, c.stored(), c.repeated(), offsets, r.waiting(), r.relayedSinceStart());
  }
}
