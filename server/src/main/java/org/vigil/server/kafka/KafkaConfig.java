package org.vigil.server.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.server.alerts.AlertService;
import org.vigil.server.ingest.ObservationStore;
import org.vigil.server.monitoring.MemberFactsRepository;
import org.vigil.server.monitoring.Monitors;
import org.vigil.server.patients.PatientService;
import org.vigil.stream.Formats;
import org.vigil.stream.ReadingEvent;
import org.vigil.stream.Topics;

/**
 * Kafka mode's parts, created only when {@code vigil.kafka.bootstrap} is set: the topics (created when missing), the
 * producer ingest hands readings to, and the consumer that stores the engine's alerts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${vigil.kafka.bootstrap:}'.isBlank()")
public class KafkaConfig {
  private static final Logger log = LoggerFactory.getLogger(KafkaConfig.class);

  @Bean(destroyMethod = "close")
  KafkaProducer<String, ReadingEvent> readingProducer(KafkaSettings settings) {
    var created = Topics.ensure(settings.bootstrap(), settings.partitions(), settings.replication());
    if (!created.isEmpty()) {
      log.info("created Kafka topics {} ({} partitions)", created, settings.partitions());
    }
    // The client's own timeouts fit inside the time ingest waits (Kafka wants delivery >= linger + request).
    int linger = 2;
    int request = (int) Math.clamp(settings.publishTimeout().toMillis(), 1_000, 30_000);
    int delivery = (int) Math.max(settings.publishTimeout().toMillis(), request + linger);
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap(),
        ProducerConfig.CLIENT_ID_CONFIG, "vigil-ingest",
        // Answered only when every in-sync replica has the reading; idempotent, so a retried send is not doubled.
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, linger,
        // send() waits this long for the topic's partitions when the producer has lost them (all brokers gone: it
        // starts again from the bootstrap address); Kafka's 60 s default would hold the client that long.
        ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.publishTimeout().toMillis(),
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request),
        new StringSerializer(), Formats.json(ReadingEvent.class).serializer());
  }

  @Bean
  ReadingPublisher readingPublisher(KafkaProducer<String, ReadingEvent> producer, MemberFactsRepository members,
      Monitors monitors, KafkaSettings settings, JdbcClient jdbc, PlatformTransactionManager transactions) {
    return new ReadingPublisher(producer, members, monitors, settings.publishTimeout(), jdbc, transactions);
  }

  @Bean
  PendingRelay pendingRelay(ReadingPublisher publisher, ObservationStore observations, JdbcClient jdbc,
      TransactionTemplate tx, KafkaSettings settings) {
    return new PendingRelay(publisher, observations, jdbc, tx, settings.relayAfter());
  }

  @Bean
  AlertStore alertStore(KafkaSettings settings, AlertService alerts, PatientService patients, JdbcClient jdbc,
      TransactionTemplate tx) {
    return new AlertStore(settings, alerts, patients, jdbc, tx);
  }
}
