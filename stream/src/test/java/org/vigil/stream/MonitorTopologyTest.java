package org.vigil.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.vigil.engine.monitor.Evaluation;
import org.vigil.engine.monitor.Measurement;
import org.vigil.engine.monitor.MemberFacts;
import org.vigil.engine.monitor.Monitor;
import org.vigil.engine.monitor.PatientState;
import org.vigil.engine.monitor.Reading;
import org.vigil.engine.monitor.Setting;
import org.vigil.engine.units.Quantity;
import org.vigil.knowledge.KnowledgeLoader;

/** The topology runs the engine's monitor exactly as one process does: same findings, same state, same absences. */
class MonitorTopologyTest {
  private static final Map<String, Monitor> MONITORS = MonitorTopology.monitors(KnowledgeLoader.loadDefault());
  private static final String PROFILE = "china";
  private static final MemberFacts FACTS = new MemberFacts(java.util.Optional.of("female"),
      java.util.Optional.of(LocalDate.parse("1958-04-02")), Set.of(), java.util.Optional.empty());
  private static final Duration ABSENCE_EVERY = Duration.ofHours(1);

  private static Reading bp(long id, String patient, OffsetDateTime t, Setting setting, double sys, double dia) {
    return new Reading(id, patient, t.toInstant(), t.getOffset(), setting, List.of(
        new Measurement("systolic-bp", new Quantity(sys, "mm[Hg]")),
        new Measurement("diastolic-bp", new Quantity(dia, "mm[Hg]"))));
  }

  /** Three members over 20 days: one with crisis readings, one with high office and home readings, one normal. */
  private static List<Reading> stream(OffsetDateTime start) {
    List<Reading> out = new ArrayList<>();
    long id = 1;
    for (int d = 0; d < 20; d++) {
      OffsetDateTime t = start.plusDays(d);
      out.add(bp(id++, "m-crisis", t.plusHours(1), Setting.HOME, d % 5 == 4 ? 192 : 150, 95));
      out.add(bp(id++, "m-high", t.plusHours(2), d % 7 == 0 ? Setting.OFFICE : Setting.HOME, 152 + d % 3, 96));
      out.add(bp(id++, "m-normal", t.plusHours(3), Setting.HOME, 118, 76));
    }
    return out;
  }

  private static Properties props() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-engine-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    try {
      p.put(StreamsConfig.STATE_DIR_CONFIG, java.nio.file.Files.createTempDirectory("vigil-stream-test").toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return p;
  }

  private static TopologyTestDriver driver(Instant wallClock) {
    return new TopologyTestDriver(MonitorTopology.build(MONITORS, ABSENCE_EVERY), props(), wallClock);
  }

  private static TestInputTopic<String, ReadingEvent> readings(TopologyTestDriver driver) {
    return driver.createInputTopic(MonitorTopology.READINGS_TOPIC, new StringSerializer(),
        Formats.json(ReadingEvent.class).serializer());
  }

  private static TestOutputTopic<String, AlertEvent> alerts(TopologyTestDriver driver) {
    return driver.createOutputTopic(MonitorTopology.ALERTS_TOPIC, new StringDeserializer(),
        Formats.json(AlertEvent.class).deserializer());
  }

  /** What one process decides for the same readings: the direct loop over the engine. */
  private static List<String> direct(List<Reading> readings, Map<String, PatientState> states, Instant received) {
    Monitor m = MONITORS.get(PROFILE);
    List<String> out = new ArrayList<>();
    for (Reading r : readings) {
      Evaluation ev = m.evaluate(states.getOrDefault(r.patientId(), PatientState.EMPTY), FACTS, r, received);
      states.put(r.patientId(), ev.state());
      ev.findings().forEach(f -> out.add(describe(AlertEvent.finding(f, r.id()))));
      ev.cleared().forEach(c -> out.add(describe(AlertEvent.cleared(c, r.id()))));
    }
    return out;
  }

  private static String describe(AlertEvent e) {
    return e.id() + (e.kind() == AlertEvent.Kind.FINDING
        ? " " + e.finding().level() + " " + e.finding().evidence().stream().map(x -> x.readingId()).toList()
            + " " + e.finding().citation().guidelineId()
        : " " + e.cleared().reason());
  }

  @Test
  void theTopologyDecidesWhatOneProcessDecidesAndKeepsTheSameState() {
    OffsetDateTime start = OffsetDateTime.parse("2026-10-01T07:00:00+08:00");
    List<Reading> readings = stream(start);
    Instant received = start.plusDays(21).toInstant();
    Map<String, PatientState> expectedStates = new java.util.HashMap<>();
    List<String> expected = direct(readings, expectedStates, received);
    assertThat(expected).as("the stream raises something to compare").isNotEmpty()
        .anyMatch(s -> s.contains("crisis"));

    try (TopologyTestDriver driver = driver(received)) {
      TestInputTopic<String, ReadingEvent> in = readings(driver);
      TestOutputTopic<String, AlertEvent> out = alerts(driver);
      for (Reading r : readings) {
        in.pipeInput(r.patientId(), ReadingEvent.of(r, PROFILE, FACTS, received));
      }
      List<String> actual = new ArrayList<>();
      out.readValuesToList().forEach(e -> actual.add(describe(e)));
      assertThat(actual).isEqualTo(expected);

      var store = driver.<String, Formats.StoredState>getKeyValueStore(MonitorTopology.STATE_STORE);
      for (var e : expectedStates.entrySet()) {
        assertThat(PatientState.fromBytes(store.get(e.getKey()).state())).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
  }

  @Test
  void aFindingCrossesTheTopicWhole() {
    OffsetDateTime t = OffsetDateTime.parse("2026-10-01T07:00:00+08:00");
    Reading crisis = bp(42, "m1", t, Setting.HOME, 196, 104);
    try (TopologyTestDriver driver = driver(t.toInstant())) {
      readings(driver).pipeInput("m1", ReadingEvent.of(crisis, PROFILE, FACTS, t.toInstant()));
      List<AlertEvent> out = alerts(driver).readValuesToList();
      var direct = MONITORS.get(PROFILE).evaluate(PatientState.EMPTY, FACTS, crisis, t.toInstant());
      List<AlertEvent> findings = out.stream().filter(e -> e.kind() == AlertEvent.Kind.FINDING).toList();
      assertThat(findings).extracting(AlertEvent::finding).as("every field, after JSON both ways")
          .isEqualTo(direct.findings());
      assertThat(out.stream().filter(e -> e.kind() == AlertEvent.Kind.CLEARED).map(AlertEvent::cleared).toList())
          .isEqualTo(direct.cleared());
      assertThat(findings.getFirst().finding().evidence()).extracting(x -> x.readingId()).contains(42L);
    }
  }

  @Test
  void absenceRulesRunOnTheWallClockPunctuatorAsTheSchedulerWould() {
    OffsetDateTime start = OffsetDateTime.parse("2026-10-01T07:00:00+08:00");
    List<Reading> readings = new ArrayList<>();
    for (int d = 0; d < 4; d++) {
      readings.add(bp(d + 1, "m-absent", start.plusDays(d), Setting.OFFICE, 158, 98));
    }
    Instant received = start.plusDays(4).toInstant();
    Map<String, PatientState> states = new java.util.HashMap<>();
    direct(readings, states, received);
    Instant later = received.plus(Duration.ofDays(30));
    Evaluation expected = MONITORS.get(PROFILE).scheduled(states.get("m-absent"), FACTS, "m-absent", later);
    assertThat(expected.findings()).as("30 days without a reading while uncontrolled: a follow-up is due")
        .isNotEmpty();

    try (TopologyTestDriver driver = driver(received)) {
      TestInputTopic<String, ReadingEvent> in = readings(driver);
      TestOutputTopic<String, AlertEvent> out = alerts(driver);
      readings.forEach(r -> in.pipeInput(r.patientId(), ReadingEvent.of(r, PROFILE, FACTS, received)));
      out.readValuesToList();
      driver.advanceWallClockTime(Duration.between(received, later));
      List<AlertEvent> scheduled = out.readValuesToList();
      assertThat(scheduled.stream().filter(e -> e.kind() == AlertEvent.Kind.FINDING).map(AlertEvent::ruleId).toList())
          .containsAll(expected.findings().stream().map(f -> f.ruleId()).toList());
      assertThat(scheduled).allMatch(e -> e.cause() < 0, "caused by a punctuation, not a reading");
    }
  }

  @Test
  void aPunctuationDecidesNothingForAMemberWithARecentReading() {
    OffsetDateTime t = OffsetDateTime.parse("2026-10-01T07:00:00+08:00");
    Reading recent = bp(7, "m-recent", t, Setting.HOME, 152, 96);
    Instant later = t.toInstant().plus(Duration.ofHours(3));
    PatientState state = MONITORS.get(PROFILE).evaluate(PatientState.EMPTY, FACTS, recent, t.toInstant()).state();
    assertThat(MONITORS.get(PROFILE).scheduled(state, FACTS, "m-recent", later).cleared())
        .as("the engine's own answer: the absence rule clearly does not hold").isNotEmpty();

    try (TopologyTestDriver driver = driver(t.toInstant())) {
      readings(driver).pipeInput("m-recent", ReadingEvent.of(recent, PROFILE, FACTS, t.toInstant()));
      TestOutputTopic<String, AlertEvent> out = alerts(driver);
      out.readValuesToList();
      driver.advanceWallClockTime(Duration.between(t.toInstant(), later));
      assertThat(out.readValuesToList()).as("a punctuation decides nothing: the reading already cleared the rule")
          .isEmpty();
    }
  }
}
