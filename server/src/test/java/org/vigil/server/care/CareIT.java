package org.vigil.server.care;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.server.Times.daysAgo;
import static org.vigil.server.Times.hoursAgo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.server.IntegrationTest;
import org.vigil.server.TestHttp;
import org.vigil.server.users.Role;
import org.vigil.server.users.User;
import org.vigil.server.users.UserService;
import tools.jackson.databind.JsonNode;

/** The care loop through its REST API: worklist, call list, contacts, notes, follow-ups, escalation, review. */
class CareIT extends IntegrationTest {
  @Autowired
  UserService users;

  String manager;
  String doctor;

  @BeforeEach
  void people() {
    manager = unique("mgr");
    doctor = unique("dr");
    users.save(new User(manager, "Test Manager", Role.MANAGER, "intl-clinic", "en", null, false));
    users.save(new User(doctor, "Test Doctor", Role.DOCTOR, "intl-clinic", "en", null, false));
    users.setCareTeam(doctor, List.of(manager));
  }

  @Override
  protected String tenant() {
    return "intl-clinic";
  }

  /** A member of the international profile with an emergency (BP crisis) alert; returns the alert id. */
  private long crisis(String p, String tier) {
    patient(p, "intl-clinic", "female", "1960-05-01", tier);
    readings(bp(p, 192, 104, hoursAgo(2), "home"));
    return alertsByFamily(p).get("htn-crisis").get("id").asLong();
  }

  /** A member with an attention-level alert (office stage 2 confirmed on two days); returns the alert id. */
  private long stage2(String p, String tier) {
    patient(p, "intl-clinic", "male", "1958-03-01", tier);
    readings(bp(p, 152, 96, daysAgo(3, 0), "office"), bp(p, 150, 94, daysAgo(1, 0), "office"));
    JsonNode a = alertsByFamily(p).values().stream().filter(x -> x.get("severity").asString().equals("attention"))
        .findFirst().orElseThrow(() -> new AssertionError("no attention alert: " + alertsByFamily(p)));
    return a.get("id").asLong();
  }

  private List<String> worklistIds(String query) {
    List<String> ids = new ArrayList<>();
    get("/api/v1/worklist?limit=1000&" + query).json().get("items").forEach(i -> ids.add(i.get("patientId").asString()));
    return ids;
  }

  @Test
  void theWorklistPutsTheMostSevereFirstLeavesBasicMembersOutAndFilters() {
    String em = unique("care-em");
    String att = unique("care-att");
    String basic = unique("care-basic");
    crisis(em, "professional");
    stage2(att, "premium");
    crisis(basic, "basic");
    users.assign(em, manager, "test", null);
    users.assign(att, manager, "test", null);

    List<String> panel = worklistIds("manager=" + manager);
    assertThat(panel).containsExactly(em, att);
    assertThat(worklistIds("severity=urgent")).contains(em).doesNotContain(att);
    assertThat(worklistIds("condition=hypertension&manager=" + manager)).containsExactly(em, att);
    assertThat(worklistIds("condition=diabetes&manager=" + manager)).isEmpty();
    assertThat(worklistIds("patient=" + basic)).as("basic tier: alerts go to the member, not a manager").isEmpty();
    JsonNode item = get("/api/v1/worklist?patient=" + em).json().get("items").get(0);
    assertThat(item.get("priority").asString()).isEqualTo("emergency");
    assertThat(item.get("managerId").asString()).isEqualTo(manager);
    assertThat(item.get("alerts").get(0).get("citation").get("title").asString()).isNotBlank();

    TestHttp.Response bad = get("/api/v1/worklist?tier=extreme");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body()).contains("\"field\":\"tier\"");
    TestHttp.Response mine = get("/api/v1/worklist?mine=true");
    assertThat(mine.status()).isEqualTo(422);
    assertThat(mine.body()).contains("\"field\":\"mine\"");
    assertThat(get("/api/v1/worklist?severity=dire").body()).contains("\"field\":\"severity\"");
  }

  @Test
  void aDueFollowUpPutsAMemberWithoutAlertsOnTheWorklistBelowEveryAlert() {
    String p = unique("care-fu");
    patient(p, "intl-clinic", "male", "1970-01-01", "professional");
    users.assign(p, manager, "test", null);
    TestHttp.Response later = postJson("/api/v1/patients/" + p + "/follow-ups", """
        {"interval": "P7D", "reason": "check home BP log"}""");
    assertThat(later.status()).as(later.body()).isEqualTo(201);
    assertThat(worklistIds("manager=" + manager)).as("not due yet").doesNotContain(p);

    TestHttp.Response due = postJson("/api/v1/patients/" + p + "/follow-ups", """
        {"dueAt": "%s", "reason": "call about medication"}""".formatted(Instant.now()));
    assertThat(due.status()).as(due.body()).isEqualTo(201);
    String em = unique("care-fu-em");
    crisis(em, "professional");
    users.assign(em, manager, "test", null);
    assertThat(worklistIds("manager=" + manager)).containsExactly(em, p);
    JsonNode item = get("/api/v1/worklist?patient=" + p).json().get("items").get(0);
    assertThat(item.get("priority").asString()).isEqualTo("follow-up");
    assertThat(item.get("followUps")).hasSize(1);
    assertThat(item.get("followUps").get(0).get("reason").asString()).isEqualTo("call about medication");
    assertThat(worklistIds("severity=attention&manager=" + manager)).as("a severity filter leaves follow-ups out")
        .containsExactly(em);

    long id = item.get("followUps").get(0).get("id").asLong();
    TestHttp.Response done = postJson("/api/v1/follow-ups/" + id + "/complete", """
        {"outcome": "reached, taking tablets again"}""");
    assertThat(done.json().get("status").asString()).isEqualTo("done");
    assertThat(postJson("/api/v1/follow-ups/" + id + "/complete", "{}").status()).isEqualTo(409);
    assertThat(worklistIds("manager=" + manager)).doesNotContain(p);
  }

  @Test
  void theCallListIsACsvWithOneRowPerMemberAndNoFormulas() {
    String p = unique("care-csv");
    put("/fhir/Patient/" + p, "application/fhir+json", """
        {"resourceType": "Patient", "id": "%s",
         "name": [{"family": "=HYPERLINK(\\"http://x\\")", "given": ["Ann"]}],
         "telecom": [{"system": "phone", "value": "+86 138 0000 1234"}],
         "gender": "female", "birthDate": "1961-01-01"}""".formatted(p));
    readings(bp(p, 195, 100, hoursAgo(1), "home"));
    users.assign(p, manager, "test", null);
    TestHttp.Response csv = http().get("/api/v1/worklist.csv?manager=" + manager, "text/csv");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0]).startsWith("priority,days_waiting,member_id,name,phone");
    assertThat(lines).hasSize(2);
    assertThat(lines[1]).startsWith("emergency,0," + p + ",\"'=HYPERLINK(\"\"http://x\"\") Ann\",+86 138 0000 1234".replace("+86", "'+86"));
    assertThat(lines[1]).contains("Hypertensive crisis");
  }

  @Test
  void contactAttemptsNotesAndTheTimelineRecordWhoDidWhat() {
    String p = unique("care-call");
    long alert = crisis(p, "professional");
    users.assign(p, manager, "test", null);
    TestHttp.Response ok = as(manager, "manager").post("/api/v1/patients/" + p + "/contacts", "application/json", """
        {"alertId": %d, "channel": "phone", "outcome": "no-answer", "by": "%s"}""".formatted(alert, manager));
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(ok.json().get("by").asString()).isEqualTo(manager);

    long before = count("select count(*) from contact_attempt where patient_id = ?", p);
    TestHttp.Response bad = postJson("/api/v1/patients/" + p + "/contacts", """
        {"channel": "pigeon", "outcome": "maybe"}""");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body()).contains("\"field\":\"outcome\"").contains("\"field\":\"channel\"");
    String other = unique("care-other");
    long otherAlert = crisis(other, "professional");
    TestHttp.Response foreign = postJson("/api/v1/patients/" + p + "/contacts", """
        {"alertId": %d, "outcome": "reached"}""".formatted(otherAlert));
    assertThat(foreign.status()).isEqualTo(422);
    assertThat(foreign.body()).contains("\"field\":\"alertId\"");
    assertThat(count("select count(*) from contact_attempt where patient_id = ?", p)).isEqualTo(before);
    assertThat(postJson("/api/v1/patients/nobody-" + p + "/contacts", "{\"outcome\": \"reached\"}").status())
        .isEqualTo(404);

    assertThat(postJson("/api/v1/patients/" + p + "/notes", "{\"text\": \"\"}").body()).contains("\"field\":\"text\"");
    assertThat(as(manager, "manager").post("/api/v1/patients/" + p + "/notes", "application/json", """
        {"alertId": %d, "text": "daughter says she is at the clinic", "by": "%s"}""".formatted(alert, manager))
        .status()).isEqualTo(201);
    TestHttp.Response impostor = as(manager, "manager").post("/api/v1/patients/" + p + "/notes", "application/json",
        """
        {"text": "signed as someone else", "by": "%s"}""".formatted(doctor));
    assertThat(impostor.status()).as("'by' may only name the caller").isEqualTo(403);
    assertThat(impostor.body()).contains("\"field\":\"by\"");

    List<String> kinds = new ArrayList<>();
    get("/api/v1/patients/" + p + "/timeline").json().forEach(e -> kinds.add(e.get("kind").asString()));
    assertThat(kinds).contains("contact", "note", "alert-opened", "alert-contact", "alert-note");
    List<String> actions = new ArrayList<>();
    get("/api/v1/alerts/" + alert + "/history").json().forEach(e -> actions.add(e.get("action").asString()));
    assertThat(actions).contains("opened", "contact", "note");
  }

  @Test
  void theFollowUpIntervalIsSuggestedFromTheFiveHighsTierWithItsSource() {
    String p = unique("care-sugg");
    patient(p, "intl-clinic", "male", "1962-01-01", "professional");
    condition(p, "diabetes");
    JsonNode s = get("/api/v1/patients/" + p + "/follow-ups/suggestion").json();
    String tier = s.get("fiveHighsTier").asString();
    assertThat(tier).as("diabetic over 40: lipid direct high-risk criteria").isEqualTo("high");
    assertThat(s.get("interval").asString()).isEqualTo("P14D");
    assertThat(s.get("source").asString()).contains("five-highs-tier.yaml");

    JsonNode planned = postJson("/api/v1/patients/" + p + "/follow-ups", "{}").json();
    Instant due = Instant.parse(planned.get("dueAt").asString());
    assertThat(due).isBetween(Instant.now().plusSeconds(14 * 86400 - 120), Instant.now().plusSeconds(14 * 86400 + 120));

    TestHttp.Response both = postJson("/api/v1/patients/" + p + "/follow-ups", """
        {"interval": "P7D", "dueAt": "%s"}""".formatted(Instant.now().plusSeconds(86400)));
    assertThat(both.body()).contains("\"field\":\"interval\"");
    assertThat(postJson("/api/v1/patients/" + p + "/follow-ups", "{\"interval\": \"fortnight\"}").body())
        .contains("\"field\":\"interval\"");
    assertThat(postJson("/api/v1/patients/" + p + "/follow-ups", """
        {"dueAt": "2020-01-01T00:00:00Z"}""").body()).contains("\"field\":\"dueAt\"");

    String basic = unique("care-basic-fu");
    patient(basic, "intl-clinic", "male", "1962-01-01", "basic");
    TestHttp.Response refused = postJson("/api/v1/patients/" + basic + "/follow-ups", "{}");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("\"field\":\"patientId\"").contains("basic");
  }

  @Test
  void escalationToADoctorFollowsTheServiceTier() {
    String pro = unique("care-pro");
    long proAttention = stage2(pro, "professional");
    TestHttp.Response refused = postJson("/api/v1/alerts/" + proAttention + "/escalate", """
        {"reason": "please review"}""");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("\"field\":\"tier\"").contains("premium");
    assertThat(get("/api/v1/alerts/" + proAttention).json().get("status").asString()).isEqualTo("open");

    String premium = unique("care-prem");
    long premAttention = stage2(premium, "premium");
    users.assign(premium, manager, "test", null);
    JsonNode escalated = as(manager, "manager").post("/api/v1/alerts/" + premAttention + "/escalate",
        "application/json", """
        {"reason": "diagnosis needs a doctor", "by": "%s"}""".formatted(manager)).json();
    assertThat(escalated.get("status").asString()).isEqualTo("escalated");

    String proEm = unique("care-pro-em");
    long emergency = crisis(proEm, "professional");
    assertThat(postJson("/api/v1/alerts/" + emergency + "/escalate", "{}").body()).contains("\"field\":\"reason\"");
    assertThat(postJson("/api/v1/alerts/" + emergency + "/escalate", "{\"reason\": \"crisis\"}").json()
        .get("status").asString()).as("emergencies reach a doctor in every tier").isEqualTo("escalated");
    assertThat(postJson("/api/v1/alerts/" + emergency + "/escalate", "{\"reason\": \"again\"}").status())
        .isEqualTo(409);
    List<Long> queue = new ArrayList<>();
    get("/api/v1/escalations").json().forEach(a -> queue.add(a.get("id").asLong()));
    assertThat(queue).contains(premAttention, emergency);
  }

  @Test
  void onlyADoctorReviewsAndTheDecisionGoesBackToTheManager() {
    String p = unique("care-review");
    long alert = crisis(p, "premium");
    users.assign(p, manager, "test", null);
    postJson("/api/v1/alerts/" + alert + "/escalate", "{\"reason\": \"crisis\"}");

    TestHttp.Response byManager = as(manager, "manager").post("/api/v1/alerts/" + alert + "/review",
        "application/json", """
        {"decision": "confirmed", "reason": "agree", "by": "%s"}""".formatted(manager));
    assertThat(byManager.status()).isEqualTo(403);
    assertThat(byManager.body()).contains("\"field\":\"role\"").contains("manager");
    assertThat(postJson("/api/v1/alerts/" + alert + "/review", """
        {"decision": "confirmed", "reason": "agree"}""").status()).as("an operator is no doctor").isEqualTo(403);
    TestHttp.Response strangerDoctor = as(unique("dr-other"), "doctor").post("/api/v1/alerts/" + alert + "/review",
        "application/json", "{\"decision\": \"confirmed\", \"reason\": \"agree\"}");
    assertThat(strangerDoctor.status()).as("a doctor outside the member's care team").isEqualTo(403);
    assertThat(as(doctor, "doctor").post("/api/v1/alerts/" + alert + "/review", "application/json", """
        {"decision": "maybe", "reason": "", "by": "%s"}""".formatted(doctor)).body())
        .contains("\"field\":\"decision\"").contains("\"field\":\"reason\"");
    assertThat(count("select count(*) from alert_review where alert_id = ?", alert)).isZero();

    TestHttp.Response confirmed = as(doctor, "doctor").post("/api/v1/alerts/" + alert + "/review",
        "application/json", """
        {"decision": "confirmed", "reason": "repeat reading also high; start treatment review", "by": "%s"}"""
        .formatted(doctor));
    assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
    JsonNode a = get("/api/v1/alerts/" + alert).json();
    assertThat(a.get("status").asString()).isEqualTo("acknowledged");
    assertThat(a.get("acknowledgedBy").asString()).isEqualTo(doctor);
    JsonNode reviews = get("/api/v1/alerts/" + alert + "/reviews").json();
    assertThat(reviews).hasSize(1);
    assertThat(reviews.get(0).get("reviewer").asString()).isEqualTo(doctor);
    JsonNode shown = get("/api/v1/reviews?manager=" + manager).json();
    assertThat(shown).anySatisfy(r -> assertThat(r.get("reason").asString()).contains("start treatment review"));
    JsonNode item = get("/api/v1/worklist?patient=" + p).json().get("items").get(0);
    assertThat(item.get("reviews").get(0).get("decision").asString()).isEqualTo("confirmed");

    String q = unique("care-reject");
    long other = crisis(q, "premium");
    users.assign(q, manager, "test", null);
    as(doctor, "doctor").post("/api/v1/alerts/" + other + "/review", "application/json", """
        {"decision": "rejected", "reason": "cuff too small; repeat was 132/84", "by": "%s"}""".formatted(doctor));
    JsonNode rejected = get("/api/v1/alerts/" + other).json();
    assertThat(rejected.get("status").asString()).isEqualTo("resolved");
    assertThat(rejected.get("resolution").asString()).isEqualTo("rejected by doctor: cuff too small; repeat was 132/84");
    assertThat(as(doctor, "doctor").post("/api/v1/alerts/" + other + "/review", "application/json", """
        {"decision": "confirmed", "reason": "changed my mind", "by": "%s"}""".formatted(doctor)).status())
        .isEqualTo(409);
  }

  @Test
  void panelsAreAssignedWithHistoryAndBasicMembersHaveNoManager() {
    String p = unique("care-panel");
    patient(p, "intl-clinic", "female", "1975-01-01", "professional");
    String second = unique("mgr2");
    users.save(new User(second, "Second Manager", Role.MANAGER, "intl-clinic", "en", null, false));
    assertThat(postJson("/api/v1/patients/" + p + "/manager", """
        {"managerId": "%s"}""".formatted(manager)).status()).isEqualTo(200);
    assertThat(postJson("/api/v1/patients/" + p + "/manager", """
        {"managerId": "%s", "reason": "moved district"}""".formatted(second)).status()).isEqualTo(200);
    JsonNode history = get("/api/v1/patients/" + p + "/manager/history").json();
    assertThat(history).hasSize(2);
    assertThat(history.get(0).get("managerId").asString()).isEqualTo(manager);
    assertThat(history.get(0).get("to").isNull()).isFalse();
    assertThat(history.get(1).get("managerId").asString()).isEqualTo(second);
    assertThat(history.get(1).get("to").isNull()).isTrue();
    assertThat(history.get(1).get("reason").asString()).isEqualTo("moved district");
    assertThat(history.get(1).get("assignedBy").asString()).as("the caller, from the token").isEqualTo("test-operator");

    TestHttp.Response toDoctor = postJson("/api/v1/patients/" + p + "/manager", """
        {"managerId": "%s"}""".formatted(doctor));
    assertThat(toDoctor.status()).isEqualTo(422);
    assertThat(toDoctor.body()).contains("\"field\":\"managerId\"");
    String basic = unique("care-basic-panel");
    patient(basic, "intl-clinic", "female", "1975-01-01", "basic");
    assertThat(postJson("/api/v1/patients/" + basic + "/manager", """
        {"managerId": "%s"}""".formatted(manager)).body()).contains("basic");
    assertThat(get("/api/v1/patients/" + p + "/manager/history").json()).hasSize(2);
  }

  @Test
  void aBasicMemberIsToldOfTheirAlertThemselves() throws InterruptedException {
    String p = unique("care-self");
    stage2(p, "basic");
    long deadline = System.currentTimeMillis() + 10_000;
    JsonNode notice = null;
    while (notice == null && System.currentTimeMillis() < deadline) {
      for (JsonNode m : get("/api/v1/patients/" + p + "/messages").json()) {
        if (m.get("kind").asString().equals("alert-notice") && m.get("status").asString().equals("sent")) {
          notice = m;
        }
      }
      Thread.sleep(100);
    }
    assertThat(notice).as("a sent alert notice").isNotNull();
    assertThat(notice.get("body").asString()).contains("Stage 2 hypertension");

    String pro = unique("care-managed");
    stage2(pro, "professional");
    assertThat(get("/api/v1/patients/" + pro + "/messages").json()).as("a managed member's manager calls instead")
        .isEmpty();
  }
}
