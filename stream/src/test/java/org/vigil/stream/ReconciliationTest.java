package org.vigil.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.knowledge.KnowledgeLoader;

/** The reconciliation finds the topology's decisions equal to a single-process replay, and counts every difference. */
class ReconciliationTest {
  private static final OffsetDateTime START = OffsetDateTime.parse("2026-09-01T07:00:00+08:00");
  private static List<ReadingEvent> readings;
  private static List<AlertEvent> decided;

  @BeforeAll
  static void runTheTopology() throws Exception {
    readings = SyntheticReadings.of(7, 12, 30, START);
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-reconciliation-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("vigil-reconciliation").toString());
    try (TopologyTestDriver driver = new TopologyTestDriver(MonitorTopology.build(MonitorTopology.monitors(
        KnowledgeLoader.loadDefault()), Duration.ofHours(1)), p, START.toInstant())) {
      var in = driver.createInputTopic(MonitorTopology.READINGS_TOPIC, new StringSerializer(),
          Formats.json(ReadingEvent.class).serializer());
      readings.forEach(r -> in.pipeInput(r.patientId(), r));
      decided = driver.createOutputTopic(MonitorTopology.ALERTS_TOPIC, new StringDeserializer(),
          Formats.json(AlertEvent.class).deserializer()).readValuesToList();
    }
  }

  @Test
  void theTopologysDecisionsAreExactlyTheReplays() {
    Reconciliation.Result r = Reconciliation.compare(readings, decided);
    assertThat(r.expected()).as("the panel raises alerts to compare").isGreaterThan(20);
    assertThat(decided).anyMatch(e -> e.kind() == AlertEvent.Kind.FINDING && e.ruleId().contains("crisis"));
    assertThat(r.actual()).isEqualTo(r.expected()).isEqualTo(decided.size());
    assertThat(r.clean()).as(r.line() + " " + r.examples()).isTrue();
    assertThat(r.findings()).isEqualTo(decided.stream().filter(e -> e.kind() == AlertEvent.Kind.FINDING).count());
  }

  @Test
  void aMissingDecisionIsLost() {
    List<AlertEvent> topic = new ArrayList<>(decided);
    AlertEvent gone = topic.remove(topic.size() / 2);
    Reconciliation.Result r = Reconciliation.compare(readings, topic);
    assertThat(r.lost()).isEqualTo(1);
    assertThat(r.duplicated() + r.unexpected() + r.mismatched()).isZero();
    assertThat(r.examples()).containsExactly("lost x1: " + gone.id());
  }

  @Test
  void aDecisionTwiceIsDuplicated() {
    List<AlertEvent> topic = new ArrayList<>(decided);
    topic.add(decided.get(3));
    topic.add(decided.get(3));
    Reconciliation.Result r = Reconciliation.compare(readings, topic);
    assertThat(r.duplicated()).isEqualTo(2);
    assertThat(r.lost() + r.unexpected() + r.mismatched()).isZero();
  }

  @Test
  void aDecisionTheReplayNeverMadeIsUnexpected() {
    AlertEvent any = decided.getFirst();
    List<AlertEvent> topic = new ArrayList<>(decided);
    topic.add(new AlertEvent(any.kind(), any.patientId(), 9_999_999, any.finding(), any.cleared()));
    Reconciliation.Result r = Reconciliation.compare(readings, topic);
    assertThat(r.unexpected()).isEqualTo(1);
    assertThat(r.lost() + r.duplicated() + r.mismatched()).isZero();
  }

  @Test
  void theSameDecisionWithOtherContentIsMismatched() {
    List<AlertEvent> findings = decided.stream().filter(e -> e.kind() == AlertEvent.Kind.FINDING).toList();
    AlertEvent a = findings.getFirst();
    AlertEvent b = findings.stream().filter(e -> e.ruleId().equals(a.ruleId()) && e.cause() != a.cause())
        .findFirst().orElseThrow();
    List<AlertEvent> topic = new ArrayList<>(decided);
    topic.set(topic.indexOf(a), new AlertEvent(a.kind(), a.patientId(), a.cause(), b.finding(), null));
    Reconciliation.Result r = Reconciliation.compare(readings, topic);
    assertThat(r.mismatched()).as(r.line()).isEqualTo(1);
    assertThat(r.lost() + r.duplicated() + r.unexpected()).isZero();
  }

  @Test
  void scheduledDecisionsAreNotReplayedButCountedTwiceWhenTwice() {
    AlertEvent any = decided.getFirst();
    AlertEvent scheduled = new AlertEvent(any.kind(), any.patientId(), -1_790_000_000_000L, any.finding(),
        any.cleared());
    List<AlertEvent> once = new ArrayList<>(decided);
    once.add(scheduled);
    Reconciliation.Result r = Reconciliation.compare(readings, once);
    assertThat(r.clean()).as(r.line()).isTrue();
    assertThat(r.scheduled()).isEqualTo(1);
    once.add(scheduled);
    assertThat(Reconciliation.compare(readings, once).duplicated()).isEqualTo(1);
  }
}
