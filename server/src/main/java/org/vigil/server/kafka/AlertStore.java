package org.vigil.server.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.engine.monitor.Cleared;
import org.vigil.engine.monitor.Finding;
import org.vigil.server.alerts.AlertService;
import org.vigil.server.patients.PatientService;
import org.vigil.stream.AlertEvent;
import org.vigil.stream.Formats;
import org.vigil.stream.MonitorTopology;

/**
 * Stores the engine's decisions (topic {@code vigil.alerts}, read committed) as alerts in PostgreSQL, exactly as one
 * process records them — same alert rows, events, escalation times and member advice. Idempotent twice over: the
 * topic offsets are kept in PostgreSQL and advanced in the same transaction as the alerts they produced (so a crash
 * re-reads exactly what was not stored), and each decision's id is recorded once ({@code stream_decision}), so even
 * a decision that reached the topic twice changes the alerts once.
 */
public final class AlertStore implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(AlertStore.class);

  private final KafkaSettings settings;
  private final AlertService alerts;
  private final PatientService patients;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong repeated = new AtomicLong();
  private volatile boolean running;
  private volatile KafkaConsumer<String, AlertEvent> consumer;
  private Thread thread;

  public AlertStore(KafkaSettings settings, AlertService alerts, PatientService patients, JdbcClient jdbc,
      TransactionTemplate tx) {
    this.settings = settings;
    this.alerts = alerts;
    this.patients = patients;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  /** Decisions stored since start, and decisions skipped because they had been stored already. */
  public record Counts(long stored, long repeated) {}

  public Counts counts() {
    return new Counts(stored.get(), repeated.get());
  }

  @Override
  public void start() {
    running = true;
    thread = Thread.ofPlatform().name("vigil-alert-store").daemon().start(this::run);
  }

  @Override
  public void stop() {
    running = false;
    KafkaConsumer<String, AlertEvent> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (running) {
      try (KafkaConsumer<String, AlertEvent> c = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap(),
          ConsumerConfig.GROUP_ID_CONFIG, settings.group(),
          ConsumerConfig.CLIENT_ID_CONFIG, "vigil-alert-store",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
          // Only what the engine committed: decisions of a transaction it aborted (an instance died) never count.
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
          ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000),
          new StringDeserializer(), Formats.json(AlertEvent.class).deserializer())) {
        consumer = c;
        c.subscribe(List.of(MonitorTopology.ALERTS_TOPIC), new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            seekToStored(c, partitions);
          }
        });
        while (running) {
          ConsumerRecords<String, AlertEvent> records = c.poll(Duration.ofMillis(500));
          if (records.isEmpty()) {
            continue;
          }
          try {
            Counts n = tx.execute(s -> store(records));
            stored.addAndGet(n.stored());
            repeated.addAndGet(n.repeated());
            c.commitAsync(); // for lag monitoring only; PostgreSQL holds the offsets that count
          } catch (RuntimeException e) {
            log.warn("storing {} alert event(s) failed ({}); they are read again", records.count(),
                e.getClass().getSimpleName());
            seekToStored(c, c.assignment());
            pause();
          }
        }
      } catch (WakeupException e) {
        // stopping
      } catch (RuntimeException e) {
        log.warn("the alert consumer stopped ({}); starting it again", e.getClass().getSimpleName());
        pause();
      } finally {
        consumer = null;
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Positions each partition where PostgreSQL says storing stopped (the beginning when it never started). */
  private void seekToStored(KafkaConsumer<String, AlertEvent> c, Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<Integer, Long> next = new HashMap<>();
    jdbc.sql("select partition, next_offset from stream_offset where topic = ?")
        .param(MonitorTopology.ALERTS_TOPIC)
        .query((rs, n) -> next.put(rs.getInt(1), rs.getLong(2)))
        .list();
    List<TopicPartition> fresh = new ArrayList<>();
    for (TopicPartition p : partitions) {
      Long offset = next.get(p.partition());
      if (offset == null) {
        fresh.add(p);
      } else {
        c.seek(p, offset);
      }
    }
    if (!fresh.isEmpty()) {
      c.seekToBeginning(fresh);
    }
  }

  /** One poll's decisions, in topic order per member, with the offsets they advance, in one transaction. */
  Counts store(ConsumerRecords<String, AlertEvent> records) {
    List<ConsumerRecord<String, AlertEvent>> all = new ArrayList<>(records.count());
    records.forEach(all::add);
    Set<String> ids = new LinkedHashSet<>();
    Set<String> members = new HashSet<>();
    for (var r : all) {
      ids.add(r.value().id());
      members.add(r.value().patientId());
    }
    Set<String> fresh = new HashSet<>(jdbc.sql("""
            insert into stream_decision (id) select unnest(?::text[])
            on conflict (id) do nothing returning id""")
        .param(ids.toArray(String[]::new))
        .query(String.class).list());
    // The same locks ingest takes, so a condition change re-judging a member does not interleave with this.
    Set<String> known = patients.lockExisting(members);
    List<Finding> findings = new ArrayList<>();
    Instant at = null;
    long storedNow = 0;
    long repeatedNow = 0;
    for (var r : all) {
      AlertEvent e = r.value();
      if (!fresh.remove(e.id())) {
        repeatedNow++;
        continue;
      }
      storedNow++;
      if (!known.contains(e.patientId())) {
        continue; // the member was removed meanwhile
      }
      // As of the engine's "now" for the decision (when Vigil received the reading, or the scheduled check's
      // time), as one process would: a backlog caught up later still opens and escalates on the reading's clock.
      if (e.kind() == AlertEvent.Kind.FINDING) {
        if (!findings.isEmpty() && !e.finding().asOf().equals(at)) {
          flush(findings, at);
        }
        at = e.finding().asOf();
        findings.add(e.finding());
      } else {
        flush(findings, at);
        alerts.clear(List.<Cleared>of(e.cleared()), e.cleared().asOf());
      }
    }
    flush(findings, at);
    Map<Integer, Long> next = new HashMap<>();
    for (var r : all) {
      next.merge(r.partition(), r.offset() + 1, Math::max);
    }
    next.forEach((partition, offset) -> jdbc.sql("""
            insert into stream_offset (topic, partition, next_offset) values (?, ?, ?)
            on conflict (topic, partition) do update set next_offset = excluded.next_offset""")
        .params(MonitorTopology.ALERTS_TOPIC, partition, offset)
        .update());
    return new Counts(storedNow, repeatedNow);
  }

  private void flush(List<Finding> findings, Instant at) {
    if (!findings.isEmpty()) {
      alerts.record(List.copyOf(findings), at);
      findings.clear();
    }
  }
}
