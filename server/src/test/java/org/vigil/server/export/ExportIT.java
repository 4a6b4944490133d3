package org.vigil.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.server.Times.hoursAgo;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.server.IntegrationTest;
import org.vigil.server.TestHttp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports against the real server and database: members created through FHIR, research consents written as rows
 * (the Consent API is another issue's), exports read over HTTP (the default tenant, as no security layer sets one
 * here) and through the service for a tenant of the test's own.
 */
class ExportIT extends IntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

  @Autowired
  PseudonymKeys keys;

  @Autowired
  ExportService service;

  /** What a test stores about a member, to look for it in the exports. */
  private record Stored(String id, String family, String given, String phone, String nationalId, String street,
      String birthDate) {
    List<String> identifiers() {
      return List.of(id, family, given, phone, nationalId, street, birthDate);
    }
  }

  private Stored member(String tenant, String birthDate, String postalCode) {
    String id = unique("exp");
    String suffix = id.substring(id.lastIndexOf('-') + 1);
    Stored s = new Stored(id, "Familyname" + suffix, "Givenname" + suffix, "+86 139 " + Math.abs(id.hashCode()),
        "ID" + Math.abs((long) id.hashCode() * 31), "Street " + suffix, birthDate);
    TestHttp.Response r = http(token("test-operator", "operator", tenant)).put("/fhir/Patient/" + id,
        "application/fhir+json", """
        {"resourceType": "Patient", "id": "%s",
         "meta": {"tag": [{"system": "http://vigil.health/fhir/CodeSystem/tenant", "code": "%s"}]},
         "identifier": [{"system": "urn:oid:2.16.156.10011.1.1", "value": "%s"}],
         "name": [{"family": "%s", "given": ["%s"]}],
         "telecom": [{"system": "phone", "value": "%s"}],
         "gender": "female", "birthDate": "%s",
         "address": [{"line": ["%s"], "district": "Xuhui", "city": "Shanghai", "state": "Shanghai",
                      "postalCode": "%s"}]}"""
        .formatted(id, tenant, s.nationalId(), s.family(), s.given(), s.phone(), birthDate, s.street(), postalCode));
    assertThat(r.status()).as(r.body()).isIn(200, 201);
    belongsTo(id, tenant);
    return s;
  }

  private void consent(Stored m, String tenant, String scope, String status, OffsetDateTime from,
      OffsetDateTime to, OffsetDateTime recordedAt) {
    jdbc.sql("""
            insert into consent (tenant, patient_id, scope, grantee, status, period_from, period_to, recorded_at,
                recorded_by, resource)
            values (?, ?, ?, null, ?, cast(? as timestamptz), cast(? as timestamptz), ?, 'test', '{}'::jsonb)""")
        .params(tenant, m.id(), scope, status, from, to, recordedAt)
        .update();
  }

  private void research(Stored m, String tenant) {
    consent(m, tenant, "research", "active", NOW.minusDays(30), null, NOW.minusDays(30));
  }

  private String pseudonym(Stored m, String tenant) {
    return keys.pseudonymizer().pseudonym(tenant, m.id());
  }

  @Test
  void onlyMembersWhoseLatestResearchConsentIsActiveAndCurrentAreExported() {
    Stored consenting = member("default", "1958-04-02", "200030");
    Stored none = member("default", "1960-01-01", "200031");
    Stored withdrawn = member("default", "1961-01-01", "200032");
    Stored expired = member("default", "1962-01-01", "200033");
    Stored notYet = member("default", "1963-01-01", "200034");
    Stored otherScope = member("default", "1964-01-01", "200035");
    Stored reconsidered = member("default", "1965-01-01", "200036");
    research(consenting, "default");
    consent(withdrawn, "default", "research", "active", null, null, NOW.minusDays(10));
    consent(withdrawn, "default", "research", "inactive", null, null, NOW.minusDays(1));
    consent(expired, "default", "research", "active", NOW.minusDays(60), NOW.minusDays(1), NOW.minusDays(60));
    consent(notYet, "default", "research", "active", NOW.plusDays(1), null, NOW.minusDays(1));
    consent(otherScope, "default", "outreach-email", "active", null, null, NOW.minusDays(1));
    consent(reconsidered, "default", "research", "rejected", null, null, NOW.minusDays(5));
    consent(reconsidered, "default", "research", "active", null, NOW.plusDays(30), NOW.minusDays(2));
    readings(bp(consenting.id(), 151, 93, hoursAgo(5), "home"));
    condition(consenting.id(), "hypertension");

    TestHttp.Response r = get("/api/v1/export/pseudonymized");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    Map<String, JsonNode> byPseudonym = new HashMap<>();
    r.json().get("records").forEach(x -> byPseudonym.put(x.get("pseudonym").asString(), x));
    assertThat(byPseudonym).containsKeys(pseudonym(consenting, "default"), pseudonym(reconsidered, "default"));
    for (Stored out : List.of(none, withdrawn, expired, notYet, otherScope)) {
      assertThat(byPseudonym).doesNotContainKey(pseudonym(out, "default"));
    }
    assertThat(r.json().get("report").get("records").asInt()).isEqualTo(byPseudonym.size());

    JsonNode record = byPseudonym.get(pseudonym(consenting, "default"));
    assertThat(record.get("birthDate").asString()).isEqualTo("1958-04-02");
    assertThat(record.get("address").get("postalCode").asString()).isEqualTo("200030");
    assertThat(record.get("readings")).hasSize(2);
    assertThat(record.get("readings").get(0).get("effective").asString()).endsWith("+08:00");
    assertThat(record.get("conditions").get(0).get("condition").asString()).isEqualTo("hypertension");
    for (Stored s : List.of(consenting, none, withdrawn, expired, notYet, otherScope, reconsidered)) {
      assertThat(r.body()).doesNotContain(s.id(), s.family(), s.given(), s.phone(), s.nationalId(), s.street());
    }

    TestHttp.Response again = get("/api/v1/export/pseudonymized");
    Set<String> second = new HashSet<>();
    again.json().get("records").forEach(x -> second.add(x.get("pseudonym").asString()));
    assertThat(second).as("pseudonyms are stable across exports").isEqualTo(byPseudonym.keySet());
    assertThat(again.json().get("report").get("keyId").asString())
        .isEqualTo(r.json().get("report").get("keyId").asString());

    TestHttp.Response deidentified = get("/api/v1/export/deidentified?k=2&maxSuppression=0.5");
    assertThat(deidentified.status()).as(deidentified.body()).isEqualTo(200);
    JsonNode report = deidentified.json().get("report");
    assertThat(report.get("requestedK").asInt()).isEqualTo(2);
    assertThat(report.get("recordsIn").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(report.get("achievedK").isInt()).as(report.toString()).isTrue();
    assertThat(report.get("achievedK").asInt()).isGreaterThanOrEqualTo(2);
    List<String> attributes = new ArrayList<>();
    report.get("generalization").forEach(g -> attributes.add(g.get("attribute").asString()));
    assertThat(attributes).containsExactly("age", "sex", "geography");
    assertThat(report.get("informationLoss").get("nonUniformEntropy").asDouble()).isBetween(0.0, 1.0);
    assertThat(deidentified.json().get("records")).hasSize(report.get("recordsOut").asInt());
    for (Stored s : List.of(consenting, reconsidered)) {
      assertThat(deidentified.body()).doesNotContain(s.identifiers()).doesNotContain(pseudonym(s, "default"));
    }
  }

  /** Collects an export in memory. */
  private static final class Collect<R, T> implements ExportService.Sink<R, T> {
    R report;
    final List<T> records = new ArrayList<>();

    @Override
    public void report(R r) {
      assertThat(report).as("the report comes once, first").isNull();
      assertThat(records).isEmpty();
      report = r;
    }

    @Override
    public void record(T record) {
      records.add(record);
    }
  }

  @Test
  void aTenantsDeidentifiedExportIsKAnonymousHasNoIdentifiersAndGroupsTheOldest() {
    String tenant = unique("exp-tenant");
    List<Stored> members = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      // Everyone over 89 (born in the 1920s and early 1930s), in two postal areas of Xuhui.
      Stored m = member(tenant, "19" + (25 + i % 8) + "-0" + (1 + i % 9) + "-1" + (i % 10), "20003" + (i % 2));
      research(m, tenant);
      members.add(m);
      readings(bp(m.id(), 130 + i, 80 + i, hoursAgo(3 + i), "home"));
    }
    Stored withoutConsent = member(tenant, "1930-02-02", "200030");

    Collect<DeidentificationReport, DeidentifiedRecord> out = new Collect<>();
    DeidentificationReport report = service.deidentified(tenant, 5, 0.05, out);
    assertThat(report).isSameAs(out.report);
    assertThat(report.recordsIn()).isEqualTo(14);
    assertThat(report.recordsOut()).isEqualTo(out.records.size()).isEqualTo(14 - report.suppressed());
    Map<String, Integer> classes = new HashMap<>();
    out.records.forEach(r -> classes.merge(r.age() + "|" + r.sex() + "|" + r.geography(), 1, Integer::sum));
    assertThat(classes.values()).allSatisfy(size -> assertThat(size).isGreaterThanOrEqualTo(5));
    assertThat(report.achievedK()).hasValue(classes.values().stream().mapToInt(Integer::intValue).min().orElseThrow());
    assertThat(out.records).allSatisfy(r -> assertThat(r.age()).isIn("90+", "80+", "*"));
    assertThat(out.records).allSatisfy(r -> assertThat(r.readings()).hasSize(2));

    String json = JSON.writeValueAsString(out.records);
    for (Stored s : members) {
      assertThat(json).doesNotContain(s.identifiers()).doesNotContain(s.birthDate().substring(0, 4));
    }
    assertThat(json).doesNotContain(withoutConsent.id(), "Xuhui", "Shanghai", "200030", "200031",
        NOW.toLocalDate().toString());

    Collect<PseudonymizedReport, PseudonymizedRecord> pseudonymized = new Collect<>();
    service.pseudonymized(tenant, pseudonymized);
    assertThat(pseudonymized.records).extracting(PseudonymizedRecord::pseudonym)
        .containsExactlyInAnyOrderElementsOf(members.stream().map(m -> pseudonym(m, tenant)).toList())
        .doesNotContain(pseudonym(withoutConsent, tenant));
  }

  @Test
  void theEndpointsAreDocumentedInTheOpenApiDescription() {
    TestHttp.Response docs = get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    JsonNode paths = docs.json().get("paths");
    assertThat(paths.has("/api/v1/export/pseudonymized")).isTrue();
    JsonNode deidentified = paths.get("/api/v1/export/deidentified").get("get");
    assertThat(deidentified.get("tags").get(0).asString()).isEqualTo("Export");
    List<String> parameters = new ArrayList<>();
    deidentified.get("parameters").forEach(p -> parameters.add(p.get("name").asString()));
    assertThat(parameters).containsExactlyInAnyOrder("k", "maxSuppression");
  }

  @Test
  void invalidParametersAreRefusedNamingTheParameter() {
    assertProblem(get("/api/v1/export/deidentified?k=1"), 422, "k");
    assertProblem(get("/api/v1/export/deidentified?maxSuppression=1"), 422, "maxSuppression");
    assertProblem(get("/api/v1/export/deidentified?maxSuppression=-0.1"), 422, "maxSuppression");
    assertProblem(get("/api/v1/export/deidentified?maxSuppression=NaN"), 422, "maxSuppression");
    assertProblem(get("/api/v1/export/deidentified?k=abc"), 400, "k");
    TestHttp.Response both = get("/api/v1/export/deidentified?k=0&maxSuppression=2");
    assertProblem(both, 422, "k");
    assertThat(both.json().get("errors").get(1).get("field").asString()).isEqualTo("maxSuppression");
  }

  private static void assertProblem(TestHttp.Response r, int status, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
  }
}
