package org.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The load generator against a stand-in server (the JDK's own HttpServer) that records what it receives. */
class LoadGeneratorTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-03-10T04:00:00Z");

  private record Received(String method, String path, String contentType, String authorization, String body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private volatile int patientStatus = 201;

  private URI startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", this::handle);
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Authorization"),
        body));
    int status = exchange.getRequestMethod().equals("PUT") ? patientStatus : 200;
    byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
  }

  @Test
  void createsEveryMemberAsAPatientThenPostsEveryReadingOfTheWindow() throws IOException {
    LoadOptions options = new LoadOptions(startServer(), 6, 21, 5, 7, 0, Optional.of("secret"), 3);
    LoadReport report = new LoadGenerator(options).run(NOW, quiet());

    List<SimMember> members = Population.generate(21, 6);
    List<SimReading> expected =
        MergedStream.of(members, 21, NOW.minus(Duration.ofDays(5)), NOW).stream().toList();
    List<Received> puts = received.stream().filter(r -> r.method().equals("PUT")).toList();
    List<Received> posts = received.stream().filter(r -> r.method().equals("POST")).toList();

    assertThat(puts).extracting(Received::path).containsExactlyInAnyOrderElementsOf(
        members.stream().map(m -> "/fhir/Patient/" + m.id()).toList());
    assertThat(puts).allSatisfy(r -> {
      assertThat(r.contentType()).isEqualTo("application/fhir+json");
      assertThat(r.authorization()).isEqualTo("Bearer secret");
      assertThat(JSON.readTree(r.body()).get("resourceType").stringValue()).isEqualTo("Patient");
    });
    assertThat(posts).allSatisfy(r -> {
      assertThat(r.path()).isEqualTo("/api/v1/readings");
      assertThat(r.contentType()).isEqualTo("application/json");
      assertThat(r.authorization()).isEqualTo("Bearer secret");
      assertThat(JSON.readTree(r.body()).get("readings").size()).isBetween(1, 7);
    });
    List<String> sentIds = posts.stream()
        .flatMap(r -> JSON.readTree(r.body()).get("readings").valueStream())
        .map(item -> item.get("identifier").stringValue()).toList();
    assertThat(sentIds).containsExactlyInAnyOrderElementsOf(expected.stream().map(SimReading::identifier).toList());

    assertThat(report.ok()).isTrue();
    assertThat(report.patients()).isEqualTo(6);
    assertThat(report.readingsSent()).isEqualTo(expected.size());
    assertThat(report.readingsAccepted()).isEqualTo(expected.size());
    assertThat(report.batches()).isEqualTo(posts.size()).isEqualTo((expected.size() + 6) / 7);
    assertThat(report.readingLatency().count()).isEqualTo(posts.size());
    assertThat(report.patientLatency().count()).isEqualTo(6);
    assertThat(report.summary()).contains("readings/s").contains("p50").contains("p95").contains("p99");
  }

  @Test
  void sendsNoAuthorizationWithoutAToken() throws IOException {
    new LoadGenerator(new LoadOptions(startServer(), 2, 1, 1, 100, 0, Optional.empty(), 1)).run(NOW, quiet());
    assertThat(received).isNotEmpty().allSatisfy(r -> assertThat(r.authorization()).isNull());
  }

  @Test
  void holdsBackToTheRequestedRate() throws IOException {
    LoadOptions options = new LoadOptions(startServer(), 3, 1, 3, 5, 100, Optional.empty(), 2);
    LoadReport report = new LoadGenerator(options).run(NOW, quiet());
    // The last batch may leave only once all before it are due: (sent - lastBatch) / rate seconds in.
    long beforeLast = report.readingsSent() - (report.readingsSent() % 5 == 0 ? 5 : report.readingsSent() % 5);
    assertThat(report.readingsSent()).isGreaterThan(10);
    assertThat(report.readingsElapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(beforeLast * 10));
  }

  @Test
  void sendsNoReadingsWhenThePatientsAreRejected() throws IOException {
    patientStatus = 400;
    LoadReport report = new LoadGenerator(new LoadOptions(startServer(), 4, 1, 2, 10, 0, Optional.empty(), 2))
        .run(NOW, quiet());
    assertThat(received).extracting(Received::method).containsOnly("PUT");
    assertThat(report.ok()).isFalse();
    assertThat(report.patientFailures()).isEqualTo(4);
    assertThat(report.readingsSent()).isZero();
    assertThat(report.failures()).containsEntry("patient HTTP 400", 4L);
    assertThat(report.firstFailure()).hasValueSatisfying(f -> assertThat(f).contains("400"));
  }

  @Test
  void anUnreachableServerIsReportedNotThrown() throws IOException {
    URI url = startServer();
    server.stop(0);
    LoadReport report = new LoadGenerator(new LoadOptions(url, 2, 1, 1, 10, 0, Optional.empty(), 1))
        .run(NOW, quiet());
    assertThat(report.ok()).isFalse();
    assertThat(report.patientFailures()).isEqualTo(2);
    assertThat(report.failures()).isNotEmpty();
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
