package org.vigil.stream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * One engine instance: the monitor topology on a Kafka cluster, exactly-once. Instances with the same application id
 * share the readings topic's partitions; when one dies, the others take its partitions over and restore the members'
 * states from the changelog.
 */
public final class StreamEngine implements AutoCloseable {
  public static final String APPLICATION_ID = "vigil-engine";
  private static final String SETTING_PREFIX = "vigil.engine.";

  private final KafkaStreams streams;
  private final String name;
  private final AtomicLong restored = new AtomicLong();

  public StreamEngine(String bootstrap, Path stateDir, String instanceId, Duration absenceEvery) {
    this(bootstrap, stateDir, instanceId, absenceEvery, APPLICATION_ID, new Properties());
  }

  /**
   * @param applicationId instances with the same id share the work (and the consumer group's offsets)
   * @param extra further Kafka Streams settings (for example a shorter commit interval in tests)
   */
  public StreamEngine(String bootstrap, Path stateDir, String instanceId, Duration absenceEvery, String applicationId,
      Properties extra) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId + "-" + instanceId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    p.putAll(extra);
    this.name = "Vigil engine " + instanceId + " (" + applicationId + ")";
    this.streams = new KafkaStreams(MonitorTopology.build(MonitorTopology.monitors(KnowledgeLoader.loadDefault()),
        absenceEvery), p);
    streams.setGlobalStateRestoreListener(new StateRestoreListener() {
      @Override
      public void onRestoreStart(TopicPartition tp, String store, long start, long end) {}

      @Override
      public void onBatchRestored(TopicPartition tp, String store, long batchEnd, long records) {
        restored.addAndGet(records);
      }

      @Override
      public void onRestoreEnd(TopicPartition tp, String store, long total) {}
    });
  }

  /** Prints a line at every state change (and "... is running" once the partitions are assigned); then starts. */
  public void start() {
    start(false);
  }

  /**
   * @param exitOnError end the JVM (status 1) when Kafka Streams fails for good, so that a supervisor (Kubernetes,
   *     systemd) restarts the instance instead of leaving a process that holds no partitions
   */
  public void start(boolean exitOnError) {
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.ERROR && exitOnError) {
        System.out.println(name + " failed (" + before + " -> ERROR); exiting so that it is restarted");
        new Thread(() -> System.exit(1), "vigil-engine-exit").start();
      } else if (now == KafkaStreams.State.RUNNING) {
        System.out.println(name + " is running: partitions " + activePartitions() + ", " + restored.get()
            + " state records restored from the changelog so far");
      } else {
        System.out.println(name + ": " + before + " -> " + now);
      }
    });
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** The readings partitions this instance processes now. */
  public Set<Integer> activePartitions() {
    Set<Integer> out = new TreeSet<>();
    for (ThreadMetadata t : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : t.activeTasks()) {
        for (TopicPartition tp : task.topicPartitions()) {
          if (tp.topic().equals(MonitorTopology.READINGS_TOPIC)) {
            out.add(tp.partition());
          }
        }
      }
    }
    return out;
  }

  /** State records restored from the changelog since start (a takeover restores the partitions it gained). */
  public long restoredRecords() {
    return restored.get();
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }

  /**
   * {@code StreamEngine BOOTSTRAP STATE_DIR [INSTANCE_ID [APPLICATION_ID]]}: runs until stopped. Logs with
   * {@code vigil-engine-logback.xml} unless {@code logback.configurationFile} is set. System properties
   * {@code -Dvigil.engine.NAME=VALUE} become Kafka Streams settings (for example
   * {@code -Dvigil.engine.session.timeout.ms=10000}); {@code -Dvigil.engine-absence-every=PT1H} sets how often the
   * absence rules run.
   */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: StreamEngine BOOTSTRAP_SERVERS STATE_DIR [INSTANCE_ID [APPLICATION_ID]]");
      System.exit(2);
    }
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "vigil-engine-logback.xml");
    }
    Topics.ensure(args[0], Topics.DEFAULT_PARTITIONS, Topics.DEFAULT_REPLICATION);
    Properties extra = new Properties();
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(SETTING_PREFIX))
        .forEach(k -> extra.put(k.substring(SETTING_PREFIX.length()), System.getProperty(k)));
    StreamEngine engine = new StreamEngine(args[0], Path.of(args[1]), args.length > 2 ? args[2] : "1",
        Duration.parse(System.getProperty("vigil.engine-absence-every", "PT1H")),
        args.length > 3 ? args[3] : APPLICATION_ID, extra);
    Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "vigil-engine-shutdown"));
    engine.start(true);
  }
}
