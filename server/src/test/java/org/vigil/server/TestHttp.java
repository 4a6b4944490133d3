package org.vigil.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the tests: talks to the server the way any client does. */
public final class TestHttp {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final int port;
  private final String token;
  private final java.nio.file.Path dataDir;

  /** A client without credentials (every /api and /fhir call answers 401). */
  public TestHttp(int port) {
    this(port, null);
  }

  /** A client sending this bearer token with every request. */
  public TestHttp(int port, String token) {
    this(port, token, null);
  }

  /** A client sending this token, able to act as an operator of another tenant of the same server. */
  public TestHttp(int port, String token, java.nio.file.Path dataDir) {
    this.port = port;
    this.token = token;
    this.dataDir = dataDir;
  }

  /** The same server, as an operator of this tenant. */
  public TestHttp forTenant(String tenant) {
    if (dataDir == null) {
      throw new IllegalStateException("this client does not know the server's data dir");
    }
    return new TestHttp(port, token(dataDir, "test-operator", "operator", tenant), dataDir);
  }

  /** A client for the server whose data dir (local issuer key) is given, as an operator of the default tenant. */
  public static TestHttp operator(int port, java.nio.file.Path dataDir) {
    return new TestHttp(port, token(dataDir, "test-operator", "operator", "default"), dataDir);
  }

  /** A bearer token from the local issuer of the server using this data dir. */
  public static String token(java.nio.file.Path dataDir, String subject, String role, String tenant) {
    return org.vigil.server.security.LocalIssuer.at(dataDir).mint(subject, role, tenant, null,
        Duration.ofHours(1), java.time.Instant.now());
  }

  public Response delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").DELETE().build());
  }

  /** An HTTP answer with its body parsed as JSON (null when the body is not JSON). */
  public record Response(int status, String contentType, String body, JsonNode json) {}

  public Response get(String path) {
    return get(path, "application/json");
  }

  public Response get(String path, String accept) {
    return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET().build());
  }

  public Response post(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .header("Accept", "application/json, application/fhir+json, application/problem+json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public Response put(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** Creates (or replaces) a member with the given id through FHIR. */
  public void patient(String id) {
    Response r = put("/fhir/Patient/" + id, "application/fhir+json", """
        {"resourceType": "Patient", "id": "%s",
         "identifier": [{"system": "urn:test:member", "value": "%s"}],
         "name": [{"family": "Test", "given": ["Member"]}], "gender": "female", "birthDate": "1961-04-02"}"""
        .formatted(id, id));
    if (r.status() != 200 && r.status() != 201) {
      throw new IllegalStateException("cannot create patient " + id + ": " + r.body());
    }
  }

  private URI uri(String path) {
    // java.net.URI refuses a raw '|' (FHIR token searches); encode it like a careful client would.
    return URI.create("http://localhost:" + port + path.replace("|", "%7C"));
  }

  private Response send(HttpRequest request) {
    if (token != null) {
      request = HttpRequest.newBuilder(request, (k, v) -> true).header("Authorization", "Bearer " + token).build();
    }
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      String type = r.headers().firstValue("Content-Type").orElse("");
      JsonNode node = type.contains("json") && !r.body().isBlank() ? JSON.readTree(r.body()) : null;
      return new Response(r.statusCode(), type, r.body(), node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
