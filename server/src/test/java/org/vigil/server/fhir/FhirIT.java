package org.vigil.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.server.IntegrationTest;
import org.vigil.server.TestHttp.Response;
import tools.jackson.databind.JsonNode;

class FhirIT extends IntegrationTest {

  private static String at(long hoursAgo) {
    return org.vigil.server.Times.hoursAgo(hoursAgo);
  }

  private static String bpObservation(String subject, int sys, int dia, String time) {
    return """
        {"resourceType": "Observation", "status": "final",
         "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
         "subject": {"reference": "%s"}, "effectiveDateTime": "%s",
         "component": [
           {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
            "valueQuantity": {"value": %d, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}},
           {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
            "valueQuantity": {"value": %d, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}]}"""
        .formatted(subject, time, sys, dia);
  }

  @Test
  void metadataIsACapabilityStatementWithPatientObservationAndDetectedIssue() {
    Response r = get("/fhir/metadata");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("resourceType").asString()).isEqualTo("CapabilityStatement");
    List<String> types = new ArrayList<>();
    r.json().get("rest").get(0).get("resource").forEach(x -> types.add(x.get("type").asString()));
    assertThat(types).contains("Patient", "Observation", "DetectedIssue");
    List<String> interactions = new ArrayList<>();
    r.json().get("rest").get(0).get("interaction").forEach(i -> interactions.add(i.get("code").asString()));
    assertThat(interactions).contains("transaction", "batch");
  }

  @Test
  void aPatientIsCreatedUpdatedWithItsOwnIdReadAndFoundByIdentifierAndName() {
    String id = unique("pat");
    Response created = put("/fhir/Patient/" + id, "application/fhir+json", """
        {"resourceType": "Patient", "id": "%s", "identifier": [{"system": "urn:oid:2.16.156", "value": "%s"}],
         "name": [{"family": "Wang", "given": ["Fang"]}, {"text": "王芳"}], "gender": "female", "birthDate": "1958"}"""
        .formatted(id, id));
    assertThat(created.status()).isEqualTo(201);
    Response updated = put("/fhir/Patient/" + id, "application/fhir+json", """
        {"resourceType": "Patient", "id": "%s", "identifier": [{"system": "urn:oid:2.16.156", "value": "%s"}],
         "name": [{"family": "Wang", "given": ["Fang"]}, {"text": "王芳"}], "gender": "female", "birthDate": "1958-03-04"}"""
        .formatted(id, id));
    assertThat(updated.status()).isEqualTo(200);
    Response read = get("/fhir/Patient/" + id);
    assertThat(read.json().get("birthDate").asString()).isEqualTo("1958-03-04");
    assertThat(read.json().get("meta").get("versionId").asString()).isEqualTo("2");

    Response byIdentifier = get("/fhir/Patient?identifier=urn:oid:2.16.156|" + id);
    assertThat(byIdentifier.json().get("total").asInt()).isEqualTo(1);
    assertThat(byIdentifier.json().get("entry").get(0).get("resource").get("id").asString()).isEqualTo(id);
    Response byEncodedIdentifier = get("/fhir/Patient?identifier=urn%3Aoid%3A2.16.156%7C" + id);
    assertThat(byEncodedIdentifier.json().get("total").asInt()).isEqualTo(1);
    assertThat(get("/fhir/Patient?identifier=urn:other|" + id).json().get("total").asInt()).isZero();
    // Whole name parts, any case (ADR 0013: names are searched through keyed hashes, so not by prefix).
    assertThat(get("/fhir/Patient?name=WANG").json().get("total").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(get("/fhir/Patient?name=" + java.net.URLEncoder.encode("王芳",
            java.nio.charset.StandardCharsets.UTF_8))
        .json().get("total").asInt()).isGreaterThanOrEqualTo(1);
    Response post = postFhir("/fhir/Patient", """
        {"resourceType": "Patient", "name": [{"family": "Li"}]}""");
    assertThat(post.status()).isEqualTo(201);
    assertThat(post.json().get("id").asString()).isNotBlank();
  }

  @Test
  void anIdentifierOfAnotherPatientIsRefused() {
    String a = unique("a");
    String b = unique("b");
    patient(a);
    Response r = put("/fhir/Patient/" + b, "application/fhir+json", """
        {"resourceType": "Patient", "id": "%s", "identifier": [{"system": "urn:test:member", "value": "%s"}]}"""
        .formatted(b, a));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("resourceType").asString()).isEqualTo("OperationOutcome");
    assertThat(r.json().get("issue").get(0).get("expression").get(0).asString()).isEqualTo("Patient.identifier[0]");
  }

  @Test
  void aRawPipeInATokenSearchIsAccepted() throws Exception {
    String id = unique("pipe");
    patient(id);
    try (java.net.Socket s = new java.net.Socket("localhost", port)) {
      s.getOutputStream().write(("GET /fhir/Patient?identifier=urn:test:member|" + id + " HTTP/1.1\r\n"
          + "Host: localhost\r\nAccept: application/fhir+json\r\nConnection: close\r\n"
          + "Authorization: Bearer " + token("test-operator", "operator", "default") + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 200").contains("\"total\":1");
    }
  }

  @Test
  void searchesPageWithNextLinks() {
    String prefix = unique("page").replace("-", "");
    for (int i = 0; i < 5; i++) {
      put("/fhir/Patient/" + prefix + i, "application/fhir+json", """
          {"resourceType": "Patient", "id": "%s%d", "name": [{"family": "%s"}]}""".formatted(prefix, i, prefix));
    }
    Response first = get("/fhir/Patient?name=" + prefix + "&_count=2");
    assertThat(first.json().get("total").asInt()).isEqualTo(5);
    assertThat(first.json().get("entry")).hasSize(2);
    String next = link(first.json(), "next");
    assertThat(next).contains("_offset=2");
    Response second = get(next.substring(next.indexOf("/fhir/")));
    assertThat(second.json().get("entry")).hasSize(2);
    assertThat(second.json().get("entry").get(0).get("resource").get("id").asString())
        .isNotEqualTo(first.json().get("entry").get(0).get("resource").get("id").asString());
    Response third = get(link(second.json(), "next").substring(next.indexOf("/fhir/")));
    assertThat(third.json().get("entry")).hasSize(1);
    assertThat(link(third.json(), "next")).isNull();
  }

  private static String link(JsonNode bundle, String relation) {
    for (JsonNode l : bundle.path("link")) {
      if (l.get("relation").asString().equals(relation)) {
        return l.get("url").asString();
      }
    }
    return null;
  }

  @Test
  void anObservationIsCreatedReadAndFoundByPatientCodeAndDate() {
    String p = unique("obs");
    patient(p);
    Response created = postFhir("/fhir/Observation", bpObservation("Patient/" + p, 142, 91, at(30)));
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("id").asString();
    Response read = get("/fhir/Observation/" + id);
    assertThat(read.json().get("subject").get("reference").asString()).isEqualTo("Patient/" + p);
    postFhir("/fhir/Observation", """
        {"resourceType": "Observation", "status": "final",
         "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
         "subject": {"reference": "Patient/%s"}, "effectiveDateTime": "%s",
         "valueQuantity": {"value": 154, "system": "http://unitsofmeasure.org", "code": "[lb_av]"}}"""
        .formatted(p, at(20)));
    assertThat(get("/fhir/Observation?patient=" + p).json().get("total").asInt()).isEqualTo(2);
    assertThat(get("/fhir/Observation?patient=" + p + "&code=http://loinc.org|85354-9").json().get("total").asInt())
        .isEqualTo(1);
    assertThat(get("/fhir/Observation?patient=" + p + "&code=29463-7").json().get("total").asInt()).isEqualTo(1);
    assertThat(get("/fhir/Observation?patient=" + p + "&component-code=8480-6").json().get("total").asInt())
        .isEqualTo(1);
    String since = org.vigil.server.Times.hoursAgo(25).replace("+", "%2B");
    assertThat(get("/fhir/Observation?patient=" + p + "&date=ge" + since).json().get("total").asInt()).isEqualTo(1);
    Double kg = jdbc.sql("select r.value from reading r join observation o on o.id = r.observation_id"
        + " where o.patient_id = ? and r.analyte = 'body-weight'").param(p).query(Double.class).single();
    assertThat(kg).isCloseTo(69.853, org.assertj.core.data.Offset.offset(0.001));
  }

  @Test
  void bloodPressureMayArriveAsThe55284PanelOrAsSeparateSystolicAndDiastolicObservations() {
    String p = unique("bpforms");
    patient(p);
    Response panel = postFhir("/fhir/Observation", bpObservation("Patient/" + p, 186, 92, at(3))
        .replace("85354-9", "55284-4"));
    assertThat(panel.status()).as(panel.body()).isEqualTo(201);
    for (String[] part : new String[][] {{"8480-6", "183"}, {"8462-4", "97"}}) {
      Response single = postFhir("/fhir/Observation", """
          {"resourceType": "Observation", "status": "final",
           "code": {"coding": [{"system": "http://loinc.org", "code": "%s"}]},
           "subject": {"reference": "Patient/%s"}, "effectiveDateTime": "%s",
           "valueQuantity": {"value": %s, "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}"""
          .formatted(part[0], p, at(2), part[1]));
      assertThat(single.status()).as(single.body()).isEqualTo(201);
    }
    assertThat(count("select count(*) from reading r join observation o on o.id = r.observation_id"
        + " where o.patient_id = ?", p)).isEqualTo(4);
    JsonNode crisis = get("/api/v1/alerts?patient=" + p).json().get(0);
    assertThat(crisis.get("family").asString()).isEqualTo("htn-crisis");
    assertThat(crisis.get("evidence").size()).isEqualTo(3);
  }

  @Test
  void readingsFromTheDeviceApiAreReadableAsFhirObservations() {
    String p = unique("devfhir");
    patient(p);
    Response r = postJson("/api/v1/readings", """
        {"readings": [{"patient": "%s", "code": "85354-9", "source": "omron", "effective": "%s",
          "components": [{"code": "8480-6", "value": 128, "unit": "mm[Hg]"},
                         {"code": "8462-4", "value": 82, "unit": "mm[Hg]"}]}]}""".formatted(p, at(2)));
    String ref = r.json().get("items").get(0).get("id").asString();
    Response o = get("/fhir/" + ref);
    assertThat(o.status()).isEqualTo(200);
    assertThat(o.json().get("code").get("coding").get(0).get("code").asString()).isEqualTo("85354-9");
    assertThat(o.json().get("component")).hasSize(2);
    assertThat(o.json().get("effectiveDateTime").asString()).endsWith("+08:00");
  }

  @Test
  void badObservationsAreRefusedWithAnOperationOutcomeNamingTheElement() {
    String p = unique("badobs");
    patient(p);
    long before = count("select count(*) from observation where patient_id = ?", p);
    assertOutcome(postFhir("/fhir/Observation", """
        {"resourceType": "Observation", "status": "final",
         "code": {"coding": [{"system": "http://loinc.org", "code": "12345-6"}]},
         "subject": {"reference": "Patient/%s"}, "effectiveDateTime": "%s", "valueQuantity": {"value": 1}}"""
        .formatted(p, at(1))), 422, "Observation.code", "12345-6");
    assertOutcome(postFhir("/fhir/Observation", bpObservation("Patient/x", 120, 80, at(1))
        .replace("\"subject\": {\"reference\": \"Patient/x\"}, ", "")), 422, "Observation.subject", "missing");
    assertOutcome(postFhir("/fhir/Observation", bpObservation("Patient/nobody-" + p, 120, 80, at(1))), 422,
        "Observation.subject", "no patient");
    assertOutcome(postFhir("/fhir/Observation", bpObservation("Patient/" + p, 120, 80, "2026-03-02T07:00:00")), 422,
        "Observation.effective[x]", "time zone missing");
    assertOutcome(postFhir("/fhir/Observation", bpObservation("Patient/" + p, 120, 80, "2026-03-02T07:00+08:00")),
        422, "Observation.effective[x]", "not a valid FHIR dateTime");
    assertOutcome(postFhir("/fhir/Observation", bpObservation("Patient/" + p, 120, 900, at(1))), 422,
        "Observation.component[1].valueQuantity.value", "not plausible");
    Response malformed = postFhir("/fhir/Observation", "{\"resourceType\": \"Observation\", ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().get("resourceType").asString()).isEqualTo("OperationOutcome");
    Response unknownElement = postFhir("/fhir/Observation", bpObservation("Patient/" + p, 120, 80, at(1))
        .replace("\"status\": \"final\",", "\"status\": \"final\", \"colour\": \"red\","));
    assertThat(unknownElement.status()).isEqualTo(400);
    assertThat(unknownElement.body()).contains("colour");
    assertThat(count("select count(*) from observation where patient_id = ?", p)).isEqualTo(before);
  }

  private static void assertOutcome(Response r, int status, String expression, String text) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().get("resourceType").asString()).isEqualTo("OperationOutcome");
    JsonNode issue = r.json().get("issue").get(0);
    assertThat(issue.get("expression").get(0).asString()).isEqualTo(expression);
    assertThat(issue.get("diagnostics").asString()).contains(text);
  }
}
