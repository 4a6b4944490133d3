package org.vigil.server.outreach;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Vigil reaches members ({@code vigil.outreach.*}).
 *
 * @param channel the active channel: {@code outbox} (nothing leaves the system), {@code email} or {@code webhook}
 * @param maxAttempts deliveries tried before a message is marked failed
 * @param retryBackoff the wait after a first failed attempt; it doubles with every further failure
 * @param pollInterval how often pending messages are looked for (new ones are sent at once, without waiting)
 * @param batchSize messages claimed per transaction
 * @param email the e-mail channel (the mail server itself is {@code spring.mail.*})
 * @param webhook the webhook channel
 */
@ConfigurationProperties("vigil.outreach")
public record OutreachProperties(
    @DefaultValue("outbox") String channel,
    @DefaultValue("5") int maxAttempts,
    @DefaultValue("PT30S") Duration retryBackoff,
    @DefaultValue("PT5S") Duration pollInterval,
    @DefaultValue("20") int batchSize,
    @DefaultValue Email email,
    @DefaultValue Webhook webhook) {

  public OutreachProperties {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("vigil.outreach.max-attempts must be at least 1");
    }
    if (retryBackoff.isNegative()) {
      throw new IllegalArgumentException("vigil.outreach.retry-backoff must not be negative");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("vigil.outreach.batch-size must be at least 1");
    }
  }

  /**
   * @param from the sender address
   * @param subjects the subject per message kind ({@code safety-advice}, {@code manager-message}, ...), replacing
   *     the built-in ones
   */
  public record Email(@DefaultValue("vigil@localhost") String from, Map<String, String> subjects) {
    public Email {
      subjects = subjects == null ? Map.of() : Map.copyOf(subjects);
    }
  }

  /**
   * @param url where each message is POSTed as JSON
   * @param secret when set, the body is signed: {@code X-Vigil-Signature: sha256=<hex HMAC-SHA256>}
   * @param timeout how long to wait for the connection and for the answer
   */
  public record Webhook(URI url, String secret, @DefaultValue("PT10S") Duration timeout) {}
}
