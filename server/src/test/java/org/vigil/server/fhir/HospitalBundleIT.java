package org.vigil.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigil.server.IntegrationTest;
import org.vigil.server.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/** A whole patient record exported by a hospital system, with resource types Vigil does not manage yet. */
class HospitalBundleIT extends IntegrationTest {

  private static String at(long hoursAgo) {
    return org.vigil.server.Times.hoursAgo(hoursAgo);
  }

  /** Shaped like a Synthea export: urn:uuid full URLs, encounters, claims, procedures, reports. */
  static String hospitalExport(String mrn, String type, int systolic) {
    String patient = "urn:uuid:" + UUID.randomUUID();
    String encounter = "urn:uuid:" + UUID.randomUUID();
    String bp = "urn:uuid:" + UUID.randomUUID();
    String pain = "urn:uuid:" + UUID.randomUUID();
    return """
        {"resourceType": "Bundle", "type": "%s", "entry": [
          {"fullUrl": "%s", "request": {"method": "POST", "url": "Patient", "ifNoneExist": "identifier=urn:hospital:mrn|%s"},
           "resource": {"resourceType": "Patient",
             "identifier": [{"system": "urn:hospital:mrn", "value": "%s"}],
             "name": [{"family": "Chen", "given": ["Jing"]}], "gender": "female", "birthDate": "1955-06-07"}},
          {"fullUrl": "%s", "request": {"method": "POST", "url": "Encounter"},
           "resource": {"resourceType": "Encounter", "status": "finished",
             "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
             "subject": {"reference": "%s"}}},
          {"fullUrl": "%s", "request": {"method": "POST", "url": "Observation"},
           "resource": {"resourceType": "Observation", "status": "final",
             "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
             "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9", "display": "Blood pressure panel"}]},
             "subject": {"reference": "%s"}, "encounter": {"reference": "%s"}, "effectiveDateTime": "%s",
             "component": [
               {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                "valueQuantity": {"value": %d, "unit": "mm[Hg]", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}},
               {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                "valueQuantity": {"value": 88, "unit": "mm[Hg]", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}]}},
          {"fullUrl": "%s", "request": {"method": "POST", "url": "Observation"},
           "resource": {"resourceType": "Observation", "status": "final",
             "code": {"coding": [{"system": "http://loinc.org", "code": "72514-3", "display": "Pain severity"}]},
             "subject": {"reference": "%s"}, "encounter": {"reference": "%s"}, "effectiveDateTime": "%s",
             "valueQuantity": {"value": 2, "unit": "{score}", "system": "http://unitsofmeasure.org", "code": "{score}"}}},
          {"fullUrl": "urn:uuid:%s", "request": {"method": "POST", "url": "Observation"},
           "resource": {"resourceType": "Observation", "status": "final",
             "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
             "subject": {"reference": "Patient?identifier=urn:hospital:mrn|%s"}, "effectiveDateTime": "%s",
             "valueQuantity": {"value": 61.5, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}}},
          {"fullUrl": "urn:uuid:%s", "request": {"method": "POST", "url": "Procedure"},
           "resource": {"resourceType": "Procedure", "status": "completed",
             "code": {"text": "Blood pressure measurement"}, "subject": {"reference": "%s"},
             "encounter": {"reference": "%s"}}},
          {"fullUrl": "urn:uuid:%s", "request": {"method": "POST", "url": "DiagnosticReport"},
           "resource": {"resourceType": "DiagnosticReport", "status": "final", "code": {"text": "Vitals"},
             "subject": {"reference": "%s"}, "result": [{"reference": "%s"}]}},
          {"fullUrl": "urn:uuid:%s", "request": {"method": "POST", "url": "Claim"},
           "resource": {"resourceType": "Claim", "status": "active",
             "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional"}]},
             "use": "claim", "patient": {"reference": "%s"}, "created": "2026-01-01",
             "provider": {"display": "Tianjin Hospital"}, "priority": {"coding": [{"code": "normal"}]},
             "insurance": [{"sequence": 1, "focal": true, "coverage": {"display": "Basic medical insurance"}}]}}
        ]}""".formatted(type, patient, mrn, mrn, encounter, patient, bp, patient, encounter, at(26), systolic,
        pain, patient, encounter, at(26), UUID.randomUUID(), mrn, at(26), UUID.randomUUID(), patient, encounter,
        UUID.randomUUID(), patient, bp, UUID.randomUUID(), patient);
  }

  @Test
  void unmanagedTypesAreSkippedWithWarningsAndTheRestIsStored() {
    String mrn = unique("mrn");
    Response r = postFhir("/fhir", hospitalExport(mrn, "transaction", 150));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode entries = r.json().get("entry");
    assertThat(entries).hasSize(8);
    assertThat(status(entries, 0)).isEqualTo("201 Created");
    assertThat(entries.get(0).get("response").get("location").asString()).startsWith("Patient/");
    assertThat(status(entries, 2)).isEqualTo("201 Created");
    assertThat(status(entries, 4)).isEqualTo("201 Created");
    for (int skipped : new int[] {1, 3, 5, 6, 7}) {
      JsonNode outcome = entries.get(skipped).get("response").get("outcome");
      assertThat(outcome.get("issue").get(0).get("severity").asString()).isEqualTo("warning");
      assertThat(outcome.get("issue").get(0).get("diagnostics").asString()).contains("skipped");
    }
    String patientId = memberWithMrn(mrn);
    assertThat(count("select count(*) from observation where patient_id = ?", patientId)).isEqualTo(2);
    String bpRef = entries.get(2).get("response").get("location").asString().replace("/_history/1", "");
    JsonNode stored = get("/fhir/" + bpRef).json();
    assertThat(stored.get("subject").get("reference").asString()).isEqualTo("Patient/" + patientId);
    assertThat(stored.get("encounter").has("reference")).isFalse();
    assertThat(stored.get("encounter").get("display").asString()).contains("Encounter");
  }

  @Test
  void reSendingTheSameExportCreatesNoDuplicatePatientOrObservation() {
    String mrn = unique("mrn");
    String bundle = hospitalExport(mrn, "transaction", 150);
    postFhir("/fhir", bundle);
    Response again = postFhir("/fhir", bundle);
    assertThat(again.status()).isEqualTo(200);
    assertThat(status(again.json().get("entry"), 0)).isEqualTo("200 OK");
    assertThat(status(again.json().get("entry"), 2)).isEqualTo("200 OK");
    assertThat(membersWithMrn(mrn)).isEqualTo(1);
    String patientId = memberWithMrn(mrn);
    assertThat(count("select count(*) from observation where patient_id = ?", patientId)).isEqualTo(2);
  }

  @Test
  void aTransactionWithOneBadObservationWritesNothing() {
    String mrn = unique("mrn");
    Response r = postFhir("/fhir", hospitalExport(mrn, "transaction", 2000));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("resourceType").asString()).isEqualTo("OperationOutcome");
    assertThat(r.json().get("issue").get(0).get("expression").get(0).asString())
        .isEqualTo("entry[2].resource.component[0].valueQuantity.value");
    assertThat(membersWithMrn(mrn)).isZero();
  }

  @Test
  void aBatchStoresEachGoodEntryAndRefusesEachBadOneOnItsOwn() {
    String mrn = unique("mrn");
    Response r = postFhir("/fhir", hospitalExport(mrn, "batch", 2000));
    assertThat(r.status()).isEqualTo(200);
    JsonNode entries = r.json().get("entry");
    assertThat(status(entries, 0)).isEqualTo("201 Created");
    assertThat(status(entries, 2)).startsWith("422");
    assertThat(entries.get(2).get("response").get("outcome").get("issue").get(0).get("expression").get(0).asString())
        .isEqualTo("entry[2].resource.component[0].valueQuantity.value");
    assertThat(status(entries, 4)).isEqualTo("201 Created");
    assertThat(membersWithMrn(mrn)).isEqualTo(1);
  }

  @Test
  void aBundleThatIsNeitherTransactionNorBatchIsRefused() {
    Response r = postFhir("/fhir", "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": []}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("issue").get(0).get("expression").get(0).asString()).isEqualTo("Bundle.type");
  }

  private static String status(JsonNode entries, int i) {
    return entries.get(i).get("response").get("status").asString();
  }

  /** Identifier values are stored only as keyed hashes (ADR 0013), so members are found through the FHIR API. */
  private int membersWithMrn(String mrn) {
    return get("/fhir/Patient?identifier=urn:hospital:mrn|" + mrn).json().get("total").asInt();
  }

  private String memberWithMrn(String mrn) {
    JsonNode found = get("/fhir/Patient?identifier=urn:hospital:mrn|" + mrn).json();
    assertThat(found.get("total").asInt()).isEqualTo(1);
    return found.get("entry").get(0).get("resource").get("id").asString();
  }
}
