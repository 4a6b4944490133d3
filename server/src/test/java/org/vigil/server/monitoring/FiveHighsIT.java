package org.vigil.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.server.Times.daysAgo;
import static org.vigil.server.Times.hoursAgo;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.server.IntegrationTest;
import org.vigil.server.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/** Every one of the Five Highs, end to end through the device API and FHIR, with the member's facts. */
class FiveHighsIT extends IntegrationTest {

  @Test
  void aRandomGlucoseSentAsFastingCountsAsFastingPlasmaGlucoseAndTwoDaysConfirmDiabetes() {
    String p = unique("dm");
    patient(p);
    readings(single(p, "2345-7", 7.4, "mmol/L", daysAgo(5, 1), "\"context\": {\"fasting\": true}"));
    JsonNode pending = alertsByFamily(p).get("dm-diagnosis");
    assertThat(pending.get("pending").asBoolean()).isTrue();
    assertThat(pending.get("severity").asString()).isNotBlank();
    readings(single(p, "1558-6", 137, "mg/dL", daysAgo(2, 1), ""));
    JsonNode confirmed = alertsByFamily(p).get("dm-diagnosis");
    assertThat(confirmed.get("id").asLong()).isEqualTo(pending.get("id").asLong());
    assertThat(confirmed.get("pending").asBoolean()).isFalse();
    assertThat(confirmed.get("citation").get("guidelineId").asString()).isEqualTo("china-t2dm");
    assertThat(confirmed.get("evidence")).hasSize(2);
    assertThat(jdbc.sql("select r.analyte from reading r join observation o on o.id = r.observation_id"
        + " where o.patient_id = ? and o.code = '2345-7'").param(p).query(String.class).single())
        .isEqualTo("fasting-glucose");
  }

  @Test
  void anUnknownContextKeyIsRefusedNamingIt() {
    String p = unique("ctx");
    patient(p);
    Response r = postJson("/api/v1/readings", "{\"readings\": ["
        + single(p, "2345-7", 6.0, "mmol/L", hoursAgo(1), "\"context\": {\"fasting\": \"yes\", \"colour\": 1}") + "]}");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body()).contains("readings[0].context.fasting").contains("readings[0].context.colour");
  }

  @Test
  void aDiagnosedDiabeticGetsTheHba1cControlTargetNotADiagnosis() {
    String p = unique("dmc");
    patient(p);
    assertThat(condition(p, "diabetes").status()).isEqualTo(201);
    readings(single(p, "4548-4", 7.6, "%", hoursAgo(3), ""), single(p, "1558-6", 8.1, "mmol/L", hoursAgo(2), ""));
    Map<String, JsonNode> alerts = alertsByFamily(p);
    assertThat(alerts).containsKey("dm-control").doesNotContainKey("dm-diagnosis");
    assertThat(alerts.get("dm-control").get("citation").get("guidelineId").asString()).isEqualTo("ada-2025");
  }

  @Test
  void aDiagnosisArrivingLaterReJudgesTheMember() {
    String p = unique("late");
    patient(p);
    readings(single(p, "4548-4", 7.6, "%", hoursAgo(3), ""));
    assertThat(alertsByFamily(p)).doesNotContainKey("dm-control");
    condition(p, "diabetes");
    assertThat(alertsByFamily(p)).containsKey("dm-control");
  }

  @Test
  void goutSetsTheUrateTreatmentTarget() {
    String p = unique("ua");
    patient(p);
    condition(p, "gout");
    readings(single(p, "3084-1", 6.4, "mg/dL", hoursAgo(2), ""));
    JsonNode a = alertsByFamily(p).get("ua-target");
    assertThat(a).as("urate 6.4 mg/dL = 380.7 umol/L misses the <360 target for gout").isNotNull();
    assertThat(a.get("category").asString()).isEqualTo("gout");
    assertThat(alertsByFamily(p)).doesNotContainKey("ua-level");
  }

  @Test
  void levelTwoHypoglycaemiaIsAnEmergencyAndTheMemberGetsSafetyAdviceAtOnce() {
    String p = unique("hypo");
    patient(p);
    readings(single(p, "41653-7", 2.7, "mmol/L", hoursAgo(1), ""));
    JsonNode a = alertsByFamily(p).get("dm-hypoglycemia");
    assertThat(a.get("severity").asString()).isEqualTo("emergency");
    assertThat(a.get("memberAdvice").asString()).isNotBlank();
    JsonNode messages = get("/api/v1/patients/" + p + "/messages").json();
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).get("kind").asString()).isEqualTo("safety-advice");
    assertThat(messages.get(0).get("alertId").asLong()).isEqualTo(a.get("id").asLong());
  }

  @Test
  void ambulatorySummariesAreJudgedByTheirPeriod() {
    String p = unique("abpm");
    patient(p);
    readings(bp(p, 134, 82, hoursAgo(2), "ambulatory").replace("\"setting\"", "\"context\": {\"period\": \"24h\"}, \"setting\""));
    assertThat(alertsByFamily(p)).containsKey("htn-abpm-24h");
  }

  @Test
  void bmiIsDerivedFromAWeightAndAnEarlierHeight() {
    String p = unique("bmi");
    patient(p);
    readings(single(p, "8302-2", 165, "cm", daysAgo(30, 0), ""));
    readings(single(p, "29463-7", 85, "kg", hoursAgo(1), ""));
    JsonNode a = alertsByFamily(p).get("ob-bmi");
    assertThat(a).isNotNull();
    assertThat(a.get("citation").get("guidelineId").asString()).isEqualTo("china-obesity-2024");
    assertThat(a.get("evidence")).extracting(e -> e.get("analyte").asString()).contains("body-weight", "body-height");
    assertThat(a.get("explanation").asString()).contains("31.2");
  }

  @Test
  void aTenantDecidesTheGuidelineProfile() {
    String china = unique("cn");
    String intl = unique("us");
    patient(china, "default", "male", "1960-01-01", "professional");
    patient(intl, "intl-clinic", "male", "1960-01-01", "professional");
    for (String p : new String[] {china, intl}) {
      readings(bp(p, 134, 84, daysAgo(9, 1), "office"), bp(p, 136, 82, daysAgo(5, 1), "office"),
          bp(p, 135, 83, daysAgo(1, 1), "office"));
    }
    assertThat(alertsByFamily(china)).doesNotContainKey("htn-office");
    JsonNode stage1 = alertsByFamily(intl).get("htn-office");
    assertThat(stage1.get("profile").asString()).isEqualTo("international");
    assertThat(stage1.get("level").asString()).isEqualTo("stage-1");
  }

  @Test
  void theFindingsEndpointSaysWhereTheMemberStandsOnEachCondition() {
    String p = unique("fnd");
    patient(p, "default", "female", "1958-05-05", "professional");
    readings(bp(p, 150, 96, daysAgo(3, 1), "home"), bp(p, 148, 94, daysAgo(2, 1), "home"),
        bp(p, 152, 95, daysAgo(1, 1), "home"), bp(p, 149, 93, hoursAgo(2), "home"),
        single(p, "3084-1", 300, "umol/L", hoursAgo(2), ""));
    Map<String, JsonNode> byCondition = new HashMap<>();
    get("/api/v1/patients/" + p + "/findings").json().forEach(c -> byCondition.put(c.get("condition").asString(), c));
    assertThat(byCondition.get("hypertension").get("status").asString()).isEqualTo("uncontrolled");
    assertThat(byCondition.get("hypertension").get("findings").get(0).get("citation").get("guidelineId").asString())
        .isEqualTo("china-htn-2024");
    assertThat(byCondition.get("hyperuricemia").get("status").asString()).isEqualTo("controlled");
    assertThat(byCondition.get("dyslipidemia").get("status").asString()).isEqualTo("unknown");
    assertThat(get("/api/v1/patients/nobody-" + p + "/findings").status()).isEqualTo(404);
  }
}
