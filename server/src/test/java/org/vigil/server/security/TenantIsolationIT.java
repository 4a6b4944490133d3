package org.vigil.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.vigil.server.IntegrationTest;
import org.vigil.server.TestHttp;
import org.vigil.server.Times;
import tools.jackson.databind.JsonNode;

/**
 * Hard isolation of tenants, tested the way HAPI FHIR's tenant-cache leak (hapifhir/hapi-fhir#7888: a match cached
 * in one partition served to another) would have been caught: two tenants hold members with the same identifier,
 * name and hospital record; every cached path (conditional create and conditional references by identifier,
 * identifier and name search, reads, the worklist, alerts with their cached bodies, the contact directory, the
 * monitor's state) is warmed in one tenant, then the same requests are made in the other, in both orders and
 * concurrently, and each tenant must only ever see and write its own member.
 */
class TenantIsolationIT extends IntegrationTest {
  private static final String MRN_SYSTEM = "urn:hospital:mrn";

  /** A hospital's transaction: create the member unless the MRN exists, and a BP reading by conditional reference. */
  private static String export(String mrn, int systolic, String time) {
    return """
        {"resourceType": "Bundle", "type": "transaction", "entry": [
          {"fullUrl": "urn:uuid:p", "request": {"method": "POST", "url": "Patient", "ifNoneExist": "identifier=%s|%s"},
           "resource": {"resourceType": "Patient", "identifier": [{"system": "%s", "value": "%s"}],
             "name": [{"family": "Zhou", "given": ["Hua"]}], "telecom": [{"system": "phone", "value": "+86 139 0000 7888"}],
             "gender": "female", "birthDate": "1950-03-04"}},
          {"fullUrl": "urn:uuid:o", "request": {"method": "POST", "url": "Observation"},
           "resource": {"resourceType": "Observation", "status": "final",
             "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
             "subject": {"reference": "Patient?identifier=%s|%s"}, "effectiveDateTime": "%s",
             "component": [
               {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                "valueQuantity": {"value": %d, "unit": "mm[Hg]", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}},
               {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                "valueQuantity": {"value": 90, "unit": "mm[Hg]", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}]}}]}"""
        .formatted(MRN_SYSTEM, mrn, MRN_SYSTEM, mrn, MRN_SYSTEM, mrn, time, systolic);
  }

  /** What one tenant's operator sees of the shared MRN. */
  private record View(List<String> byIdentifier, List<String> byName, List<String> worklist, long readings) {}

  private View look(TestHttp op, String mrn) {
    List<String> byIdentifier = ids(op.get("/fhir/Patient?identifier=" + MRN_SYSTEM + "|" + mrn).json());
    List<String> byName = ids(op.get("/fhir/Patient?name=Zhou&_count=500").json());
    List<String> worklist = new ArrayList<>();
    op.get("/api/v1/worklist?limit=1000").json().get("items")
        .forEach(i -> worklist.add(i.get("patientId").asString()));
    long readings = byIdentifier.isEmpty() ? 0
        : op.get("/fhir/Observation?patient=" + byIdentifier.getFirst()).json().get("total").asLong();
    return new View(byIdentifier, byName, worklist, readings);
  }

  private static List<String> ids(JsonNode bundle) {
    List<String> out = new ArrayList<>();
    bundle.path("entry").forEach(e -> out.add(e.get("resource").get("id").asString()));
    return out;
  }

  @Test
  void twoTenantsWithTheSameMemberNeverSeeOrWriteEachOthers() throws Exception {
    String mrn = unique("mrn");
    TestHttp a = http(token("op-a", "operator", "iso-a"));
    TestHttp b = http(token("op-b", "operator", "iso-b"));

    // A first: create, read back, search, worklist — every cache warm with A's answer.
    TestHttp.Response first = a.post("/fhir", "application/fhir+json", export(mrn, 185, Times.hoursAgo(5)));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    View aView = look(a, mrn);
    assertThat(aView.byIdentifier()).hasSize(1);
    String memberA = aView.byIdentifier().getFirst();
    assertThat(a.get("/api/v1/patients/" + memberA + "/findings").status()).isEqualTo(200);

    // The same export in B must create B's own member, not attach to A's.
    TestHttp.Response second = b.post("/fhir", "application/fhir+json", export(mrn, 186, Times.hoursAgo(5)));
    assertThat(second.status()).as(second.body()).isEqualTo(200);
    View bView = look(b, mrn);
    assertThat(bView.byIdentifier()).hasSize(1);
    String memberB = bView.byIdentifier().getFirst();
    assertThat(memberB).isNotEqualTo(memberA);

    // Again in both orders, and then both tenants at once: each reading lands on its own tenant's member.
    for (int round = 0; round < 3; round++) {
      assertThat(b.post("/fhir", "application/fhir+json", export(mrn, 150 + round, Times.hoursAgo(4 - round)))
          .status()).isEqualTo(200);
      assertThat(a.post("/fhir", "application/fhir+json", export(mrn, 160 + round, Times.hoursAgo(4 - round)))
          .status()).isEqualTo(200);
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<Integer>> sent = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        TestHttp who = i % 2 == 0 ? a : b;
        String time = Times.minutesAgo(30 + i);
        int sys = 140 + i;
        sent.add(pool.submit(() -> who.post("/fhir", "application/fhir+json", export(mrn, sys, time)).status()));
      }
      for (Future<Integer> f : sent) {
        assertThat(f.get()).isEqualTo(200);
      }
    }

    aView = look(a, mrn);
    bView = look(b, mrn);
    assertThat(aView.byIdentifier()).containsExactly(memberA);
    assertThat(bView.byIdentifier()).containsExactly(memberB);
    assertThat(aView.byName()).contains(memberA).doesNotContain(memberB);
    assertThat(bView.byName()).contains(memberB).doesNotContain(memberA);
    assertThat(aView.worklist()).contains(memberA).doesNotContain(memberB);
    assertThat(bView.worklist()).contains(memberB).doesNotContain(memberA);
    assertThat(aView.readings()).as("A's readings: 1 + 3 + 10").isEqualTo(14);
    assertThat(bView.readings()).as("B's readings: 1 + 3 + 10").isEqualTo(14);
    assertThat(count("select count(*) from observation where patient_id = ?", memberA)).isEqualTo(14);
    assertThat(count("select count(*) from observation where patient_id = ?", memberB)).isEqualTo(14);

    // Each member's crisis alert is its own, with its own readings as evidence.
    JsonNode alertA = a.get("/api/v1/alerts?patient=" + memberA).json();
    JsonNode alertB = b.get("/api/v1/alerts?patient=" + memberB).json();
    assertThat(alertA).isNotEmpty();
    assertThat(alertB).isNotEmpty();
    assertThat(alertA.toString()).contains("185").doesNotContain(memberB);
    assertThat(alertB.toString()).contains("186").doesNotContain(memberA);
    assertThat(b.get("/api/v1/alerts?patient=" + memberA).json()).as("B asking for A's member").isEmpty();
    assertThat(b.get("/api/v1/alerts/" + alertA.get(0).get("id").asLong()).status()).isEqualTo(404);
    assertThat(b.get("/fhir/Patient/" + memberA).status()).isEqualTo(404);
    assertThat(b.get("/api/v1/patients/" + memberA + "/findings").status()).isEqualTo(404);

    // B cannot take over A's member by id, nor write readings for it.
    long before = count("select count(*) from observation where patient_id = ?", memberA);
    TestHttp.Response takeover = b.put("/fhir/Patient/" + memberA, "application/fhir+json", """
        {"resourceType": "Patient", "id": "%s", "name": [{"family": "Mallory"}]}""".formatted(memberA));
    assertThat(takeover.status()).isEqualTo(409);
    TestHttp.Response device = b.post("/api/v1/readings", "application/json",
        "{\"readings\": [" + bp(memberA, 200, 120, Times.hoursAgo(1), "home") + "]}");
    assertThat(device.status()).isEqualTo(422);
    assertThat(device.body()).contains("readings[0].patient").contains("no patient");
    assertThat(count("select count(*) from observation where patient_id = ?", memberA)).isEqualTo(before);
    assertThat(a.get("/fhir/Patient/" + memberA).json().get("name").get(0).get("family").asString())
        .isEqualTo("Zhou");
  }
}
