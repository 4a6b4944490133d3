package org.vigil.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole server on a random port with a real embedded PostgreSQL in a
 * fresh temporary data directory (one per test JVM, shared by every test class through Spring's context
 * cache). Talks HTTP like any client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {
  private static final Path DATA_DIR = tempDir();

  @Value("${local.server.port}")
  protected int port;

  @Autowired
  protected JdbcClient jdbc;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("vigil.data-dir", DATA_DIR::toString);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("vigil-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  protected TestHttp http() {
    return new TestHttp(port);
  }

  protected TestHttp.Response get(String path) {
    return http().get(path);
  }

  protected TestHttp.Response put(String path, String contentType, String body) {
    return http().put(path, contentType, body);
  }

  protected TestHttp.Response postJson(String path, String body) {
    return http().post(path, "application/json", body);
  }

  protected TestHttp.Response postFhir(String path, String body) {
    return http().post(path, "application/fhir+json", body);
  }

  protected void patient(String id) {
    http().patient(id);
  }

  protected long count(String sql, Object... params) {
    return jdbc.sql(sql).params(params).query(Long.class).single();
  }

  /** A unique id per test run, so tests sharing the database never collide. */
  protected static String unique(String prefix) {
    return prefix + "-" + Long.toString(System.nanoTime(), 36);
  }
}
