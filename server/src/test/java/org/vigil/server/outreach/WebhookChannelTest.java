package org.vigil.server.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The webhook channel against a real HTTP server that records what it receives. */
class WebhookChannelTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SECRET = "s3cret-shared-with-the-sms-gateway";

  private HttpServer server;
  private final AtomicInteger status = new AtomicInteger(204);
  private final AtomicReference<byte[]> body = new AtomicReference<>();
  private final AtomicReference<String> signature = new AtomicReference<>();
  private final AtomicReference<String> messageId = new AtomicReference<>();
  private final AtomicReference<String> contentType = new AtomicReference<>();
  private final AtomicReference<String> method = new AtomicReference<>();
  /** When set, the server holds its answer until the latch opens (the timeout test). */
  private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/sms", exchange -> {
      requests.incrementAndGet();
      method.set(exchange.getRequestMethod());
      contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
      signature.set(exchange.getRequestHeaders().getFirst(WebhookChannel.SIGNATURE_HEADER));
      messageId.set(exchange.getRequestHeaders().getFirst(WebhookChannel.MESSAGE_ID_HEADER));
      body.set(exchange.getRequestBody().readAllBytes());
      CountDownLatch latch = hold.get();
      if (latch != null) {
        try {
          latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    CountDownLatch latch = hold.get();
    if (latch != null) {
      latch.countDown();
    }
    server.stop(0);
  }

  private WebhookChannel channel(String secret, Duration timeout) {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sms");
    return new WebhookChannel(new OutreachProperties.Webhook(url, secret, timeout), JSON);
  }

  private static OutboundMessage message(String phone, String email) {
    return new OutboundMessage(7, "out-hook-1", "safety-advice", "Call 120 now: \"BP 190/125\" 请立即就医",
        phone, email, Instant.parse("2026-03-02T07:30:00Z"));
  }

  @Test
  void postsTheMessageAsSignedJson() throws Exception {
    try (WebhookChannel channel = channel(SECRET, Duration.ofSeconds(5))) {
      Delivery d = channel.send(message("+8613800000000", "li.lei@example.org"));

      assertThat(d.recipient()).isEqualTo("+8613800000000");
    }
    assertThat(requests.get()).isEqualTo(1);
    assertThat(method.get()).isEqualTo("POST");
    assertThat(contentType.get()).isEqualTo("application/json");
    assertThat(messageId.get()).isEqualTo("7");
    JsonNode json = JSON.readTree(body.get());
    assertThat(json.get("messageId").asLong()).isEqualTo(7);
    assertThat(json.get("patientId").asString()).isEqualTo("out-hook-1");
    assertThat(json.get("kind").asString()).isEqualTo("safety-advice");
    assertThat(json.get("body").asString()).isEqualTo("Call 120 now: \"BP 190/125\" 请立即就医");
    assertThat(json.get("phone").asString()).isEqualTo("+8613800000000");
    assertThat(json.get("email").asString()).isEqualTo("li.lei@example.org");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.get()));
    assertThat(signature.get()).isEqualTo(expected);
  }

  @Test
  void withoutASecretNothingIsSignedAndMissingAddressesAreNull() throws Exception {
    try (WebhookChannel channel = channel(null, Duration.ofSeconds(5))) {
      Delivery d = channel.send(message(null, "li.lei@example.org"));

      assertThat(d.recipient()).isEqualTo("li.lei@example.org");
    }
    assertThat(signature.get()).isNull();
    JsonNode json = JSON.readTree(body.get());
    assertThat(json.get("phone").isNull()).isTrue();
  }

  @Test
  void aServerErrorIsAFailureNamingTheStatus() {
    status.set(500);
    try (WebhookChannel channel = channel(SECRET, Duration.ofSeconds(5))) {
      DeliveryException e = catchThrowableOfType(DeliveryException.class,
          () -> channel.send(message("+8613800000000", null)));

      assertThat(e).isNotNull();
      assertThat(e.reason()).contains("HTTP 500");
      assertThat(e.permanent()).isFalse();
    }
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void noAnswerInTimeIsAFailure() {
    hold.set(new CountDownLatch(1));
    try (WebhookChannel channel = channel(SECRET, Duration.ofMillis(300))) {
      long t0 = System.nanoTime();
      DeliveryException e = catchThrowableOfType(DeliveryException.class,
          () -> channel.send(message("+8613800000000", null)));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      hold.get().countDown();

      assertThat(e).isNotNull();
      assertThat(e.reason()).contains("did not answer within");
      assertThat(e.permanent()).isFalse();
      assertThat(took).isLessThan(Duration.ofSeconds(5));
    }
  }
}
