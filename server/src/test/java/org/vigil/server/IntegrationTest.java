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
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "vigil.tenants.intl-clinic=international")
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

  /** The tenant of each member a test created with {@link #patient(String, String, String, String, String)}. */
  private final java.util.Map<String, String> tenants = new java.util.concurrent.ConcurrentHashMap<>();

  /** A client acting as an operator of the default tenant (sees and writes every member of it). */
  protected TestHttp http() {
    return http(token("test-operator", "operator", tenant()));
  }

  /** The tenant this test acts in by default. */
  protected String tenant() {
    return "default";
  }

  /** A client acting as this user (a token with the user's role, in the test's tenant). */
  protected TestHttp as(String user, String role) {
    return http(token(user, role, tenant()));
  }

  /** A client sending this bearer token. */
  protected TestHttp http(String token) {
    return new TestHttp(port, token, DATA_DIR);
  }

  /** A client with no credentials. */
  protected TestHttp anonymous() {
    return new TestHttp(port);
  }

  /** A token from this server's local issuer. */
  protected static String token(String subject, String role, String tenant) {
    return TestHttp.token(DATA_DIR, subject, role, tenant);
  }

  /** The data dir of the server under test (its local issuer's key lives there). */
  protected static Path dataDir() {
    return DATA_DIR;
  }

  /** Notes that a member a test created by hand belongs to this tenant (readings then go in as its operator). */
  protected void belongsTo(String patientId, String tenant) {
    tenants.put(patientId, tenant);
  }

  /** A client acting as an operator of the tenant these members belong to (default unless created in another). */
  private TestHttp operatorFor(java.util.Collection<String> patients) {
    java.util.Set<String> ts = new java.util.HashSet<>();
    for (String p : patients) {
      ts.add(tenants.getOrDefault(p, tenant()));
    }
    return ts.size() == 1 ? http(token("test-operator", "operator", ts.iterator().next())) : http();
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

  /** A member of a tenant (whose profile the tenant map decides) with a sex, a birth year and a service tier. */
  protected void patient(String id, String tenant, String gender, String birthDate, String tier) {
    tenants.put(id, tenant);
    TestHttp.Response r = http(token("test-operator", "operator", tenant)).put("/fhir/Patient/" + id, "application/fhir+json", """
        {"resourceType": "Patient", "id": "%s",
         "meta": {"tag": [{"system": "http://vigil.health/fhir/CodeSystem/tenant", "code": "%s"}]},
         "extension": [{"url": "http://vigil.health/fhir/StructureDefinition/service-tier", "valueCode": "%s"}],
         "name": [{"family": "Test", "given": ["Member"]}], "gender": "%s", "birthDate": "%s"}"""
        .formatted(id, tenant, tier, gender, birthDate));
    if (r.status() != 200 && r.status() != 201) {
      throw new IllegalStateException("cannot create patient " + id + ": " + r.body());
    }
  }

  /** Records a diagnosis with Vigil's own condition code. */
  protected TestHttp.Response condition(String patientId, String code) {
    return postFhir("/fhir/Condition", """
        {"resourceType": "Condition",
         "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
         "code": {"coding": [{"system": "http://vigil.health/fhir/CodeSystem/condition", "code": "%s"}]},
         "subject": {"reference": "Patient/%s"}}""".formatted(code, patientId));
  }

  /** Posts readings to the device API and fails unless every one was stored. */
  protected TestHttp.Response readings(String... items) {
    java.util.List<String> patients = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"patient\": \"([^\"]+)\"").matcher(String.join(",", items));
    while (m.find()) {
      patients.add(m.group(1));
    }
    TestHttp.Response r = operatorFor(patients).post("/api/v1/readings", "application/json",
        "{\"readings\": [" + String.join(",", items) + "]}");
    if (r.status() != 200) {
      throw new IllegalStateException("readings refused: " + r.body());
    }
    return r;
  }

  protected static String single(String patient, String code, double value, String unit, String time, String extra) {
    return """
        {"patient": "%s", "code": "%s", "value": %s, "unit": "%s", "effective": "%s", "source": "test-device"%s}"""
        .formatted(patient, code, value, unit, time, extra.isEmpty() ? "" : ", " + extra);
  }

  protected static String bp(String patient, int sys, int dia, String time, String setting) {
    return """
        {"patient": "%s", "code": "85354-9", "source": "test-cuff", "effective": "%s", "setting": "%s",
         "components": [{"code": "8480-6", "value": %d, "unit": "mm[Hg]"}, {"code": "8462-4", "value": %d, "unit": "mm[Hg]"}]}"""
        .formatted(patient, time, setting, sys, dia);
  }

  /** The unresolved alerts of a member, by family. */
  protected java.util.Map<String, tools.jackson.databind.JsonNode> alertsByFamily(String patient) {
    java.util.Map<String, tools.jackson.databind.JsonNode> out = new java.util.HashMap<>();
    operatorFor(java.util.List.of(patient)).get("/api/v1/alerts?patient=" + patient).json().forEach(a -> out.put(a.get("family").asString(), a));
    return out;
  }

  protected long count(String sql, Object... params) {
    return jdbc.sql(sql).params(params).query(Long.class).single();
  }

  /** A unique id per test run, so tests sharing the database never collide. */
  protected static String unique(String prefix) {
    return prefix + "-" + Long.toString(System.nanoTime(), 36);
  }
}
