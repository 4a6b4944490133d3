package org.vigil.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real KRaft Kafka cluster inside this JVM, from Kafka's own Maven artifacts ({@code KafkaClusterTestKit}): one
 * controller and one or three brokers, each with its own log directory under {@code dir}, listening on free local
 * ports. For the tests, {@code ./vigil cluster-demo} and {@code ./vigil bench kafka} — never mocked, never a
 * production deployment (one controller is a single point of failure; production runs three or more).
 *
 * <p>Internal topics are replicated as a production cluster of that size would do: with one broker everything has
 * one replica ({@code offsets.topic.replication.factor=1}); with three, consumer offsets and transaction state have
 * three replicas and need two in sync, so exactly-once survives the loss of a broker.
 *
 * <p>Needs the optional dependencies of this module ({@code kafka-test-common-runtime}, {@code kafka_2.13},
 * {@code kafka-server}) on the classpath.
 */
public final class LocalKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final int brokers;

  public LocalKafka(int brokers, Path dir) throws Exception {
    if (brokers < 1) {
      throw new IllegalArgumentException("brokers must be at least 1, was " + brokers);
    }
    this.brokers = brokers;
    Files.createDirectories(dir);
    int replicas = Math.min(3, brokers);
    int minInSync = Math.min(2, replicas);
    Map<String, String> config = new TreeMap<>();
    config.put("offsets.topic.replication.factor", String.valueOf(replicas));
    config.put("offsets.topic.num.partitions", "6");
    config.put("transaction.state.log.replication.factor", String.valueOf(replicas));
    config.put("transaction.state.log.min.isr", String.valueOf(minInSync));
    config.put("transaction.state.log.num.partitions", "6");
    config.put("default.replication.factor", String.valueOf(replicas));
    config.put("min.insync.replicas", String.valueOf(minInSync));
    config.put("group.initial.rebalance.delay.ms", "0");
    config.put("auto.create.topics.enable", "false");
    KafkaClusterTestKit.Builder b = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
        .setCombined(false)
        .setNumControllerNodes(1)
        .setNumBrokerNodes(brokers)
        .setBaseDirectory(dir)
        .build());
    // As strings, the way a server.properties file gives them: the broker parses each by its type (an Integer where
    // a short is expected, such as offsets.topic.replication.factor, is refused).
    config.forEach(b::setConfigProp);
    this.cluster = b.build();
    boolean started = false;
    try {
      formatQuietly(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
      started = true;
    } finally {
      if (!started) {
        cluster.close();
      }
    }
  }

  /**
   * Kafka's formatter prints two lines per node to standard output; they go to standard error only if formatting
   * fails (the cluster demo's standard output is its result line).
   */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    java.io.PrintStream out = System.out;
    var captured = new java.io.ByteArrayOutputStream();
    synchronized (System.class) {
      System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      try {
        cluster.format();
      } catch (Exception e) {
        System.err.print(captured.toString(java.nio.charset.StandardCharsets.UTF_8));
        throw e;
      } finally {
        System.setOut(out);
      }
    }
  }

  /** {@code host:port,...} of the brokers. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public int brokers() {
    return brokers;
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /**
   * {@code LocalKafka [BROKERS [DIR]]}: a cluster for trying Vigil's Kafka mode by hand (and the image's smoke test);
   * prints {@code Kafka is ready at BOOTSTRAP} and runs until stopped.
   */
  public static void main(String[] args) throws Exception {
    int brokers = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("vigil-kafka");
    LocalKafka kafka = new LocalKafka(brokers, dir);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        kafka.close();
      } catch (Exception e) {
        System.err.println("stopping Kafka: " + e.getMessage());
      }
    }, "vigil-kafka-shutdown"));
    System.out.println("Kafka is ready at " + kafka.bootstrapServers() + " (" + brokers + " broker(s), data in " + dir
        + ")");
    Thread.currentThread().join();
  }
}
