package org.vigil.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the readings and alerts topics when they are missing, so that whichever starts first (the server or an
 * engine) finds them. Both are keyed by member and partitioned alike: the partition count bounds how many engine
 * instances share the work. Replication is capped at the number of brokers (one broker in a demo, three or more in
 * production, where {@code min.insync.replicas=2} makes {@code acks=all} mean two copies).
 */
public final class Topics {
  /** As the server's {@code vigil.kafka.partitions} and {@code vigil.kafka.replication} defaults. */
  public static final int DEFAULT_PARTITIONS = 12;
  public static final int DEFAULT_REPLICATION = 3;

  private Topics() {}

  /** Creates what is missing; returns the names it created. */
  public static List<String> ensure(String bootstrap, int partitions, int replication) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
      short factor = (short) Math.max(1, Math.min(replication, brokers));
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String name : List.of(MonitorTopology.READINGS_TOPIC, MonitorTopology.ALERTS_TOPIC)) {
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, partitions, factor).configs(Map.of(
              TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(Math.min(2, factor)))));
        }
      }
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
            throw e;
          }
        }
      }
      return missing.stream().map(NewTopic::name).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the Kafka topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create the Kafka topics at " + bootstrap + ": " + e.getMessage(), e);
    }
  }

  /**
   * Readings not yet processed by the engine instances of {@code applicationId}: the readings topic's end offsets
   * minus the offsets the application committed (with exactly-once, committed together with its alerts and state).
   */
  public static long lag(String bootstrap, String applicationId) {
    return offsets(bootstrap, applicationId)[0];
  }

  /** How many readings the readings topic holds (the sum of its partitions' end offsets). */
  public static long readingsOnTopic(String bootstrap) {
    return offsets(bootstrap, null)[1];
  }

  /** {lag of the application (0 without one), sum of end offsets}. */
  private static long[] offsets(String bootstrap, String applicationId) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      String topic = MonitorTopology.READINGS_TOPIC;
      var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      var end = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetAndMetadata> committed = applicationId == null ? Map.of()
          : admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      long lag = 0;
      long total = 0;
      for (var e : end.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        total += e.getValue().offset();
        lag += e.getValue().offset() - (c == null ? 0 : c.offset());
      }
      return new long[] {applicationId == null ? 0 : lag, total};
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading offsets", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the offsets at " + bootstrap + ": " + e.getMessage(), e);
    }
  }

  /** Waits until {@link #lag} is 0; throws after {@code timeout}. */
  public static void awaitCaughtUp(String bootstrap, String applicationId, java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lag;
    while ((lag = lag(bootstrap, applicationId)) > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(applicationId + " still had " + lag + " readings to process after "
            + timeout);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
