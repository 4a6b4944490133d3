package org.vigil.server.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/** The dispatcher's bookkeeping: sent, retried with a growing wait, given up; wake-ups coalesced. */
class MessageDispatcherTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final FakeMessages store = new FakeMessages();
  private final TransactionTemplate tx = new TransactionTemplate(new NoTransactions());
  /** Consent refused, as "patient/scope". */
  private final java.util.Set<String> refused = new java.util.HashSet<>();

  private MessageDispatcher dispatcher(OutreachChannel channel, int maxAttempts, Duration backoff) {
    var props = new OutreachProperties(channel.name(), maxAttempts, backoff, Duration.ofSeconds(5), 20,
        new OutreachProperties.Email("vigil@localhost", Map.of()), new OutreachProperties.Webhook(null, null,
            Duration.ofSeconds(10)));
    return new MessageDispatcher(store, List.of(new OutboxChannel(), channel), props, tx, clock,
        (patient, scope) -> !refused.contains(patient + "/" + scope));
  }

  @Test
  void sendsEveryPendingMessageAndRecordsTheRecipient() {
    store.add(1, "a@example.org");
    store.add(2, "b@example.org");
    var d = dispatcher(new Scripted("test", m -> new Delivery(m.email())), 5, Duration.ofSeconds(30));

    MessageDispatcher.Result r = d.dispatch();

    assertThat(r).isEqualTo(new MessageDispatcher.Result(2, 0, 0));
    assertThat(store.row(1)).isEqualTo(new Row("sent", 1, "test", "a@example.org", null, T0));
    assertThat(store.row(2).recipient()).isEqualTo("b@example.org");
    assertThat(d.dispatch()).isEqualTo(new MessageDispatcher.Result(0, 0, 0));
  }

  @Test
  void aFailedMessageWaitsADoublingBackoffAndFailsAfterMaxAttempts() {
    store.add(1, "a@example.org");
    AtomicInteger calls = new AtomicInteger();
    var d = dispatcher(new Scripted("test", m -> {
      calls.incrementAndGet();
      throw DeliveryException.transientFailure("gateway down", null);
    }), 3, Duration.ofSeconds(30));

    assertThat(d.dispatch()).isEqualTo(new MessageDispatcher.Result(0, 1, 0));
    assertThat(store.row(1)).isEqualTo(new Row("pending", 1, "test", null, "gateway down", null));
    assertThat(d.dispatch().retrying()).as("not before the back-off").isZero();

    clock.advance(Duration.ofSeconds(30));
    assertThat(d.dispatch().retrying()).isEqualTo(1);
    assertThat(store.row(1).attempts()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(59));
    assertThat(d.dispatch().retrying()).as("the second wait is twice the first").isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(d.dispatch()).isEqualTo(new MessageDispatcher.Result(0, 0, 1));
    assertThat(store.row(1)).isEqualTo(new Row("failed", 3, "test", null, "gateway down", null));

    clock.advance(Duration.ofHours(1));
    d.dispatch();
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void aChannelLeavingVigilNeedsTheMembersConsentForIt() {
    store.add(1, "a@example.org");
    store.add(2, "b@example.org");
    refused.add("p2/outreach-test");
    AtomicInteger calls = new AtomicInteger();
    var d = dispatcher(new Scripted("test", m -> {
      calls.incrementAndGet();
      return new Delivery(m.email());
    }), 5, Duration.ofSeconds(30));

    assertThat(d.dispatch()).isEqualTo(new MessageDispatcher.Result(1, 0, 1));
    assertThat(calls).as("nothing was sent to the member without consent").hasValue(1);
    assertThat(store.row(2).status()).isEqualTo("failed");
    assertThat(store.row(2).lastError()).contains("not consented").contains("test");
  }

  @Test
  void aPermanentFailureIsNotRetried() {
    store.add(1, null);
    var d = dispatcher(new Scripted("test", m -> {
      throw DeliveryException.permanent("the member has no e-mail address");
    }), 5, Duration.ZERO);

    assertThat(d.dispatch()).isEqualTo(new MessageDispatcher.Result(0, 0, 1));
    assertThat(store.row(1)).isEqualTo(new Row("failed", 1, "test", null, "the member has no e-mail address", null));
  }

  @Test
  void aChannelThatThrowsIsRecordedWithoutItsMessage() {
    store.add(1, "a@example.org");
    var d = dispatcher(new Scripted("test", m -> {
      throw new IllegalStateException("secret body text a@example.org");
    }), 5, Duration.ofSeconds(30));

    assertThat(d.dispatch().retrying()).isEqualTo(1);
    assertThat(store.row(1).lastError()).isEqualTo("the test channel failed: java.lang.IllegalStateException");
  }

  @Test
  void theBackoffDoublesUpToACap() {
    var d = dispatcher(new OutboxChannel(), 50, Duration.ofSeconds(30));

    assertThat(d.backoff(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.backoff(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.backoff(4)).isEqualTo(Duration.ofSeconds(240));
    assertThat(d.backoff(40)).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void anUnknownChannelStopsTheStart() {
    var props = new OutreachProperties("sms", 5, Duration.ofSeconds(30), Duration.ofSeconds(5), 20,
        new OutreachProperties.Email("vigil@localhost", Map.of()), new OutreachProperties.Webhook(null, null,
            Duration.ofSeconds(10)));

    assertThatThrownBy(() -> new MessageDispatcher(store, List.of(new OutboxChannel()), props, tx, clock,
        (patient, scope) -> true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'sms'").hasMessageContaining("outbox");
  }

  @Test
  void wakeUpsDuringADispatchCoalesceIntoOneMoreRun() throws Exception {
    store.add(1, "a@example.org");
    CountDownLatch inSend = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    var d = dispatcher(new Scripted("test", m -> {
      inSend.countDown();
      await(release);
      return new Delivery(null);
    }), 5, Duration.ofSeconds(30));

    d.wake();
    assertThat(inSend.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 50; i++) {
      d.wake();
    }
    release.countDown();
    waitFor(() -> !d.busy());

    assertThat(store.row(1).status()).isEqualTo("sent");
    assertThat(store.claims.get()).as("the first run and one more for all 50 wake-ups").isEqualTo(2);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(until);
      Thread.sleep(5);
    }
  }

  /** A channel doing what the test says. */
  private record Scripted(String name, Behaviour behaviour) implements OutreachChannel {
    @Override
    public Delivery send(OutboundMessage m) throws DeliveryException {
      return behaviour.send(m);
    }
  }

  @FunctionalInterface
  private interface Behaviour {
    Delivery send(OutboundMessage m) throws DeliveryException;
  }

  private record Row(String status, int attempts, String channel, String recipient, String lastError,
      Instant sentAt) {}

  /** member_message in memory, with the repository's semantics. */
  private static final class FakeMessages extends MessageRepository {
    final Map<Long, Row> rows = new LinkedHashMap<>();
    final Map<Long, String> emails = new LinkedHashMap<>();
    final AtomicInteger claims = new AtomicInteger();

    FakeMessages() {
      super(null, null);
    }

    synchronized void add(long id, String email) {
      rows.put(id, new Row("pending", 0, "outbox", null, null, null));
      emails.put(id, email);
    }

    synchronized Row row(long id) {
      return rows.get(id);
    }

    @Override
    public synchronized List<OutboundMessage> claim(Collection<Long> waiting, int limit) {
      claims.incrementAndGet();
      List<OutboundMessage> out = new ArrayList<>();
      rows.forEach((id, r) -> {
        if (r.status().equals("pending") && !waiting.contains(id) && out.size() < limit) {
          out.add(new OutboundMessage(id, "p" + id, "manager-message", "body " + id, null, emails.get(id), T0));
        }
      });
      return out;
    }

    @Override
    public synchronized void markSent(long id, String channel, String recipient, Instant at) {
      Row r = rows.get(id);
      rows.put(id, new Row("sent", r.attempts() + 1, channel, recipient, null, at));
    }

    @Override
    public synchronized Failure markFailed(long id, String channel, String reason, int maxAttempts,
        boolean permanent) {
      Row r = rows.get(id);
      int attempts = r.attempts() + 1;
      String status = permanent || attempts >= maxAttempts ? "failed" : "pending";
      rows.put(id, new Row(status, attempts, channel, null, reason, null));
      return new Failure(status, attempts);
    }
  }

  private static final class NoTransactions implements PlatformTransactionManager {
    @Override
    public TransactionStatus getTransaction(TransactionDefinition definition) {
      return new SimpleTransactionStatus();
    }

    @Override
    public void commit(TransactionStatus status) {}

    @Override
    public void rollback(TransactionStatus status) {}
  }

  private static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
