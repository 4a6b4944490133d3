package org.vigil.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.server.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** A member's state rebuilt from stored readings gives the same alerts as the state kept live in memory. */
class StateRebuildIT extends IntegrationTest {
  @Autowired
  MonitorService monitor;

  private String home(String patient, int sys, int daysAgo) {
    String t = org.vigil.server.Times.daysAgo(daysAgo, 2);
    return """
        {"readings": [{"patient": "%s", "code": "85354-9", "source": "omron", "effective": "%s",
         "components": [{"code": "8480-6", "value": %d, "unit": "mm[Hg]"}, {"code": "8462-4", "value": 88, "unit": "mm[Hg]"}]}]}"""
        .formatted(patient, t, sys);
  }

  private JsonNode homeAlertAfterFourReadings(String p, boolean forgetBetweenReadings) {
    patient(p);
    for (int d = 4; d >= 1; d--) {
      postJson("/api/v1/readings", home(p, 140 + d, d));
      if (forgetBetweenReadings) {
        monitor.clearCache();
      }
    }
    JsonNode alerts = get("/api/v1/alerts?patient=" + p).json();
    assertThat(alerts).hasSize(1);
    return alerts.get(0);
  }

  @Test
  void aRebuiltStateRaisesTheSameAlertOnTheSameReadings() {
    JsonNode live = homeAlertAfterFourReadings(unique("live"), false);
    JsonNode rebuilt = homeAlertAfterFourReadings(unique("rebuilt"), true);
    assertThat(rebuilt.get("level").asString()).isEqualTo(live.get("level").asString());
    assertThat(rebuilt.get("evidence")).hasSize(live.get("evidence").size());
    assertThat(rebuilt.get("thresholds").toString()).isEqualTo(live.get("thresholds").toString());
    assertThat(rebuilt.get("evidence")).hasSize(8);
  }

  private static String item(String patient, int sys, int daysAgo) {
    return """
        {"patient": "%s", "code": "85354-9", "source": "omron", "effective": "%s",
         "components": [{"code": "8480-6", "value": %d, "unit": "mm[Hg]"}, {"code": "8462-4", "value": %d, "unit": "mm[Hg]"}]}"""
        .formatted(patient, org.vigil.server.Times.daysAgo(daysAgo, 2), sys, sys >= 140 ? 92 : 74);
  }

  /** Three members' histories, then one batch with a reading for each; their alerts as "level/evidence" per member. */
  private java.util.List<String> threeMembersInOneBatch(String tag, boolean forgetBeforeTheBatch) {
    String high = unique(tag + "high");
    String normal = unique(tag + "normal");
    String fresh = unique(tag + "fresh");
    patient(high);
    patient(normal);
    patient(fresh);
    for (int d = 4; d >= 2; d--) {
      postJson("/api/v1/readings", "{\"readings\": [" + item(high, 150 + d, d) + ", " + item(normal, 118, d) + "]}");
    }
    if (forgetBeforeTheBatch) {
      monitor.clearCache();
    }
    var r = postJson("/api/v1/readings", "{\"readings\": [" + item(high, 151, 1) + ", " + item(normal, 119, 1) + ", "
        + item(fresh, 152, 1) + "]}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String p : java.util.List.of(high, normal, fresh)) {
      StringBuilder sb = new StringBuilder();
      get("/api/v1/alerts?patient=" + p).json().forEach(a -> sb.append(a.get("ruleId").asString()).append('/')
          .append(a.get("level").asString()).append('/').append(a.get("evidence").size()).append(';'));
      out.add(sb.toString());
    }
    return out;
  }

  @Test
  void coldMembersInOneBatchAreRebuiltTogetherEachFromTheirOwnReadings() {
    var live = threeMembersInOneBatch("livebatch", false);
    var rebuilt = threeMembersInOneBatch("coldbatch", true);
    assertThat(live.get(0)).as("the member with high readings has an alert").isNotEmpty();
    assertThat(live.get(1)).as("normal readings (119/74 at home): no alert").isEmpty();
    assertThat(rebuilt).as("rebuilt in one query = kept live").isEqualTo(live);
  }
}
