package org.vigil.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.server.Times.daysAgo;
import static org.vigil.server.Times.hoursAgo;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.server.IntegrationTest;
import org.vigil.server.TestHttp.Response;
import org.vigil.server.monitoring.ScheduledChecks;
import tools.jackson.databind.JsonNode;

/** Auto-resolve, snooze, escalation by tier and absence follow-ups, through the real server and database. */
class LifecycleIT extends IntegrationTest {
  @Autowired
  ScheduledChecks checks;

  @Test
  void aHomeAlertResolvesItselfWhenTheMeanFallsBelowTheThreshold() {
    String p = unique("auto");
    patient(p);
    readings(bp(p, 150, 95, daysAgo(6, 1), "home"), bp(p, 148, 94, daysAgo(5, 1), "home"),
        bp(p, 146, 92, daysAgo(4, 1), "home"), bp(p, 147, 93, daysAgo(3, 1), "home"));
    long id = alertsByFamily(p).get("htn-home").get("id").asLong();
    for (int h = 60; h >= 2; h -= 2) {
      readings(bp(p, 118, 74, hoursAgo(h), "home"));
    }
    assertThat(alertsByFamily(p)).doesNotContainKey("htn-home");
    JsonNode alert = get("/api/v1/alerts/" + id).json();
    assertThat(alert.get("status").asString()).isEqualTo("resolved");
    assertThat(alert.get("resolvedBy").asString()).isEqualTo(AlertService.MONITOR);
    assertThat(alert.get("resolution").asString()).startsWith("auto-resolved");
    assertThat(get("/api/v1/alerts/" + id + "/history").json())
        .extracting(e -> e.get("action").asString()).contains("opened", "auto-resolved");
  }

  @Test
  void aCrisisAlertIsNeverResolvedByANormalReadingAlone() {
    String p = unique("crisis");
    patient(p);
    readings(bp(p, 190, 100, hoursAgo(3), "home"), bp(p, 120, 78, hoursAgo(1), "home"));
    assertThat(alertsByFamily(p)).containsKey("htn-crisis");
  }

  @Test
  void aSnoozedAlertLeavesTheWorklistUntilItsTimeAndEmergenciesCannotBeSnoozed() {
    String p = unique("snz");
    patient(p);
    readings(bp(p, 150, 95, daysAgo(6, 1), "home"), bp(p, 148, 94, daysAgo(5, 1), "home"),
        bp(p, 146, 92, daysAgo(4, 1), "home"), bp(p, 147, 93, daysAgo(3, 1), "home"),
        bp(p, 195, 100, hoursAgo(1), "home"));
    long home = alertsByFamily(p).get("htn-home").get("id").asLong();
    long crisis = alertsByFamily(p).get("htn-crisis").get("id").asLong();
    String until = Instant.now().plus(Duration.ofDays(2)).toString();
    Response snoozed = postJson("/api/v1/alerts/" + home + "/snooze",
        "{\"until\": \"" + until + "\", \"reason\": \"member travelling\"}");
    assertThat(snoozed.status()).isEqualTo(200);
    assertThat(snoozed.json().get("snoozedUntil").asString()).isNotBlank();
    assertThat(worklistAlertIds(p, false)).containsExactly(crisis);
    assertThat(worklistAlertIds(p, true)).containsExactlyInAnyOrder(crisis, home);
    Response emergency = postJson("/api/v1/alerts/" + crisis + "/snooze",
        "{\"until\": \"" + until + "\", \"reason\": \"later\"}");
    assertThat(emergency.status()).isEqualTo(422);
    assertThat(emergency.json().get("errors").get(0).get("field").asString()).isEqualTo("severity");
    Response past = postJson("/api/v1/alerts/" + home + "/snooze", "{\"until\": \"2020-01-01T00:00:00Z\"}");
    assertThat(past.status()).isEqualTo(422);
    assertThat(past.body()).contains("\"field\":\"until\"").contains("\"field\":\"reason\"");
  }

  private java.util.List<Long> worklistAlertIds(String patient, boolean includeSnoozed) {
    java.util.List<Long> ids = new java.util.ArrayList<>();
    get("/api/v1/worklist?patient=" + patient + "&includeSnoozed=" + includeSnoozed).json().get("items").forEach(e -> {
      if (e.get("patientId").asString().equals(patient)) {
        e.get("alerts").forEach(a -> ids.add(a.get("id").asLong()));
      }
    });
    return ids;
  }

  @Test
  void anUnacknowledgedEmergencyEscalatesToTheDoctorAfterTheTimeItsTierAllows() {
    String p = unique("esc");
    patient(p, "default", "male", "1955-02-02", "premium");
    readings(bp(p, 200, 110, hoursAgo(1), "home"));
    JsonNode crisis = alertsByFamily(p).get("htn-crisis");
    Instant opened = Instant.parse(crisis.get("openedAt").asString());
    Instant escalateAt = Instant.parse(crisis.get("escalateAt").asString());
    assertThat(Duration.between(opened, escalateAt)).as("premium tier: 15 minutes for an emergency")
        .isEqualTo(Duration.ofMinutes(15));
    long id = crisis.get("id").asLong();
    assertThat(get("/api/v1/escalations").json()).noneMatch(a -> a.get("id").asLong() == id);
    jdbc.sql("update alert set escalate_at = ? where id = ?")
        .params(OffsetDateTime.now().minusMinutes(1), id).update();
    checks.escalate();
    JsonNode escalated = get("/api/v1/alerts/" + id).json();
    assertThat(escalated.get("status").asString()).isEqualTo("escalated");
    assertThat(escalated.get("escalatedTo").asString()).isEqualTo("doctor");
    assertThat(get("/api/v1/escalations").json()).anyMatch(a -> a.get("id").asLong() == id);
    Response ack = postJson("/api/v1/alerts/" + id + "/acknowledge", "{}");
    assertThat(ack.json().get("status").asString()).isEqualTo("acknowledged");
    assertThat(get("/api/v1/alerts/" + id + "/history").json())
        .extracting(e -> e.get("action").asString()).containsExactly("opened", "escalated", "acknowledged");
  }

  @Test
  void anAcknowledgedAlertDoesNotEscalate() {
    String p = unique("ack");
    patient(p, "default", "male", "1955-02-02", "basic");
    readings(bp(p, 200, 110, hoursAgo(1), "home"));
    long id = alertsByFamily(p).get("htn-crisis").get("id").asLong();
    postJson("/api/v1/alerts/" + id + "/acknowledge", "{}");
    assertThat(get("/api/v1/alerts/" + id).json().get("escalateAt").isNull()).isTrue();
    checks.escalate();
    assertThat(get("/api/v1/alerts/" + id).json().get("status").asString()).isEqualTo("acknowledged");
  }

  @Test
  void anUncontrolledMemberWithoutBloodPressureForTwoWeeksGetsAFollowUpThatANewReadingCloses() {
    String p = unique("abs");
    patient(p);
    readings(bp(p, 150, 95, daysAgo(20, 1), "home"), bp(p, 148, 94, daysAgo(19, 1), "home"),
        bp(p, 146, 92, daysAgo(18, 1), "home"), bp(p, 147, 93, daysAgo(17, 1), "home"));
    String controlled = unique("ctl");
    patient(controlled);
    readings(bp(controlled, 118, 74, daysAgo(20, 1), "home"), bp(controlled, 117, 72, daysAgo(19, 1), "home"),
        bp(controlled, 119, 75, daysAgo(18, 1), "home"), bp(controlled, 116, 73, daysAgo(17, 1), "home"));
    checks.runAbsenceRules(Instant.now());
    JsonNode followUp = alertsByFamily(p).get("htn-follow-up");
    assertThat(followUp).isNotNull();
    assertThat(followUp.get("evidence").get(0).get("time").asString()).isNotBlank();
    assertThat(alertsByFamily(controlled)).doesNotContainKey("htn-follow-up");
    readings(bp(p, 138, 86, hoursAgo(1), "home"));
    assertThat(alertsByFamily(p)).doesNotContainKey("htn-follow-up");
  }
}
