package org.vigil.server.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vigil.server.Times.daysAgo;
import static org.vigil.server.Times.hoursAgo;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.server.IntegrationTest;
import org.vigil.server.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/** Risk equations as an API, each member's risk and Five-Highs tier, RiskAssessment, re-scoring. */
class RiskIT extends IntegrationTest {
  /** The 2013 guideline's worked-example profile (B1): 55 y, TC 213, HDL 50, SBP 120 untreated. */
  private static String pceProfile(String tc) {
    return """
        {"age": 55, "sex": "male", "race": "white", "totalCholesterol": %s,
         "hdlCholesterol": {"value": 50, "unit": "mg/dL"}, "systolicBp": {"value": 120, "unit": "mm[Hg]"},
         "onBpTreatment": false, "smoker": false, "diabetes": false}""".formatted(tc);
  }

  @Test
  void thePooledCohortEquationsAnswerWithRiskCategoryContributionsAndCitation() {
    Response r = postJson("/api/v1/risk/pce", pceProfile("{\"value\": 213, \"unit\": \"mg/dL\"}"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("model").asString()).isEqualTo("pce");
    assertThat(r.json().get("coefficientSet").asString()).isNotBlank();
    assertThat(r.json().get("risk").asDouble()).as("B1: 5.4 % (PooledCohort test)").isCloseTo(0.054, within(0.0005));
    assertThat(r.json().get("category").asString()).isNotBlank();
    assertThat(r.json().get("contributions")).isNotEmpty();
    assertThat(r.json().get("citation").get("title").asString()).isNotBlank();
    Response mmol = postJson("/api/v1/risk/pce", pceProfile("{\"value\": " + (213 / 38.67) + ", \"unit\": \"mmol/L\"}"));
    assertThat(mmol.json().get("risk").asDouble()).isCloseTo(r.json().get("risk").asDouble(), within(1e-6));
  }

  @Test
  void anInputOutsideTheValidatedRangeIsRefusedWithTheRangeNamed() {
    Response r = postJson("/api/v1/risk/pce", pceProfile("{\"value\": 213, \"unit\": \"mg/dL\"}")
        .replace("\"age\": 55", "\"age\": 85"));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("age");
    assertThat(r.json().get("errors").get(0).get("reason").asString()).contains("40").contains("79");
    Response shape = postJson("/api/v1/risk/pce", pceProfile("213"));
    assertThat(shape.status()).isEqualTo(422);
    assertThat(shape.body()).contains("totalCholesterol");
    assertThat(postJson("/api/v1/risk/qrisk3", "{}").status()).isEqualTo(404);
  }

  @Test
  void preventReturnsEveryOutcomeAndHorizon() {
    Response r = postJson("/api/v1/risk/prevent", """
        {"age": 50, "sex": "male", "totalCholesterol": {"value": 200, "unit": "mg/dL"},
         "hdlCholesterol": {"value": 45, "unit": "mg/dL"}, "systolicBp": {"value": 160, "unit": "mm[Hg]"},
         "onBpTreatment": true, "onStatin": false, "smoker": false, "diabetes": true,
         "bmi": {"value": 35, "unit": "kg/m2"}, "egfr": {"value": 90, "unit": "mL/min/{1.73_m2}"}}""");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> outcomes = new ArrayList<>();
    r.json().get("results").forEach(o -> outcomes.add(o.get("outcome").asString() + "/" + o.get("years").asInt()));
    assertThat(outcomes).hasSize(10);
    assertThat(r.json().get("risk").asDouble()).as("B2 men base 10-y total CVD").isCloseTo(0.1632, within(0.00005));
  }

  @Test
  void theModelsAreListedWithTheirInputsAndRanges() {
    JsonNode models = get("/api/v1/risk").json();
    List<String> names = new ArrayList<>();
    models.forEach(m -> names.add(m.get("model").asString()));
    assertThat(names).containsExactlyInAnyOrder("pce", "prevent", "china-par", "findrisc", "ckd-epi-2021", "galad");
  }

  @Test
  void aMembersRiskComesFromTheirOwnReadingsAndSetsTheirTier() {
    String p = unique("risk");
    patient(p, "default", "male", "1966-01-01", "professional");
    Response before = get("/api/v1/patients/" + p + "/risk");
    JsonNode chinaPar = model(before.json(), "china-par");
    assertThat(chinaPar.get("missing").toString()).contains("totalCholesterol", "smoker");
    Response bad = put("/api/v1/patients/" + p + "/risk-factors", "application/json",
        "{\"smoker\": \"yes\", \"shoeSize\": 42}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body()).contains("\"field\":\"smoker\"").contains("\"field\":\"shoeSize\"");
    Response saved = put("/api/v1/patients/" + p + "/risk-factors", "application/json", """
        {"smoker": false, "onBpTreatment": false, "region": "north", "area": "urban", "familyHistoryAscvd": false}""");
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    condition(p, "diabetes");
    readings(single(p, "2093-3", 210, "mg/dL", daysAgo(3, 0), ""), single(p, "2085-9", 55, "mg/dL", daysAgo(3, 0), ""),
        single(p, "8280-0", 80, "cm", daysAgo(2, 0), ""), bp(p, 130, 80, hoursAgo(2), "office"));
    JsonNode risk = get("/api/v1/patients/" + p + "/risk").json();
    JsonNode cp = model(risk, "china-par");
    // B3 example 1 at age 60: 10.82 % with the T/JPMA set; this member is 60 in 2026.
    assertThat(cp.get("result").get("risk").asDouble()).isCloseTo(0.1082, within(0.002));
    assertThat(cp.get("readingsUsed").has("systolicBp")).isTrue();
    assertThat(risk.get("tier").asString()).isEqualTo("high");
    assertThat(jdbc.sql("select five_highs_tier from patient where id = ?").param(p).query(String.class).single())
        .isEqualTo("high");

    JsonNode bundle = get("/fhir/RiskAssessment?patient=" + p).json();
    List<String> methods = new ArrayList<>();
    bundle.get("entry").forEach(e -> methods.add(e.get("resource").get("method").get("coding").get(0).get("code").asString()));
    assertThat(methods).contains("china-par", "five-highs-tier");
    JsonNode ra = null;
    for (JsonNode e : bundle.get("entry")) {
      if (e.get("resource").get("method").get("coding").get(0).get("code").asString().equals("china-par")) {
        ra = e.get("resource");
      }
    }
    assertThat(ra.get("basis")).isNotEmpty();
    assertThat(ra.get("prediction").get(0).get("probabilityDecimal").asDouble()).isCloseTo(0.1082, within(0.002));
    assertThat(get("/fhir/RiskAssessment/" + ra.get("id").asString()).status()).isEqualTo(200);
  }

  @Autowired
  RiskRefresher refresher;
  @Autowired
  javax.sql.DataSource dataSource;

  @Test
  void readingsMarkTheMemberInTheirOwnTransactionAndTheTierFollowsAfterCommit() throws InterruptedException {
    String p = unique("stale");
    patient(p, "default", "male", "1960-01-01", "professional");
    assertThat(tierAndMark(p)).as("no reading yet: not assessed, not marked").containsExactly(null, null);
    readings(bp(p, 190, 100, hoursAgo(1), "home"));
    // The refresher (every 0.5 s here) takes the mark and sets the tier; wait for it rather than call it.
    List<Object> state = tierAndMark(p);
    for (int i = 0; i < 100 && (state.get(0) == null || state.get(1) != null); i++) {
      Thread.sleep(100);
      state = tierAndMark(p);
    }
    assertThat(state.get(0)).as("tier set by the refresher").isNotNull();
    assertThat(state.get(1)).as("mark cleared with it").isNull();
    assertThat(jdbc.sql("select count(*) from risk_assessment where patient_id = ? and model = 'five-highs-tier'")
        .param(p).query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void aMarkLeftByACrashIsRefreshedAndAMemberLockedByAnIngestIsLeftForTheNextRound() throws java.sql.SQLException {
    String p = unique("crashmark");
    String busy = unique("busymark");
    patient(p, "default", "male", "1960-01-01", "professional");
    patient(busy, "default", "male", "1960-01-01", "professional");
    // As a crash after the ingest commit would leave it: marked, tier never computed.
    jdbc.sql("update patient set risk_stale_since = now() - interval '1 hour' where id = any(?)")
        .param(new String[] {p, busy}).update();
    // Another connection holds the busy member's lock, as an ingest transaction in flight would.
    try (java.sql.Connection other = dataSource.getConnection()) {
      other.setAutoCommit(false);
      try (var ps = other.prepareStatement("select id from patient where id = ? for no key update")) {
        ps.setString(1, busy);
        ps.executeQuery().close();
      }
      refresher.drain();
      other.rollback();
    }
    assertThat(tierAndMark(p).get(0)).as("the crash's mark was refreshed").isNotNull();
    assertThat(jdbc.sql("select risk_stale_since is not null from patient where id = ?").param(busy)
        .query(Boolean.class).single()).as("a member locked by someone else is skipped, not waited on").isTrue();
    refresher.drain();
    assertThat(tierAndMark(busy)).as("taken on the next round").element(1).isNull();
    assertThat(tierAndMark(busy).get(0)).isNotNull();
  }

  private List<Object> tierAndMark(String p) {
    return jdbc.sql("select five_highs_tier, risk_stale_since from patient where id = ?").param(p)
        .query((rs, n) -> java.util.Arrays.<Object>asList(rs.getString(1), rs.getObject(2))).single();
  }

  @Test
  void theWorklistPutsTheHigherTierFirstAmongEquallySevereMembers() {
    String low = unique("lowtier");
    String high = unique("hightier");
    patient(low, "default", "male", "1995-01-01", "professional");
    patient(high, "default", "male", "1960-01-01", "professional");
    condition(high, "diabetes");
    readings(bp(low, 190, 100, hoursAgo(5), "home"));
    readings(bp(high, 190, 100, hoursAgo(1), "home"));
    List<String> order = new ArrayList<>();
    get("/api/v1/worklist?limit=1000").json().get("items").forEach(e -> {
      String id = e.get("patientId").asString();
      if (id.equals(low) || id.equals(high)) {
        order.add(id);
      }
    });
    assertThat(order).as("same severity; the diabetic over 40 is tier high, the other low").containsExactly(high, low);
  }

  @Test
  void theWholePopulationIsRescoredWithProgressAndASummary() throws InterruptedException {
    Response started = postJson("/api/v1/risk/rescore", "");
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    long id = started.json().get("id").asLong();
    JsonNode progress = null;
    for (int i = 0; i < 120; i++) {
      progress = get("/api/v1/risk/rescore/" + id).json();
      if (!progress.get("finishedAt").isNull()) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(progress.get("finishedAt").isNull()).isFalse();
    assertThat(progress.get("done").asInt()).isEqualTo(progress.get("total").asInt());
    assertThat(progress.get("summary").get("tiers")).isNotEmpty();
  }

  private static JsonNode model(JsonNode risk, String name) {
    for (JsonNode m : risk.get("models")) {
      if (m.get("model").asString().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no " + name + " in " + risk);
  }
}
