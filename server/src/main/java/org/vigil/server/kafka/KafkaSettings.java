package org.vigil.server.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kafka mode ({@code vigil.kafka.*}, ADR 0016). With a bootstrap address the server hands readings to the engine
 * instances through Kafka instead of monitoring them itself, and stores the alerts they decide.
 *
 * @param bootstrap the brokers ({@code host:9092,...}); empty = one process, the monitor runs in the server
 * @param partitions partitions of the readings and alerts topics when the server creates them (the most engine
 *     instances that can share the work)
 * @param replication replicas of each partition (capped at the number of brokers)
 * @param publishTimeout how long ingest waits for the brokers' acknowledgement before telling the client to retry
 * @param group the consumer group that stores alerts in PostgreSQL
 * @param relayAfter how old a hand-over still unacknowledged must be before the relay sends it again (longer than
 *     the publish timeout, so the relay does not race the request's own hand-over)
 * @param relayEvery how often the relay looks for such hand-overs
 */
@ConfigurationProperties("vigil.kafka")
public record KafkaSettings(
    @DefaultValue("") String bootstrap,
    @DefaultValue("12") int partitions,
    @DefaultValue("3") int replication,
    @DefaultValue("PT10S") Duration publishTimeout,
    @DefaultValue("vigil-alert-store") String group,
    @DefaultValue("PT1M") Duration relayAfter,
    @DefaultValue("PT30S") Duration relayEvery) {

  public boolean enabled() {
    return bootstrap != null && !bootstrap.isBlank();
  }
}
