package org.vigil.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.vigil.engine.monitor.Cleared;
import org.vigil.engine.monitor.Evaluation;
import org.vigil.engine.monitor.Finding;
import org.vigil.engine.monitor.Monitor;
import org.vigil.engine.monitor.PatientState;
import org.vigil.knowledge.KnowledgeLoader;
import tools.jackson.databind.JsonNode;

/**
 * Checks a run of the scale-out engine against a single-process replay: every reading on the readings topic is fed,
 * member by member in topic order, to the same {@link Monitor} one process runs, and the decisions it makes are
 * compared with the decisions on the alerts topic (read committed, so aborted transactions of a killed instance do not
 * count). Decisions of scheduled checks (absence rules; they depend on the wall clock) are not replayed, only checked
 * for duplicates.
 */
public final class Reconciliation {
  private Reconciliation() {}

  /**
   * @param expected decisions the replay made
   * @param actual decisions on the alerts topic caused by readings
   * @param scheduled decisions on the alerts topic made by scheduled checks
   * @param findings findings (not clearings) on the topic, each decision once
   * @param lost decisions the replay made that are not on the topic (as often as they are missing)
   * @param duplicated decisions on the topic more often than the replay made them (or a scheduled one twice)
   * @param unexpected decisions on the topic the replay never made
   * @param mismatched decisions on both with different content (rule, readings, thresholds, explanation)
   * @param examples a few of the differences, for the log (ids only: member ids are synthetic in demos and tests)
   */
  public record Result(long expected, long actual, long scheduled, long findings, long lost, long duplicated,
      long unexpected, long mismatched, List<String> examples) {
    public boolean clean() {
      return lost == 0 && duplicated == 0 && unexpected == 0 && mismatched == 0;
    }

    public String line() {
      return "decisions: " + actual + " (+" + scheduled + " scheduled), findings: " + findings + ", lost: " + lost
          + ", duplicated: " + duplicated + ", unexpected: " + unexpected + ", mismatched: " + mismatched;
    }
  }

  /** Replays {@code readings} (in topic order per member) and compares with {@code alerts}. */
  public static Result compare(List<ReadingEvent> readings, List<AlertEvent> alerts) {
    return compare(readings, alerts, MonitorTopology.monitors(KnowledgeLoader.loadDefault()));
  }

  public static Result compare(List<ReadingEvent> readings, List<AlertEvent> alerts, Map<String, Monitor> monitors) {
    Map<String, Count> byId = new LinkedHashMap<>();
    Map<String, PatientState> states = new HashMap<>();
    long expected = 0;
    for (ReadingEvent e : readings) {
      Monitor monitor = monitors.get(e.profile());
      if (monitor == null || e.patientId() == null) {
        continue; // the engine skips these too
      }
      Evaluation ev = monitor.evaluate(states.getOrDefault(e.patientId(), PatientState.EMPTY),
          e.facts().toMemberFacts(), e.toReading(), e.receivedAt());
      states.put(e.patientId(), ev.state());
      for (Finding f : ev.findings()) {
        byId.computeIfAbsent(AlertEvent.finding(f, e.id()).id(), k -> new Count()).expect(AlertEvent.finding(f,
            e.id()));
        expected++;
      }
      for (Cleared c : ev.cleared()) {
        byId.computeIfAbsent(AlertEvent.cleared(c, e.id()).id(), k -> new Count()).expect(AlertEvent.cleared(c,
            e.id()));
        expected++;
      }
    }
    long actual = 0;
    long scheduled = 0;
    long findings = 0;
    for (AlertEvent a : alerts) {
      Count c = byId.computeIfAbsent(a.id(), k -> new Count());
      if (c.actual == 0 && a.kind() == AlertEvent.Kind.FINDING) {
        findings++;
      }
      c.actual++;
      if (a.cause() < 0) {
        c.scheduled = true;
        scheduled++;
      } else {
        actual++;
        if (c.expected > 0 && !c.mismatched && !sameContent(c.first, a)) {
          c.mismatched = true;
        }
      }
    }
    long lost = 0;
    long duplicated = 0;
    long unexpected = 0;
    long mismatched = 0;
    List<String> examples = new ArrayList<>();
    for (var entry : byId.entrySet()) {
      Count c = entry.getValue();
      String difference = null;
      if (c.expected == 0 && c.actual > 0 && !c.scheduled) {
        unexpected++;
        difference = "unexpected";
      }
      int allowed = c.expected == 0 ? 1 : c.expected;
      if (c.actual > allowed) {
        duplicated += c.actual - allowed;
        difference = "duplicated x" + (c.actual - allowed);
      }
      if (c.actual < c.expected) {
        lost += c.expected - c.actual;
        difference = "lost x" + (c.expected - c.actual);
      }
      if (c.mismatched) {
        mismatched++;
        difference = "mismatched";
      }
      if (difference != null && examples.size() < 5) {
        examples.add(difference + ": " + entry.getKey());
      }
    }
    return new Result(expected, actual, scheduled, findings, lost, duplicated, unexpected, mismatched, examples);
  }

  private static final class Count {
    int expected;
    int actual;
    boolean mismatched;
    boolean scheduled;
    AlertEvent first;

    void expect(AlertEvent e) {
      expected++;
      if (first == null) {
        first = e;
      }
    }
  }

  private static boolean sameContent(AlertEvent a, AlertEvent b) {
    JsonNode x = Formats.JSON.readTree(Formats.JSON.writeValueAsBytes(a));
    JsonNode y = Formats.JSON.readTree(Formats.JSON.writeValueAsBytes(b));
    return x.equals(y);
  }

  /**
   * Everything committed on {@code topic} now, partition by partition in offset order (read committed: what a
   * transaction aborted, for example one of a killed engine, is not there).
   */
  public static <T> List<T> readAll(String bootstrap, String topic, Class<T> type) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    Deserializer<T> values = Formats.json(type).deserializer();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      partitions.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      Map<TopicPartition, List<T>> out = new LinkedHashMap<>();
      partitions.forEach(tp -> out.put(tp, new ArrayList<>()));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end within 5 minutes");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < end.get(tp)) {
            out.get(tp).add(values.deserialize(topic, r.value()));
          }
        }
      }
      return out.values().stream().flatMap(List::stream).toList();
    }
  }
}
