package org.vigil.server.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.engine.monitor.Reading;
import org.vigil.engine.units.Problem;
import org.vigil.server.monitoring.MemberFactsRepository;
import org.vigil.server.monitoring.Monitors;
import org.vigil.server.web.InvalidInputException;
import org.vigil.stream.MonitorTopology;
import org.vigil.stream.ReadingEvent;

/**
 * Kafka mode's hand-off from ingest to the engine instances (ADR 0016). Readings are stored in PostgreSQL in the
 * ingest transaction as in one process; after it commits they go to the readings topic, and the client is answered
 * only when the brokers have acknowledged every one ({@code acks=all}). If they do not in time the client gets 503
 * and sends again: the readings are then recognised as duplicates by the store and handed over again with the same
 * ids, and the engine ignores a reading it already has — so a reading is never lost between the two and never
 * counted twice. A client that never sends again loses nothing either: the request's reading ids are written to
 * {@code stream_pending} in the ingest transaction and deleted once acknowledged, and {@link PendingRelay} hands over
 * what is left.
 */
public final class ReadingPublisher {
  private static final Logger log = LoggerFactory.getLogger(ReadingPublisher.class);

  private final Producer<String, ReadingEvent> producer;
  private final MemberFactsRepository members;
  private final Monitors monitors;
  private final Duration timeout;
  private final JdbcClient jdbc;
  private final TransactionTemplate separately;

  public ReadingPublisher(Producer<String, ReadingEvent> producer, MemberFactsRepository members, Monitors monitors,
      Duration timeout, JdbcClient jdbc, PlatformTransactionManager transactions) {
    this.producer = producer;
    this.members = members;
    this.monitors = monitors;
    this.timeout = timeout;
    this.jdbc = jdbc;
    this.separately = new TransactionTemplate(transactions);
    separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Prepares the events inside the ingest transaction (the member's facts and profile as of now) and sends them when
   * it commits; the commit returns to the caller only after the brokers acknowledged them.
   */
  public void publishAfterCommit(Collection<Reading> readings, Instant receivedAt) {
    if (readings.isEmpty()) {
      return;
    }
    List<ReadingEvent> events = events(readings, receivedAt);
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      throw new IllegalStateException("readings are handed to Kafka from inside the ingest transaction");
    }
    // Durable with the readings: until the brokers acknowledge, the relay knows they still have to be handed over.
    long pending = jdbc.sql("insert into stream_pending (reading_ids, received_at) values (?, ?) returning id")
        .params(readings.stream().map(Reading::id).toArray(Long[]::new),
            java.time.OffsetDateTime.ofInstant(receivedAt, java.time.ZoneOffset.UTC))
        .query(Long.class).single();
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        send(events);
        // Acknowledged: nothing left to hand over. (If this delete is lost, the relay sends them again: the engine
        // ignores a reading it already has.) A new transaction: the ingest's has committed.
        separately.executeWithoutResult(s -> jdbc.sql("delete from stream_pending where id = ?").param(pending)
            .update());
      }
    });
  }

  /** One event per reading, each member's in time order (the order one process applies them in). */
  List<ReadingEvent> events(Collection<Reading> readings, Instant receivedAt) {
    Map<String, MemberFactsRepository.Member> facts =
        members.load(readings.stream().map(Reading::patientId).distinct().toList());
    List<Reading> sorted = new ArrayList<>(readings);
    sorted.sort(Comparator.comparing(Reading::patientId).thenComparing(Reading::effective)
        .thenComparingLong(Reading::id));
    List<ReadingEvent> events = new ArrayList<>(sorted.size());
    for (Reading r : sorted) {
      MemberFactsRepository.Member m = facts.get(r.patientId());
      if (m == null) {
        continue; // the member was removed since (only the relay meets this)
      }
      events.add(ReadingEvent.of(r, monitors.forTenant(m.tenant()).profileId(), m.facts(), receivedAt));
    }
    return events;
  }

  /** Sends and waits for every acknowledgement; a failure is the client's cue to send again. */
  void send(List<ReadingEvent> events) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
    long deadline = System.nanoTime() + timeout.toNanos(); // from the first send: send() itself may wait
    try {
      for (ReadingEvent e : events) {
        acks.add(producer.send(new ProducerRecord<>(MonitorTopology.READINGS_TOPIC, e.patientId(), e)));
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted");
    } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      log.warn("{} reading(s) stored but not acknowledged by Kafka: {}", events.size(),
          cause.getClass().getSimpleName());
      throw unavailable(cause.getClass().getSimpleName());
    }
  }

  private static InvalidInputException unavailable(String why) {
    return new InvalidInputException(503, List.of(new Problem("readings",
        "stored, but the monitor's queue (Kafka) did not acknowledge them (" + why + "); send the same readings "
            + "again: they are recognised as duplicates and handed over, never counted twice (unsent, Vigil hands "
            + "them over itself once Kafka acknowledges)")));
  }
}
