package org.vigil.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engine instances on a real in-process KRaft broker: one runs in its own JVM and is killed with SIGKILL in the
 * middle of the stream (no shutdown hook, a transaction open); the other takes its partitions over, restores the
 * members' states from the changelog and finishes. The alerts topic then holds exactly what a single-process replay
 * of the readings decides: nothing lost, nothing twice.
 */
class StreamEngineIT {
  private static final int PARTITIONS = 6;
  private static final Duration CAUGHT_UP = Duration.ofMinutes(3);

  @TempDir
  static Path dir;
  private static LocalKafka kafka;

  @BeforeAll
  static void broker() throws Exception {
    kafka = new LocalKafka(1, dir.resolve("kafka"));
    Topics.ensure(kafka.bootstrapServers(), PARTITIONS, 1);
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** Faster failure detection than the defaults, so the takeover happens within seconds. */
  private static Properties settings() {
    Properties p = new Properties();
    p.put("session.timeout.ms", "6000");
    p.put("heartbeat.interval.ms", "1000");
    p.put("producer.transaction.timeout.ms", "5000");
    return p;
  }

  private static Process engineProcess(String app, String id, Path log) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path")));
    settings().forEach((k, v) -> cmd.add("-Dvigil.engine." + k + "=" + v));
    cmd.addAll(List.of(StreamEngine.class.getName(), kafka.bootstrapServers(), dir.resolve("engine-" + id).toString(),
        id, app));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void awaitLine(Process p, Path log, String marker) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!(Files.exists(log) && Files.readString(log).contains(marker))) {
      assertThat(p.isAlive()).as("the engine process is alive; its output:%n%s", Files.readString(log)).isTrue();
      assertThat(System.nanoTime()).as("'%s' within 2 minutes", marker).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static void awaitRunning(StreamEngine e) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (e.state() != KafkaStreams.State.RUNNING || e.activePartitions().isEmpty()) {
      assertThat(System.nanoTime()).as("the in-process engine runs with partitions").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void anInstanceKilledMidStreamLosesNothingAndDuplicatesNothing() throws Exception {
    String app = "vigil-engine-it-takeover";
    List<ReadingEvent> readings = SyntheticReadings.of(11, 60, 60, OffsetDateTime.parse("2026-08-01T07:00:00+08:00"));
    Path log = dir.resolve("engine-1.log");
    Process killed = engineProcess(app, "1", log);
    try (StreamEngine survivor = new StreamEngine(kafka.bootstrapServers(), dir.resolve("engine-2"), "2",
        Duration.ofHours(1), app, settings())) {
      awaitLine(killed, log, "is running");
      survivor.start();
      awaitRunning(survivor);
      awaitLine(killed, log, "is running: partitions [");

      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      int killAt = readings.size() * 2 / 5;
      CompletableFuture<Void> sent;
      try (KafkaProducer<String, ReadingEvent> producer = new KafkaProducer<>(p, new StringSerializer(),
          Formats.json(ReadingEvent.class).serializer())) {
        // About 1,500 readings/s, so the killed instance is busy (a transaction open) when it dies.
        sent = CompletableFuture.runAsync(() -> {
          for (int i = 0; i < readings.size(); i++) {
            ReadingEvent r = readings.get(i);
            producer.send(new ProducerRecord<>(MonitorTopology.READINGS_TOPIC, r.patientId(), r));
            if (i % 150 == 149) {
              producer.flush();
              sleep(100);
            }
          }
          producer.flush();
        });
        while (Topics.readingsOnTopic(kafka.bootstrapServers()) < killAt) {
          Thread.sleep(20);
        }
        long before = Topics.lag(kafka.bootstrapServers(), app);
        killed.toHandle().destroyForcibly();
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        sent.get(2, TimeUnit.MINUTES);
        assertThat(before).as("the instances were still working when one was killed").isPositive();
      }

      Topics.awaitCaughtUp(kafka.bootstrapServers(), app, CAUGHT_UP);
      assertThat(survivor.activePartitions()).as("the survivor took every partition over")
          .hasSize(PARTITIONS);
      assertThat(survivor.restoredRecords()).as("and restored the dead instance's member states from the changelog")
          .isPositive();

      List<ReadingEvent> onTopic = Reconciliation.readAll(kafka.bootstrapServers(), MonitorTopology.READINGS_TOPIC,
          ReadingEvent.class);
      List<AlertEvent> alerts = Reconciliation.readAll(kafka.bootstrapServers(), MonitorTopology.ALERTS_TOPIC,
          AlertEvent.class);
      assertThat(onTopic).hasSize(readings.size());
      Reconciliation.Result r = Reconciliation.compare(onTopic, alerts);
      System.out.println("StreamEngineIT: readings " + onTopic.size() + ", " + r.line());
      assertThat(r.expected()).as("the stream raises alerts").isGreaterThan(100);
      assertThat(r.clean()).as(r.line() + " " + r.examples()).isTrue();
    } finally {
      killed.destroyForcibly();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
