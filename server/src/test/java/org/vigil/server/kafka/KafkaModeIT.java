package org.vigil.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.server.Times.daysAgo;
import static org.vigil.server.Times.hoursAgo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.vigil.server.TestHttp;
import org.vigil.server.VigilApplication;
import org.vigil.server.monitoring.ScheduledChecks;
import org.vigil.stream.AlertEvent;
import org.vigil.stream.Formats;
import org.vigil.stream.LocalKafka;
import org.vigil.stream.MonitorTopology;
import org.vigil.stream.ReadingEvent;
import org.vigil.stream.Reconciliation;
import org.vigil.stream.StreamEngine;
import org.vigil.stream.Topics;
import tools.jackson.databind.JsonNode;

/**
 * The server's Kafka mode (ADR 0016) with real parts: an in-process KRaft broker ({@link LocalKafka}), an engine
 * instance ({@link StreamEngine}) in this JVM, the server with its own embedded PostgreSQL, and HTTP like any client.
 * The tests run in order and share the cluster:
 *
 * <ol>
 *   <li>a crisis reading is answered once stored and on the readings topic; the engine's alert reaches PostgreSQL
 *       with its rule, citation and the reading as evidence;
 *   <li>the server's scheduler still escalates it;
 *   <li>re-sent, the reading is a duplicate handed over again with its stored id, and nothing new is decided;
 *   <li>a decision delivered twice on the alerts topic is counted as repeated and changes no alert;
 *   <li>the engine's absence punctuator raises the follow-up of an uncontrolled member without recent readings
 *       (and not of a controlled one);
 *   <li>a reading the broker refused (503) and the client never sent again is handed over by the relay, and its
 *       alert decided;
 *   <li>last, with the broker gone: 503 problem+json naming {@code readings} within the publish timeout, and the
 *       reading is stored and waits for the relay.
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaModeIT {
  private static final int PARTITIONS = 3;
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration ABSENCE_EVERY = Duration.ofSeconds(2);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ENGINE_APP = "vigil-engine-it";

  private Path dir;
  private LocalKafka kafka;
  private String bootstrap;
  private ConfigurableApplicationContext app;
  private StreamEngine engine;
  private TestHttp http;
  private JdbcClient jdbc;

  // What the ordered tests hand on: the member with the crisis reading, the batch that sent it, its ids.
  private String crisisMember;
  private String crisisBatch;
  private long crisisReading;
  private long crisisAlert;

  @BeforeAll
  void start() throws Exception {
    quietKafka();
    dir = Files.createTempDirectory("vigil-kafka-mode-");
    Path data = Files.createDirectories(dir.resolve("data"));
    kafka = new LocalKafka(1, dir.resolve("kafka"));
    bootstrap = kafka.bootstrapServers();
    // As arguments, not builder properties: those are defaults, and application.yaml's server.port would win.
    app = new SpringApplicationBuilder(VigilApplication.class).run(
        "--vigil.data-dir=" + data, "--server.port=0",
        "--vigil.kafka.bootstrap=" + bootstrap,
        "--vigil.kafka.partitions=" + PARTITIONS,
        "--vigil.kafka.replication=1",
        "--vigil.kafka.publish-timeout=" + PUBLISH_TIMEOUT,
        // The relay runs when a test calls it (its schedule is an hour away), for hand-overs older than a second.
        "--vigil.kafka.relay-after=PT1S", "--vigil.kafka.relay-every=PT1H",
        "--logging.level.org.apache.kafka=WARN", "--logging.level.kafka=WARN",
        "--logging.level.state.change.logger=WARN");
    http = TestHttp.operator(((WebServerApplicationContext) app).getWebServer().getPort(), data);
    jdbc = app.getBean(JdbcClient.class);
    Properties extra = new Properties();
    extra.put("commit.interval.ms", 100);
    engine = new StreamEngine(bootstrap, Files.createDirectories(dir.resolve("engine")), "it", ABSENCE_EVERY,
        ENGINE_APP, extra);
    engine.start();
    await("the engine runs with all " + PARTITIONS + " partitions",
        () -> engine.state() == KafkaStreams.State.RUNNING && engine.activePartitions().size() == PARTITIONS);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (engine != null) {
        engine.close();
      }
    } finally {
      try {
        if (app != null) {
          app.close();
        }
      } finally {
        try {
          if (kafka != null) {
            kafka.close(); // the broker last: the server and the engine talk to it until they stop
          }
        } finally {
          deleteQuietly(dir);
        }
      }
    }
  }

  @Test
  @Order(1)
  void aCrisisReadingIsAnsweredOnceStoredAndHandedOverAndTheEnginesAlertIsStoredWithItsEvidence() {
    assertThat(status().get("mode").asString()).isEqualTo("kafka");
    crisisMember = member("premium");
    crisisBatch = batch(bp(crisisMember, 188, 96, hoursAgo(1), "home"));
    TestHttp.Response r = http.post("/api/v1/readings", "application/json", crisisBatch);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("stored").asInt()).isEqualTo(1);
    assertThat(r.json().get("duplicates").asInt()).isZero();
    JsonNode item = r.json().get("items").get(0);
    assertThat(item.get("status").asString()).isEqualTo("stored");
    assertThat(item.get("alerts")).as("decided later, by the engine").isEmpty();
    String reference = item.get("id").asString();
    crisisReading = Long.parseLong(reference.substring("Observation/".length()));

    // Answered only after the broker acknowledged it: the reading is on the topic already.
    List<ReadingEvent> onTopic = readings(crisisMember);
    assertThat(onTopic).extracting(ReadingEvent::id).containsExactly(crisisReading);
    assertThat(onTopic.getFirst().profile()).as("the default tenant's profile").isEqualTo("china");

    JsonNode alert = awaitValue("the engine's crisis alert in PostgreSQL", () -> alerts(crisisMember),
        a -> !a.isEmpty()).get(0);
    assertThat(alerts(crisisMember)).hasSize(1);
    crisisAlert = alert.get("id").asLong();
    assertThat(alert.get("family").asString()).isEqualTo("htn-crisis");
    assertThat(alert.get("ruleId").asString()).isEqualTo("htn.acc-aha-2017.crisis");
    assertThat(alert.get("severity").asString()).isEqualTo("emergency");
    assertThat(alert.get("status").asString()).isEqualTo("open");
    assertThat(alert.get("citation").get("guidelineId").asString()).isEqualTo("acc-aha-2017");
    assertThat(alert.get("citation").get("year").asInt()).isEqualTo(2017);
    assertThat(alert.get("evidence")).isNotEmpty();
    assertThat(alert.get("evidence")).extracting(e -> e.get("id").asString()).containsOnly(reference);
    assertThat(alert.get("evidence")).extracting(e -> e.get("value").asDouble()).contains(188.0, 96.0);
    assertThat(alert.get("thresholds").get(0).get("threshold").get("value").asDouble()).isEqualTo(180.0);
    assertThat(alert.get("explanation").asString()).contains("188/96 mmHg");

    // Stored from the engine's decision for exactly this reading, and counted.
    String decision = crisisMember + "|" + alert.get("ruleId").asString() + "|" + crisisReading + "|FINDING";
    assertThat(count("select count(*) from stream_decision where id = ?", decision)).isEqualTo(1);
    JsonNode status = status();
    assertThat(status.get("decisionsStored").asLong()).isPositive();
    assertThat(status.get("storedSinceStart").asLong()).isPositive();
    assertThat(status.get("nextOffsets")).isNotEmpty();
    assertThat(count("select count(*) from stream_pending")).as("acknowledged: no hand-over left waiting").isZero();
    assertThat(status.get("handOversWaiting").asLong()).isZero();
  }

  @Test
  @Order(2)
  void anUnacknowledgedAlertStillEscalatesInKafkaMode() {
    JsonNode alert = http.get("/api/v1/alerts/" + crisisAlert).json();
    assertThat(alert.get("status").asString()).isEqualTo("open");
    Instant opened = Instant.parse(alert.get("openedAt").asString());
    Instant escalateAt = Instant.parse(alert.get("escalateAt").asString());
    assertThat(Duration.between(opened, escalateAt)).as("premium tier: 15 minutes for an emergency")
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(escalateAt).isAfter(Instant.now());
    assertThat(http.get("/api/v1/escalations").json()).noneMatch(a -> a.get("id").asLong() == crisisAlert);

    jdbc.sql("update alert set escalate_at = ? where id = ?")
        .params(OffsetDateTime.now().minusMinutes(1), crisisAlert).update();
    app.getBean(ScheduledChecks.class).escalate();

    JsonNode escalated = http.get("/api/v1/alerts/" + crisisAlert).json();
    assertThat(escalated.get("status").asString()).isEqualTo("escalated");
    assertThat(escalated.get("escalatedTo").asString()).isEqualTo("doctor");
    assertThat(http.get("/api/v1/escalations").json()).anyMatch(a -> a.get("id").asLong() == crisisAlert);
    assertThat(http.get("/api/v1/alerts/" + crisisAlert + "/history").json())
        .extracting(e -> e.get("action").asString()).containsExactly("opened", "escalated");
  }

  @Test
  @Order(3)
  void reSentReadingsAreDuplicatesHandedOverAgainWithTheirIdsAndDecideNothingNew() {
    awaitCaughtUp();
    long decisions = status().get("decisionsStored").asLong();
    JsonNode alertsBefore = alerts(crisisMember);
    long allAlerts = count("select count(*) from alert");

    TestHttp.Response again = http.post("/api/v1/readings", "application/json", crisisBatch);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().get("stored").asInt()).isZero();
    assertThat(again.json().get("duplicates").asInt()).isEqualTo(1);
    assertThat(again.json().get("items").get(0).get("id").asString()).isEqualTo("Observation/" + crisisReading);
    assertThat(count("select count(*) from observation where patient_id = ?", crisisMember)).isEqualTo(1);
    assertThat(readings(crisisMember)).as("handed over again, with the stored id")
        .extracting(ReadingEvent::id).containsExactly(crisisReading, crisisReading);

    awaitCaughtUp();
    assertThat(status().get("decisionsStored").asLong())
        .as("the engine ignores a reading it already has; decisions: %s", decisionIds()).isEqualTo(decisions);
    assertThat(alerts(crisisMember)).isEqualTo(alertsBefore);
    assertThat(count("select count(*) from alert")).isEqualTo(allAlerts);
  }

  @Test
  @Order(4)
  void aDecisionDeliveredTwiceIsCountedAsRepeatedAndChangesNoAlert() throws Exception {
    awaitCaughtUp();
    AlertEvent original = Reconciliation.readAll(bootstrap, MonitorTopology.ALERTS_TOPIC, AlertEvent.class)
        .stream().filter(e -> e.kind() == AlertEvent.Kind.FINDING && e.patientId().equals(crisisMember)
            && e.cause() == crisisReading)
        .findFirst().orElseThrow();
    JsonNode before = status();
    JsonNode alertsBefore = alerts(crisisMember);
    long history = http.get("/api/v1/alerts/" + crisisAlert + "/history").json().size();
    long allAlerts = count("select count(*) from alert");

    try (KafkaProducer<String, AlertEvent> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(), Formats.json(AlertEvent.class).serializer())) {
      producer.send(new ProducerRecord<>(MonitorTopology.ALERTS_TOPIC, crisisMember, original))
          .get(30, TimeUnit.SECONDS);
    }

    long repeated = before.get("repeatedSinceStart").asLong();
    JsonNode after = awaitValue("the store sees the decision again", this::status,
        s -> s.get("repeatedSinceStart").asLong() > repeated);
    assertThat(after.get("repeatedSinceStart").asLong()).isEqualTo(repeated + 1);
    assertThat(after.get("decisionsStored").asLong()).isEqualTo(before.get("decisionsStored").asLong());
    assertThat(after.get("storedSinceStart").asLong()).isEqualTo(before.get("storedSinceStart").asLong());
    assertThat(alerts(crisisMember)).isEqualTo(alertsBefore);
    assertThat(http.get("/api/v1/alerts/" + crisisAlert + "/history").json().size()).isEqualTo(history);
    assertThat(count("select count(*) from alert")).isEqualTo(allAlerts);
  }

  @Test
  @Order(5)
  void theEnginesPunctuatorRaisesTheFollowUpOfAnUncontrolledMemberWithoutRecentReadings() {
    String absent = member("professional");
    String controlled = member("professional");
    TestHttp.Response r = http.post("/api/v1/readings", "application/json", batch(
        bp(absent, 150, 95, daysAgo(20, 1), "home"), bp(absent, 148, 94, daysAgo(19, 1), "home"),
        bp(absent, 146, 92, daysAgo(18, 1), "home"), bp(absent, 147, 93, daysAgo(17, 1), "home"),
        bp(controlled, 118, 74, daysAgo(20, 1), "home"), bp(controlled, 117, 72, daysAgo(19, 1), "home"),
        bp(controlled, 119, 75, daysAgo(18, 1), "home"), bp(controlled, 116, 73, daysAgo(17, 1), "home")));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("stored").asInt()).isEqualTo(8);
    String last = r.json().get("items").get(3).get("id").asString();

    // Readings 17 to 20 days old: the last one may already find the follow-up due on arrival, as in one process.
    JsonNode first = awaitValue("a follow-up alert", () -> family(absent, "htn-follow-up"), a -> a != null);
    // Resolved by hand, it comes back with no reading arriving: from a punctuation of the engine alone.
    TestHttp.Response resolved = http.post("/api/v1/alerts/" + first.get("id").asLong() + "/resolve",
        "application/json", "{\"reason\": \"member called, readings resume next week\"}");
    assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
    assertThat(resolved.json().get("status").asString()).isEqualTo("resolved");

    JsonNode followUp = awaitValue("a follow-up alert from the engine's absence check",
        () -> family(absent, "htn-follow-up"), a -> a != null);
    assertThat(followUp.get("id").asLong()).isNotEqualTo(first.get("id").asLong());
    assertThat(followUp.get("ruleId").asString()).isEqualTo("htn.china-2024.no-recent-bp");
    assertThat(followUp.get("citation").get("guidelineId").asString()).isEqualTo("china-htn-2024");
    assertThat(followUp.get("evidence")).extracting(e -> e.get("id").asString()).containsOnly(last);
    // Opened at the time of one of the punctuations that decided it (a scheduled decision's cause is that time,
    // negated), and no reading of the member was handed over meanwhile.
    long openedAt = Instant.parse(followUp.get("openedAt").asString()).toEpochMilli();
    assertThat(punctuations(absent)).contains(openedAt);
    assertThat(readings(absent)).hasSize(4);

    // A controlled member without recent readings gets no follow-up: the punctuator has run twice more since the
    // engine had every reading.
    awaitEngineCaughtUp();
    long since = System.currentTimeMillis() + ABSENCE_EVERY.toMillis();
    await("two more punctuations", () -> punctuations(absent).stream().anyMatch(t -> t > since));
    assertThat(family(controlled, "htn-follow-up")).isNull();
    assertThat(count("select count(*) from stream_decision where id like ?", controlled + "|%|-%")).isZero();
  }

  @Test
  @Order(6)
  void aReadingTheBrokerRefusedIsHandedOverByTheRelayWithoutTheClientSendingItAgain() throws Exception {
    String member = member("premium");
    // The broker refuses writes to the readings topic: no record is small enough for it.
    readingsTopicSetting("max.message.bytes", "16");
    TestHttp.Response refused;
    try {
      refused = http.post("/api/v1/readings", "application/json", batch(bp(member, 192, 101, hoursAgo(1), "home")));
    } finally {
      readingsTopicSetting("max.message.bytes", null);
    }
    assertThat(refused.status()).as(refused.body()).isEqualTo(503);
    assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("readings");
    long id = count("select id from observation where patient_id = ?", member);
    assertThat(count("select count(*) from stream_pending where ? = any(reading_ids)", id))
        .as("stored, and known to be not yet handed over").isEqualTo(1);
    assertThat(status().get("handOversWaiting").asLong()).isEqualTo(1);
    assertThat(alerts(member)).isEmpty();

    // The client never sends it again. The relay hands it over once it has waited longer than relay-after.
    PendingRelay relay = app.getBean(PendingRelay.class);
    long relayedBefore = status().get("relayedSinceStart").asLong();
    int sent = awaitValue("the relay hands the reading over", relay::relay, n -> n > 0);
    assertThat(sent).isEqualTo(1);
    assertThat(readings(member)).extracting(ReadingEvent::id).contains(id);
    assertThat(count("select count(*) from stream_pending")).isZero();
    JsonNode status = status();
    assertThat(status.get("handOversWaiting").asLong()).isZero();
    assertThat(status.get("relayedSinceStart").asLong()).isEqualTo(relayedBefore + 1);
    JsonNode alert = awaitValue("the engine's alert for the relayed reading", () -> alerts(member),
        a -> !a.isEmpty()).get(0);
    assertThat(alert.get("ruleId").asString()).isEqualTo("htn.acc-aha-2017.crisis");
    assertThat(alert.get("evidence")).extracting(e -> e.get("id").asString()).containsOnly("Observation/" + id);
    assertThat(relay.relay()).as("nothing left for another round").isZero();
  }

  /** Sets (or with {@code null} removes) a setting of the readings topic and waits until the broker applies it. */
  private void readingsTopicSetting(String name, String value) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      var topic = new org.apache.kafka.common.config.ConfigResource(
          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, MonitorTopology.READINGS_TOPIC);
      var op = new org.apache.kafka.clients.admin.AlterConfigOp(
          new org.apache.kafka.clients.admin.ConfigEntry(name, value),
          value == null ? org.apache.kafka.clients.admin.AlterConfigOp.OpType.DELETE
              : org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET);
      admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get(30, TimeUnit.SECONDS);
      // In force once the broker describes it so (it answers from the metadata it applies).
      awaitValue("the broker applies " + name + "=" + value, () -> {
        try {
          return admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic).get(name);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, e -> value == null ? e.isDefault() : value.equals(e.value()));
    }
  }

  @Test
  @Order(7)
  void withTheBrokerGoneTheReadingIsStoredAndTheClientToldToSendItAgain() throws Exception {
    String member = member("professional");
    String body = batch(bp(member, 132, 84, hoursAgo(1), "home"));
    engine.close();
    engine = null;
    kafka.close();
    kafka = null;

    long start = System.nanoTime();
    TestHttp.Response r = http.post("/api/v1/readings", "application/json", body);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(r.contentType()).contains("application/problem+json");
    assertThat(r.json().get("title").asString()).as("not the client's fault").isEqualTo("Service unavailable");
    assertThat(r.json().get("errors")).hasSize(1);
    assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("readings");
    assertThat(r.json().get("errors").get(0).get("reason").asString()).contains("send the same readings again");
    assertThat(took).as("answered within the publish timeout (plus slack), not left hanging")
        .isLessThan(PUBLISH_TIMEOUT.plusSeconds(10));

    // Nothing accepted is lost: the reading is in PostgreSQL, and FHIR serves it.
    assertThat(count("select count(*) from observation where patient_id = ?", member)).isEqualTo(1);
    assertThat(http.get("/fhir/Observation?patient=" + member).json().get("total").asInt()).isEqualTo(1);
    long id = count("select id from observation where patient_id = ?", member);
    assertThat(count("select count(*) from stream_pending where ? = any(reading_ids)", id))
        .as("waiting for the relay, for when the broker is back").isEqualTo(1);

    // Sending it again while the broker is still away: the same answer, still one reading.
    TestHttp.Response again = http.post("/api/v1/readings", "application/json", body);
    assertThat(again.status()).as(again.body()).isEqualTo(503);
    assertThat(count("select count(*) from observation where patient_id = ?", member)).isEqualTo(1);
  }

  // ------------------------------------------------------------------------------------------------- helpers

  /** A member of the default tenant with a service tier (ids only: no personal data). */
  private String member(String tier) {
    String id = "kafka-" + Long.toString(System.nanoTime(), 36);
    TestHttp.Response r = http.put("/fhir/Patient/" + id, "application/fhir+json", """
        {"resourceType": "Patient", "id": "%s",
         "meta": {"tag": [{"system": "http://vigil.health/fhir/CodeSystem/tenant", "code": "default"}]},
         "extension": [{"url": "http://vigil.health/fhir/StructureDefinition/service-tier", "valueCode": "%s"}],
         "name": [{"family": "Test", "given": ["Member"]}], "gender": "male", "birthDate": "1958-03-04"}"""
        .formatted(id, tier));
    assertThat(r.status()).as(r.body()).isIn(200, 201);
    return id;
  }

  private static String bp(String patient, int sys, int dia, String time, String setting) {
    return """
        {"patient": "%s", "code": "85354-9", "source": "test-cuff", "effective": "%s", "setting": "%s",
         "components": [{"code": "8480-6", "value": %d, "unit": "mm[Hg]"}, {"code": "8462-4", "value": %d, "unit": "mm[Hg]"}]}"""
        .formatted(patient, time, setting, sys, dia);
  }

  private static String batch(String... items) {
    return "{\"readings\": [" + String.join(",", items) + "]}";
  }

  private JsonNode status() {
    TestHttp.Response r = http.get("/api/v1/stream");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private JsonNode alerts(String patient) {
    TestHttp.Response r = http.get("/api/v1/alerts?patient=" + patient);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private JsonNode family(String patient, String family) {
    for (JsonNode a : alerts(patient)) {
      if (a.get("family").asString().equals(family)) {
        return a;
      }
    }
    return null;
  }

  private List<ReadingEvent> readings(String patient) {
    return Reconciliation.readAll(bootstrap, MonitorTopology.READINGS_TOPIC, ReadingEvent.class).stream()
        .filter(e -> e.patientId().equals(patient)).toList();
  }

  /** Times (epoch ms) of the punctuations that decided something for this member, from the stored decision ids. */
  private List<Long> punctuations(String patient) {
    return jdbc.sql("select id from stream_decision where id like ?").param(patient + "|%|-%")
        .query(String.class).list().stream().map(id -> -Long.parseLong(id.split("\\|")[2])).toList();
  }

  private List<String> decisionIds() {
    return jdbc.sql("select id from stream_decision order by stored_at, id").query(String.class).list();
  }

  private long count(String sql, Object... params) {
    return jdbc.sql(sql).params(params).query(Long.class).single();
  }

  /** The engine has processed (and committed, with its decisions) every reading on the topic, and the store all. */
  private void awaitCaughtUp() {
    awaitEngineCaughtUp();
    await("the alert store has every decision on the topic", () -> {
      Set<String> onTopic = new HashSet<>();
      Reconciliation.readAll(bootstrap, MonitorTopology.ALERTS_TOPIC, AlertEvent.class)
          .forEach(e -> onTopic.add(e.id()));
      Set<String> stored = new HashSet<>(jdbc.sql("select id from stream_decision").query(String.class).list());
      return stored.containsAll(onTopic);
    });
  }

  private void awaitEngineCaughtUp() {
    Topics.awaitCaughtUp(bootstrap, ENGINE_APP, WAIT);
  }

  @FunctionalInterface
  private interface Check {
    boolean holds() throws Exception;
  }

  /** Polls until the check holds; fails after {@link #WAIT}. */
  private static void await(String what, Check check) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (check.holds()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      pause();
    }
    throw new AssertionError("waited " + WAIT.toSeconds() + " s for: " + what, last);
  }

  /** Polls until the value satisfies the condition and returns it; fails after {@link #WAIT}. */
  private static <T> T awaitValue(String what, Supplier<T> value, Predicate<T> done) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    T v = null;
    while (System.nanoTime() < deadline) {
      v = value.get();
      if (done.test(v)) {
        return v;
      }
      pause();
    }
    throw new AssertionError("waited " + WAIT.toSeconds() + " s for: " + what + "; last: " + v);
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static void deleteQuietly(Path root) throws java.io.IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The broker and the clients log at INFO by default; only their warnings are of interest here. */
  private static void quietKafka() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
      logback.getLogger("org.apache.kafka").setLevel(ch.qos.logback.classic.Level.WARN);
      logback.getLogger("kafka").setLevel(ch.qos.logback.classic.Level.WARN);
      logback.getLogger("state.change.logger").setLevel(ch.qos.logback.classic.Level.WARN);
      logback.getLogger(ch.qos.logback.classic.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.INFO);
    }
  }
}
