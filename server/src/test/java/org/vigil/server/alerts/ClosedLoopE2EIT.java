package org.vigil.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.vigil.server.IntegrationTest;
import org.vigil.server.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/**
 * The first closed loop end to end: a FHIR transaction Bundle of office blood pressures on separate days
 * becomes a cited alert on the worklist and as a DetectedIssue; a manager acknowledges and resolves it.
 * The server runs the China profile (the default): grade 2 needs three non-same-day readings >= 160/100.
 */
class ClosedLoopE2EIT extends IntegrationTest {

  private static String daysAgo(int days) {
    return org.vigil.server.Times.daysAgo(days, 1);
  }

  private static String office(String patientUrl, int sys, int dia, String time) {
    return """
        {"fullUrl": "urn:uuid:%s", "request": {"method": "POST", "url": "Observation"},
         "resource": {"resourceType": "Observation", "status": "final",
          "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
          "subject": {"reference": "%s"}, "effectiveDateTime": "%s",
          "component": [
            {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
             "valueQuantity": {"value": %d, "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}},
            {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
             "valueQuantity": {"value": %d, "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}]}}"""
        .formatted(java.util.UUID.randomUUID(), patientUrl, time, sys, dia);
  }

  @Test
  void aTransactionBundleBecomesACitedAlertOnTheWorklistAndTheManagerClosesTheLoop() {
    String mrn = unique("e2e");
    String patientUrl = "urn:uuid:" + java.util.UUID.randomUUID();
    String bundle = """
        {"resourceType": "Bundle", "type": "transaction", "entry": [
          {"fullUrl": "%s", "request": {"method": "POST", "url": "Patient"},
           "resource": {"resourceType": "Patient", "identifier": [{"system": "urn:e2e", "value": "%s"}],
                        "name": [{"family": "Liu", "given": ["Yang"]}], "gender": "male", "birthDate": "1957"}},
          %s, %s, %s]}""".formatted(patientUrl, mrn,
        office(patientUrl, 168, 104, daysAgo(20)), office(patientUrl, 164, 101, daysAgo(13)),
        office(patientUrl, 166, 103, daysAgo(6)));
    Response posted = postFhir("/fhir", bundle);
    assertThat(posted.status()).as(posted.body()).isEqualTo(200);
    String patientId = posted.json().get("entry").get(0).get("response").get("location").asString()
        .split("/")[1];

    JsonNode alerts = get("/api/v1/alerts?patient=" + patientId).json();
    assertThat(alerts).hasSize(1);
    JsonNode alert = alerts.get(0);
    assertThat(alert.get("ruleId").asString()).isEqualTo("htn.china-2024.office-grade");
    assertThat(alert.get("level").asString()).isEqualTo("grade-2");
    assertThat(alert.get("profile").asString()).isEqualTo("china");
    assertThat(alert.get("citation").get("guidelineId").asString()).isEqualTo("china-htn-2024");
    assertThat(alert.get("citation").get("section").asString()).contains("grade 2 160-179");
    assertThat(alert.get("supportingCitations").get(0).get("guidelineId").asString())
        .isEqualTo("china-htn-primary-care-2019");
    assertThat(alert.get("evidence")).hasSize(6);
    assertThat(alert.get("explanation").asString()).contains("3 separate days").contains("166/103 mmHg");
    assertThat(alert.get("differentials").get(0).get("excluded").asBoolean()).isTrue();
    long id = alert.get("id").asLong();

    JsonNode worklist = get("/api/v1/worklist?patient=" + patientId).json().get("items");
    JsonNode mine = null;
    for (JsonNode entry : worklist) {
      if (entry.get("patientId").asString().equals(patientId)) {
        mine = entry;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.get("name").asString()).isEqualTo("Liu Yang");
    assertThat(mine.get("alerts").get(0).get("id").asLong()).isEqualTo(id);

    JsonNode issue = get("/fhir/DetectedIssue/" + id).json();
    assertThat(issue.get("patient").get("reference").asString()).isEqualTo("Patient/" + patientId);
    assertThat(issue.get("implicated")).hasSize(3);
    assertThat(issue.get("detail").asString()).contains("中国高血压防治指南");
    assertThat(get("/fhir/DetectedIssue?patient=" + patientId).json().get("total").asInt()).isEqualTo(1);

    Response ack = postJson("/api/v1/alerts/" + id + "/acknowledge", "{\"note\": \"calling\"}");
    assertThat(ack.json().get("status").asString()).isEqualTo("acknowledged");
    assertThat(ack.json().get("acknowledgedBy").asString()).isEqualTo("test-operator");
    Response noReason = postJson("/api/v1/alerts/" + id + "/resolve", "{}");
    assertThat(noReason.status()).isEqualTo(422);
    assertThat(noReason.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");
    Response resolved = postJson("/api/v1/alerts/" + id + "/resolve",
        "{\"reason\": \"doctor started amlodipine\"}");
    assertThat(resolved.json().get("status").asString()).isEqualTo("resolved");
    assertThat(postJson("/api/v1/alerts/" + id + "/resolve", "{\"reason\": \"again\"}").status()).isEqualTo(409);
    JsonNode history = get("/api/v1/alerts/" + id + "/history").json();
    assertThat(history).extracting(h -> h.get("action").asString()).containsExactly("opened", "acknowledged", "resolved");
    assertThat(get("/api/v1/alerts?patient=" + patientId).json()).isEmpty();
    assertThat(get("/api/v1/alerts/999999999").status()).isEqualTo(404);
  }

  @Test
  void newEvidenceUpdatesTheOpenAlertInsteadOfOpeningAnother() {
    String p = unique("upd");
    patient(p);
    for (int h = 5; h >= 1; h--) {
      postJson("/api/v1/readings", """
          {"readings": [{"patient": "%s", "code": "85354-9", "source": "omron", "effective": "%s",
            "components": [{"code": "8480-6", "value": %d, "unit": "mm[Hg]"}, {"code": "8462-4", "value": 100, "unit": "mm[Hg]"}]}]}"""
          .formatted(p, org.vigil.server.Times.hoursAgo(h), 181 + h));
    }
    java.util.List<JsonNode> crisis = new java.util.ArrayList<>();
    get("/api/v1/alerts?patient=" + p).json().forEach(a -> {
      if (a.get("family").asString().equals("htn-crisis")) {
        crisis.add(a);
      }
    });
    assertThat(crisis).hasSize(1);
    assertThat(crisis.getFirst().get("evidence").size()).isGreaterThan(2);
    assertThat(count("select count(*) from alert where patient_id = ? and family = 'htn-crisis'", p)).isEqualTo(1);
  }
}
