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
}
