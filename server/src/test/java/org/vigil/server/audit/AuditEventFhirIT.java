package org.vigil.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.server.IntegrationTest;
import org.vigil.server.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/** The audit log as FHIR AuditEvent: mapping, the operators' searches and paging. */
class AuditEventFhirIT extends IntegrationTest {
  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

  @Autowired
  AuditLog audit;

  String patient;
  String manager;
  String doctor;

  @BeforeEach
  void entries() {
    patient = unique("ae-p");
    manager = unique("ae-mgr");
    doctor = unique("ae-dr");
    audit.append(new AuditEntry(T0, manager, "manager", "default", patient, AuditEntry.READ,
        "GET /api/v1/patients/" + patient + "/findings", "treatment", "200", null));
    audit.append(new AuditEntry(T0.plusSeconds(3600), manager, "manager", "default", patient, AuditEntry.UPDATE,
        "Patient/" + patient, "operations", "200", Map.of("fields", "telecom")));
    audit.append(new AuditEntry(T0.plusSeconds(7200), doctor, "doctor", "default", patient, AuditEntry.DENIED,
        "GET /api/v1/patients/" + patient + "/export", "research", "403", Map.of("reason", "no research consent")));
    audit.append(new AuditEntry(T0.plusSeconds(7300), doctor, "doctor", "default", null, AuditEntry.SEARCH,
        "Observation/obs-" + patient, "treatment", "200", null));
    audit.flush();
  }

  private JsonNode bundle(String query) {
    Response r = get("/fhir/AuditEvent?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static List<String> subtypes(JsonNode bundle) {
    List<String> out = new ArrayList<>();
    if (bundle.has("entry")) {
      bundle.get("entry").forEach(e -> out.add(e.get("resource").get("subtype").get(0).get("code").asString()));
    }
    return out;
  }

  @Test
  void aMembersAuditEventsAreFoundOldestFirstAndMappedToFhir() {
    JsonNode b = bundle("patient=" + patient);
    assertThat(b.get("total").asInt()).isEqualTo(3);
    assertThat(subtypes(b)).containsExactly("read", "update", "denied");

    JsonNode read = b.get("entry").get(0).get("resource");
    assertThat(read.get("resourceType").asString()).isEqualTo("AuditEvent");
    assertThat(read.get("type").get("code").asString()).isEqualTo("rest");
    assertThat(read.get("action").asString()).isEqualTo("R");
    assertThat(read.get("recorded").asString()).startsWith("2026-06-01T08:00:00");
    assertThat(read.get("outcome").asString()).isEqualTo("0");
    JsonNode agent = read.get("agent").get(0);
    assertThat(agent.get("who").get("identifier").get("value").asString()).isEqualTo(manager);
    assertThat(agent.get("role").get(0).get("coding").get(0).get("code").asString()).isEqualTo("manager");
    assertThat(read.get("entity").get(0).get("what").get("reference").asString()).isEqualTo("Patient/" + patient);
    assertThat(read.get("entity").get(1).get("name").asString())
        .isEqualTo("GET /api/v1/patients/" + patient + "/findings");
    assertThat(read.get("purposeOfEvent").get(0).get("coding").get(1).get("code").asString()).isEqualTo("TREAT");
    assertThat(read.get("source").get("site").asString()).isEqualTo("Vigil");
    assertThat(read.get("extension").get(0).get("valueString").asString()).hasSize(64);

    JsonNode update = b.get("entry").get(1).get("resource");
    assertThat(update.get("action").asString()).isEqualTo("U");
    assertThat(update.get("entity").get(1).get("what").get("reference").asString()).isEqualTo("Patient/" + patient);
    assertThat(update.get("entity").get(1).get("detail").get(0).get("type").asString()).isEqualTo("fields");
    assertThat(update.get("entity").get(1).get("detail").get(0).get("valueString").asString()).isEqualTo("telecom");

    JsonNode denied = b.get("entry").get(2).get("resource");
    assertThat(denied.get("action").asString()).isEqualTo("E");
    assertThat(denied.get("outcome").asString()).isEqualTo("4");
    assertThat(denied.get("outcomeDesc").asString()).isEqualTo("403");
    assertThat(denied.get("purposeOfEvent").get(0).get("text").asString()).isEqualTo("research");

    String id = read.get("id").asString();
    Response one = get("/fhir/AuditEvent/" + id);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().get("agent").get(0).get("who").get("display").asString()).isEqualTo(manager);
    assertThat(get("/fhir/AuditEvent/999999999999").status()).isEqualTo(404);
    assertThat(get("/fhir/AuditEvent/not-a-number").status()).isEqualTo(404);
  }

  @Test
  void searchesByAgentEntityDateActionAndSubtype() {
    assertThat(subtypes(bundle("agent=" + doctor))).containsExactly("denied", "search");
    assertThat(subtypes(bundle("entity=Patient/" + patient + "&agent=" + manager))).containsExactly("read", "update");
    assertThat(subtypes(bundle("entity=Observation/obs-" + patient))).containsExactly("search");
    assertThat(subtypes(bundle("patient=" + patient + "&date=ge2026-06-01T08:30:00Z&date=le2026-06-01T09:30:00Z")))
        .containsExactly("update");
    assertThat(subtypes(bundle("patient=" + patient + "&date=gt2026-06-01T09:00:00Z"))).containsExactly("denied");
    assertThat(subtypes(bundle("patient=" + patient + "&date=2026-06-01"))).hasSize(3);
    // A day without a zone spans every zone (HAPI: from 00:00+14:00 to 24:00-12:00), as for Observation.
    assertThat(subtypes(bundle("patient=" + patient + "&date=2026-06-02"))).containsExactly("denied");
    assertThat(subtypes(bundle("patient=" + patient + "&date=2026-06-03"))).isEmpty();
    assertThat(subtypes(bundle("patient=" + patient + "&action=R"))).containsExactly("read");
    assertThat(subtypes(bundle("patient=" + patient + "&action=U,E"))).containsExactly("update", "denied");
    assertThat(subtypes(bundle("agent=" + doctor + "&action=E"))).containsExactly("denied", "search");
    assertThat(subtypes(bundle("agent=" + doctor + "&action=C"))).isEmpty();
    assertThat(subtypes(bundle("agent=" + doctor + "&subtype=denied"))).containsExactly("denied");
    assertThat(subtypes(bundle("agent=" + doctor + "&subtype=" + AuditEventProvider.ACTION_SYSTEM + "|search")))
        .containsExactly("search");
  }

  @Test
  void pagesLikeTheOtherResources() {
    JsonNode first = bundle("patient=" + patient + "&_count=2");
    assertThat(first.get("total").asInt()).isEqualTo(3);
    assertThat(subtypes(first)).containsExactly("read", "update");
    assertThat(links(first)).containsKey("next");
    JsonNode second = bundle("patient=" + patient + "&_count=2&_offset=2");
    assertThat(subtypes(second)).containsExactly("denied");
    assertThat(links(second)).doesNotContainKey("next");
    assertThat(bundle("patient=" + patient + "&_count=0").get("total").asInt()).isEqualTo(3);
  }

  @Test
  void badSearchesAreRefusedNamingTheParameter() {
    assertOutcome(get("/fhir/AuditEvent?action=X"), 422, "action");
    assertOutcome(get("/fhir/AuditEvent?_count=5000"), 422, "_count");
    assertOutcome(get("/fhir/AuditEvent?subtype=http://example.org|read"), 422, "subtype");
    assertOutcome(get("/fhir/AuditEvent?patient=Group/g1"), 422, "patient");
  }

  @Test
  void theCapabilityStatementListsAuditEvent() {
    List<String> types = new ArrayList<>();
    get("/fhir/metadata").json().get("rest").get(0).get("resource").forEach(x -> types.add(x.get("type").asString()));
    assertThat(types).contains("AuditEvent");
  }

  private static Map<String, String> links(JsonNode bundle) {
    Map<String, String> out = new java.util.HashMap<>();
    bundle.get("link").forEach(l -> out.put(l.get("relation").asString(), l.get("url").asString()));
    return out;
  }

  private static void assertOutcome(Response r, int status, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().get("resourceType").asString()).isEqualTo("OperationOutcome");
    assertThat(r.json().get("issue").get(0).get("expression").get(0).asString()).isEqualTo(field);
  }
}
