package org.vigil.server.outreach;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers pending messages through the configured channel: at once when one is queued (after its transaction
 * commits) and on a poll for anything left over. Each batch is claimed in a transaction with
 * {@code for update skip locked}, so several servers never send the same message; delivery is at least once (a
 * crash before the commit sends the batch again). A failed message waits {@code retryBackoff}, doubling with every
 * further failure, and fails for good after {@code maxAttempts}; these waits are kept in memory, so a restart
 * retries at once. Only one dispatch runs at a time per server; wake-ups while it runs make it run once more.
 * Logs carry message ids and counts only, never bodies or addresses.
 */
@Component
public class MessageDispatcher {
  private static final Logger log = LoggerFactory.getLogger(MessageDispatcher.class);
  private static final Duration MAX_BACKOFF = Duration.ofHours(6);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

  private final MessageRepository messages;
  private final OutreachChannel channel;
  private final OutreachProperties props;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final ChannelConsent consent;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean requested = new AtomicBoolean();
  /** Messages waiting for a retry, and from when they may be tried again. */
  private final Map<Long, Instant> waiting = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile Thread worker;

  public MessageDispatcher(MessageRepository messages, List<OutreachChannel> channels, OutreachProperties props,
      TransactionTemplate tx, Clock clock, ChannelConsent consent) {
    this.consent = consent;
    this.messages = messages;
    this.channel = channels.stream().filter(c -> c.name().equals(props.channel())).findFirst()
        .orElseThrow(() -> new IllegalStateException("vigil.outreach.channel '" + props.channel()
            + "' is not available; the channels are " + String.join(", ",
                channels.stream().map(OutreachChannel::name).sorted().toList()) + " (email and webhook exist"
            + " only when selected)"));
    this.props = props;
    this.tx = tx;
    this.clock = clock;
    log.info("outreach channel: {}", channel.name());
  }

  /** The active channel's name. */
  public String channel() {
    return channel.name();
  }

  /** A message was written: send it once its transaction has committed (or now, when there was none). */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  public void onQueued(MessageQueued event) {
    wake();
  }

  @Scheduled(fixedDelayString = "${vigil.outreach.poll-interval:PT5S}",
      initialDelayString = "${vigil.outreach.poll-interval:PT5S}")
  public void poll() {
    wake();
  }

  /**
   * Starts a dispatch on a virtual thread unless one is running, in which case that one runs once more when it
   * is done, so bursts of wake-ups cost one or two dispatches.
   */
  public void wake() {
    if (closed) {
      return;
    }
    requested.set(true);
    if (running.compareAndSet(false, true)) {
      worker = Thread.ofVirtual().name("vigil-outreach").start(this::drain);
    }
  }

  /** Whether a dispatch is running or about to run (for tests and health checks). */
  boolean busy() {
    return running.get() || requested.get();
  }

  private void drain() {
    do {
      try {
        while (!closed && requested.getAndSet(false)) {
          dispatchSafely();
        }
      } finally {
        running.set(false);
      }
    } while (!closed && requested.get() && running.compareAndSet(false, true));
  }

  private void dispatchSafely() {
    try {
      Result r = dispatch();
      if (r.sent() + r.retrying() + r.failed() > 0) {
        log.info("outreach via {}: {} sent, {} to retry, {} failed", channel.name(), r.sent(), r.retrying(),
            r.failed());
      }
    } catch (RuntimeException e) {
      // The database may be unreachable or shutting down; the next poll tries again.
      log.warn("outreach dispatch failed: {}", e.getClass().getName());
    }
  }

  /** What one dispatch did. */
  public record Result(int sent, int retrying, int failed) {
    Result plus(Result o) {
      return new Result(sent + o.sent, retrying + o.retrying, failed + o.failed);
    }
  }

  /**
   * Sends everything due now, a batch per transaction, on the calling thread. Stops early when a whole batch
   * failed but could be retried (the channel is probably down; the next poll tries again).
   */
  public Result dispatch() {
    Result total = new Result(0, 0, 0);
    while (!closed) {
      Instant now = clock.instant();
      waiting.values().removeIf(at -> !at.isAfter(now));
      Batch b = tx.execute(s -> batch());
      if (b == null || b.claimed() == 0) {
        break;
      }
      total = total.plus(b.result());
      if (b.claimed() < props.batchSize() || b.result().retrying() == b.claimed()) {
        break;
      }
    }
    return total;
  }

  private record Batch(int claimed, Result result) {}

  /** Whether a member consents to messages on a channel scope ({@code outreach-email}, {@code outreach-webhook}). */
  @FunctionalInterface
  public interface ChannelConsent {
    boolean allows(String patientId, String scope);
  }

  private Batch batch() {
    List<OutboundMessage> claimed = messages.claim(waiting.keySet(), props.batchSize());
    int sent = 0;
    int retrying = 0;
    int failed = 0;
    for (OutboundMessage m : claimed) {
      if (closed) {
        break; // the rest stay pending; the transaction still records what was sent
      }
      if (!channel.name().equals("outbox") && !consent.allows(m.patientId(), "outreach-" + channel.name())) {
        // A channel that leaves Vigil needs the member's consent for it (ADR 0014); the outbox stays in Vigil.
        failed(m, "the member has not consented to messages by " + channel.name(), true);
        failed++;
        continue;
      }
      try {
        Delivery d = channel.send(m);
        messages.markSent(m.messageId(), channel.name(), d.recipient(), clock.instant());
        waiting.remove(m.messageId());
        sent++;
      } catch (DeliveryException e) {
        if (failed(m, e.reason(), e.permanent())) {
          failed++;
        } else {
          retrying++;
        }
      } catch (RuntimeException e) {
        if (failed(m, "the " + channel.name() + " channel failed: " + e.getClass().getName(), false)) {
          failed++;
        } else {
          retrying++;
        }
      }
    }
    return new Batch(claimed.size(), new Result(sent, retrying, failed));
  }

  /** Records a failed attempt; true when the message has failed for good. */
  private boolean failed(OutboundMessage m, String reason, boolean permanent) {
    MessageRepository.Failure f = messages.markFailed(m.messageId(), channel.name(), reason, props.maxAttempts(),
        permanent);
    if (f.status().equals("failed")) {
      waiting.remove(m.messageId());
      log.warn("message {} to member {} failed for good via {} after {} attempt(s)", m.messageId(), m.patientId(),
          channel.name(), f.attempts());
      return true;
    }
    waiting.put(m.messageId(), clock.instant().plus(backoff(f.attempts())));
    log.debug("message {} not delivered via {} (attempt {} of {}); will retry", m.messageId(), channel.name(),
        f.attempts(), props.maxAttempts());
    return false;
  }

  /** The wait after the given number of failed attempts: the back-off, doubled for each failure after the first. */
  Duration backoff(int attempts) {
    Duration d = props.retryBackoff();
    for (int i = 1; i < attempts && d.compareTo(MAX_BACKOFF) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  /** Stops taking wake-ups and lets a running dispatch finish its current message and commit. */
  @PreDestroy
  void close() throws InterruptedException {
    closed = true;
    Thread w = worker;
    if (w != null) {
      w.join(SHUTDOWN_WAIT);
    }
  }
}
