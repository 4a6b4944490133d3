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
}
