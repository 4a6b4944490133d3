package org.vigil.stream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * One engine instance: the monitor topology on a Kafka cluster, exactly-once. Instances with the same application id
 * share the readings topic's partitions; when one dies, the others take its partitions over and restore the members'
 * states from the changelog.
 */
public final class StreamEngine implements AutoCloseable {
  public static final String APPLICATION_ID = "vigil-engine";

  private final KafkaStreams streams;

  public StreamEngine(String bootstrap, Path stateDir, String instanceId, Duration absenceEvery) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    p.put(StreamsConfig.CLIENT_ID_CONFIG, APPLICATION_ID + "-" + instanceId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    this.streams = new KafkaStreams(MonitorTopology.build(MonitorTopology.monitors(KnowledgeLoader.loadDefault()),
        absenceEvery), p);
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }

  /** {@code StreamEngine BOOTSTRAP STATE_DIR [INSTANCE_ID]}: runs until stopped. */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: StreamEngine BOOTSTRAP_SERVERS STATE_DIR [INSTANCE_ID]");
      System.exit(2);
    }
    StreamEngine engine = new StreamEngine(args[0], Path.of(args[1]), args.length > 2 ? args[2] : "1",
        Duration.ofHours(1));
    Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "vigil-engine-shutdown"));
    engine.start();
  }
}
