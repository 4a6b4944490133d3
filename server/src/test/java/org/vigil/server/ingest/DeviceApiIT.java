package org.vigil.server.ingest;

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

class DeviceApiIT extends IntegrationTest {

  private static String at(long hoursAgo) {
    return org.vigil.server.Times.hoursAgo(hoursAgo);
  }

  private static String bp(String patient, int sys, int dia, String time) {
    return """
        {"patient": "%s", "code": "85354-9", "source": "omron-test", "effective": "%s",
         "components": [{"code": "8480-6", "value": %d, "unit": "mm[Hg]"},
                        {"code": "8462-4", "value": %d, "unit": "mmHg"}]}""".formatted(patient, time, sys, dia);
  }

  @Test
  void aCrisisReadingIsStoredAndRaisesACitedEmergencyAlertBeforeTheCallReturns() {
    String p = unique("dev");
    patient(p);
    Response r = postJson("/api/v1/readings", "{\"readings\": [" + bp(p, 188, 96, at(1)) + "]}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("stored").asInt()).isEqualTo(1);
    JsonNode item = r.json().get("items").get(0);
    assertThat(item.get("status").asString()).isEqualTo("stored");
    assertThat(item.get("alerts")).hasSize(1);

    Response alerts = get("/api/v1/alerts?patient=" + p);
    assertThat(alerts.json()).hasSize(1);
    JsonNode a = alerts.json().get(0);
    assertThat(a.get("severity").asString()).isEqualTo("emergency");
    assertThat(a.get("condition").asString()).isEqualTo("hypertension");
    assertThat(a.get("status").asString()).isEqualTo("open");
    assertThat(a.get("citation").get("guidelineId").asString()).isEqualTo("acc-aha-2017");
    assertThat(a.get("citation").get("year").asInt()).isEqualTo(2017);
    assertThat(a.get("evidence").get(0).get("id").asString()).isEqualTo(item.get("id").asString());
    assertThat(a.get("evidence").get(0).get("time").asString()).endsWith("+08:00");
    assertThat(a.get("thresholds").get(0).get("threshold").get("value").asDouble()).isEqualTo(180.0);
    assertThat(a.get("differentials")).isNotEmpty();
    assertThat(a.get("recommendedAction").asString()).isNotBlank();
    assertThat(a.get("explanation").asString()).contains("188/96 mmHg");
  }

  @Test
  void aBatchWithBadItemsStoresTheGoodOnesAndNamesEveryBadField() {
    String p = unique("bad");
    patient(p);
    long before = count("select count(*) from observation where patient_id = ?", p);
    String body = "{\"readings\": ["
        + bp(p, 132, 84, at(2)) + ","                                                             // 0 good
        + bp(p, 2000, 84, at(3)) + ","                                                            // 1 implausible
        + "{\"patient\": \"" + p + "\", \"code\": \"29463-7\", \"value\": -70, \"unit\": \"kg\", \"effective\": \"" + at(3) + "\", \"source\": \"scale\"},"
        + "{\"patient\": \"" + p + "\", \"code\": \"29463-7\", \"value\": 70, \"unit\": \"kg\", \"effective\": \"2026-01-02T07:00:00\", \"source\": \"scale\"},"
        + "{\"patient\": \"" + p + "\", \"code\": \"99999-9\", \"value\": 70, \"unit\": \"kg\", \"effective\": \"" + at(3) + "\", \"source\": \"scale\"},"
        + "{\"patient\": \"" + p + "\", \"code\": \"29463-7\", \"value\": 70, \"unit\": \"mm[Hg]\", \"effective\": \"" + at(3) + "\", \"source\": \"scale\"},"
        + "{\"patient\": \"nobody-" + p + "\", \"code\": \"29463-7\", \"value\": 70, \"unit\": \"kg\", \"effective\": \"" + at(3) + "\", \"source\": \"scale\"},"
        + "{\"patient\": \"" + p + "\", \"code\": \"29463-7\", \"value\": \"heavy\", \"unit\": \"kg\", \"effective\": \"" + at(3) + "\", \"source\": \"scale\"},"
        + "{\"patient\": \"" + p + "\", \"code\": \"29463-7\", \"value\": 70, \"unit\": \"kg\", \"effective\": \"" + at(3) + "\", \"source\": \"scale\", \"colour\": 1},"
        + "{\"code\": \"29463-7\", \"value\": 70, \"unit\": \"kg\", \"effective\": \"" + at(3) + "\", \"source\": \"scale\"},"
        + "{\"patient\": \"" + p + "\", \"code\": \"29463-7\", \"value\": 70, \"unit\": \"kg\", \"effective\": \"" + OffsetDateTime.now().plusDays(2) + "\", \"source\": \"scale\"}"
        + "]}";
    Response r = postJson("/api/v1/readings", body);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.contentType()).contains("application/problem+json");
    assertThat(r.json().get("stored").asInt()).isEqualTo(1);
    assertThat(r.json().get("rejected").asInt()).isEqualTo(10);
    List<String> fields = new ArrayList<>();
    r.json().get("errors").forEach(e -> fields.add(e.get("field").asString() + " " + e.get("reason").asString()));
    assertThat(fields).anySatisfy(f -> assertThat(f).startsWith("readings[1].components[0].value").contains("not plausible"));
    assertThat(fields).anySatisfy(f -> assertThat(f).startsWith("readings[2].value").contains("not plausible"));
    assertThat(fields).anySatisfy(f -> assertThat(f).startsWith("readings[3].effective").contains("time zone missing"));
    assertThat(fields).anySatisfy(f -> assertThat(f).startsWith("readings[4].code").contains("99999-9"));
    assertThat(fields).anySatisfy(f -> assertThat(f).startsWith("readings[5].unit").contains("cannot be converted"));
    assertThat(fields).anySatisfy(f -> assertThat(f).startsWith("readings[6].patient").contains("no patient"));
    assertThat(fields).anySatisfy(f -> assertThat(f).startsWith("readings[7].value").contains("must be a number"));
    assertThat(fields).anySatisfy(f -> assertThat(f).startsWith("readings[8].colour").contains("unknown field"));
    assertThat(fields).anySatisfy(f -> assertThat(f).startsWith("readings[9].patient").contains("missing"));
    assertThat(fields).anySatisfy(f -> assertThat(f).startsWith("readings[10].effective").contains("future"));
    assertThat(count("select count(*) from observation where patient_id = ?", p)).isEqualTo(before + 1);
    assertThat(count("select count(*) from observation where patient_id = ?", "nobody-" + p)).isZero();
  }

  @Test
  void reSendingTheSameBatchCreatesNoDuplicateReadingsOrAlerts() {
    String p = unique("dup");
    patient(p);
    String body = "{\"readings\": [" + bp(p, 190, 100, at(5)) + "," + bp(p, 150, 90, at(4)) + "]}";
    Response first = postJson("/api/v1/readings", body);
    Response again = postJson("/api/v1/readings", body);
    assertThat(first.json().get("stored").asInt()).isEqualTo(2);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("stored").asInt()).isZero();
    assertThat(again.json().get("duplicates").asInt()).isEqualTo(2);
    assertThat(again.json().get("items").get(0).get("id").asString())
        .isEqualTo(first.json().get("items").get(0).get("id").asString());
    assertThat(count("select count(*) from observation where patient_id = ?", p)).isEqualTo(2);
    assertThat(count("select count(*) from alert where patient_id = ?", p)).isEqualTo(1);
  }

  @Test
  void theSameIdentifierFromTheSameSourceIsADuplicateEvenWithOtherValues() {
    String p = unique("ident");
    patient(p);
    String t = at(6);
    postJson("/api/v1/readings", """
        {"readings": [{"identifier": "rec-1", "patient": "%s", "code": "29463-7", "value": 70.2, "unit": "kg",
          "effective": "%s", "source": "scale-9"}]}""".formatted(p, t));
    Response again = postJson("/api/v1/readings", """
        {"readings": [{"identifier": "rec-1", "patient": "%s", "code": "29463-7", "value": 70.4, "unit": "kg",
          "effective": "%s", "source": "scale-9"}]}""".formatted(p, t));
    assertThat(again.json().get("duplicates").asInt()).isEqualTo(1);
    assertThat(count("select count(*) from observation where patient_id = ?", p)).isEqualTo(1);
  }

  @Test
  void glucoseInMgPerDlAndMmolPerLIsStoredInMmolPerL() {
    String p = unique("glu");
    patient(p);
    Response r = postJson("/api/v1/readings", """
        {"readings": [
          {"patient": "%s", "code": "1558-6", "value": 126, "unit": "mg/dL", "effective": "%s", "source": "lab",
           "context": {"fasting": true}},
          {"patient": "%s", "code": "14771-0", "value": 6.2, "unit": "mmol/L", "effective": "%s", "source": "lab"}]}"""
        .formatted(p, at(8), p, at(7)));
    assertThat(r.status()).isEqualTo(200);
    List<Double> values = jdbc.sql("select r.value from reading r join observation o on o.id = r.observation_id"
        + " where o.patient_id = ? order by o.effective_at").param(p).query(Double.class).list();
    assertThat(values.get(0)).isCloseTo(126 / 18.016, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(values.get(1)).isEqualTo(6.2);
    assertThat(jdbc.sql("select r.unit from reading r join observation o on o.id = r.observation_id where o.patient_id = ?")
        .param(p).query(String.class).list()).containsOnly("mmol/L");
  }

  @Test
  void malformedJsonIsA400ProblemNamingTheBody() {
    Response r = postJson("/api/v1/readings", "{\"readings\": [ {\"patient\": ");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).contains("application/problem+json");
    assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("$");
  }

  @Test
  void aBodyWithoutReadingsIsA400NamingTheField() {
    Response r = postJson("/api/v1/readings", "{\"reading\": []}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("\"field\":\"readings\"").contains("\"field\":\"reading\"");
  }

  @Test
  void moreThan10000ReadingsAreRefusedWhole() {
    StringBuilder sb = new StringBuilder("{\"readings\": [");
    for (int i = 0; i <= DeviceReadingsParser.MAX_BATCH; i++) {
      sb.append(i == 0 ? "" : ",").append("{}");
    }
    Response r = postJson("/api/v1/readings", sb.append("]}").toString());
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).contains("at most 10000");
  }

  @Test
  void separateSystolicAndDiastolicReadingsAreEachStored() {
    String p = unique("sep");
    patient(p);
    Response r = postJson("/api/v1/readings", """
        {"readings": [
          {"patient": "%s", "code": "8480-6", "value": 191, "unit": "mm[Hg]", "effective": "%s", "source": "cuff"},
          {"patient": "%s", "code": "8462-4", "value": 95, "unit": "mm[Hg]", "effective": "%s", "source": "cuff"}]}"""
        .formatted(p, at(1), p, at(1)));
    assertThat(r.json().get("stored").asInt()).isEqualTo(2);
    assertThat(get("/api/v1/alerts?patient=" + p).json().get(0).get("family").asString()).isEqualTo("htn-crisis");
  }

  @Test
  void theOpenApiDocumentDescribesTheReadingsEndpoint() {
    Response r = get("/v3/api-docs");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("paths").has("/api/v1/readings")).isTrue();
    assertThat(r.json().get("paths").has("/api/v1/worklist")).isTrue();
    assertThat(get("/swagger-ui/index.html").status()).isEqualTo(200);
  }
}
