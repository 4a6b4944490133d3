package org.vigil.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running Vigil server as any client sees it: HTTP/1.1 (over plain http the JDK client would otherwise try an h2c
 * upgrade on every connection) with an operator's bearer token. Answers carry the time from send to the last byte;
 * an I/O failure is an answer with status -1, so a load driver counts it instead of dying.
 */
final class VigilClient {
  static final String JSON = "application/json";
  static final String FHIR_JSON = "application/fhir+json";
  private static final Pattern COUNT = Pattern.compile("\"(stored|duplicates|rejected)\"\\s*:\\s*(\\d+)");

  private final URI base;
  private final String token;
  private final HttpClient http;
  private final Duration timeout;

  VigilClient(URI base, String token, Duration timeout) {
    this.base = URI.create(base.toString().replaceAll("/+$", ""));
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The token in a file (written by the script with {@code ./vigil token}), so it never shows in a process list. */
  static String tokenFrom(Path file) throws IOException {
    return Files.readString(file).strip();
  }

  /** What came back: status (-1 when the call failed), body, and nanoseconds from send to the last byte. */
  record Answer(int status, byte[] body, long nanos) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The device API's {@code stored}, {@code duplicates} and {@code rejected} counts (-1 when absent). */
    long[] counts() {
      // The counts come first in the body; a 10,000-item answer is about a megabyte, so only its head is decoded.
      String head = new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8);
      long[] c = {-1, -1, -1};
      Matcher m = COUNT.matcher(head);
      while (m.find()) {
        int i = switch (m.group(1)) {
          case "stored" -> 0;
          case "duplicates" -> 1;
          default -> 2;
        };
        if (c[i] < 0) {
          c[i] = Long.parseLong(m.group(2));
        }
      }
      return c;
    }

    /** A short reason for a failed call, for the failure tally. */
    String reason() {
      if (status < 0) {
        return text();
      }
      String t = text().replaceAll("\\s+", " ");
      return "HTTP " + status + (t.isEmpty() ? "" : ": " + t.substring(0, Math.min(t.length(), 160)));
    }
  }

  Answer post(String path, String contentType, byte[] body) {
    return send(request(path).header("Content-Type", contentType)
        .header("Accept", "application/json, application/fhir+json, application/problem+json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  Answer put(String path, String contentType, byte[] body) {
    return send(request(path).header("Content-Type", contentType)
        .header("Accept", "application/json, application/fhir+json, application/problem+json")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  Answer get(String path) {
    return send(request(path).header("Accept", "application/json").GET().build());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private Answer send(HttpRequest request) {
    long t0 = System.nanoTime();
    try {
      HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), r.body(), System.nanoTime() - t0);
    } catch (IOException e) {
      return new Answer(-1, (e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))
          .getBytes(StandardCharsets.UTF_8), System.nanoTime() - t0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, "interrupted".getBytes(StandardCharsets.UTF_8), System.nanoTime() - t0);
    }
  }
}
