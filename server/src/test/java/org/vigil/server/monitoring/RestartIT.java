package org.vigil.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.vigil.server.TestHttp;
import org.vigil.server.VigilApplication;
import tools.jackson.databind.JsonNode;

/** Stop the server, start it again on the same data directory: everything is kept, nothing replayed twice. */
class RestartIT {

  private static ConfigurableApplicationContext start(Path dataDir) {
    return new SpringApplicationBuilder(VigilApplication.class)
        .properties("vigil.data-dir=" + dataDir)
        .run("--server.port=0");
  }

  private static Path dataDirOf(ConfigurableApplicationContext ctx) {
    return Path.of(ctx.getEnvironment().getProperty("vigil.data-dir"));
  }

  private static TestHttp http(ConfigurableApplicationContext ctx) {
    return TestHttp.operator(((WebServerApplicationContext) ctx).getWebServer().getPort(), dataDirOf(ctx));
  }

  private static String home(String patient, int sys, int dia, int daysAgo) {
    String t = org.vigil.server.Times.daysAgo(daysAgo, 1);
    return """
        {"patient": "%s", "code": "85354-9", "source": "omron", "setting": "home", "effective": "%s",
         "components": [{"code": "8480-6", "value": %d, "unit": "mm[Hg]"}, {"code": "8462-4", "value": %d, "unit": "mm[Hg]"}]}"""
        .formatted(patient, t, sys, dia);
  }

  @Test
  void aRestartKeepsEverythingAndReplaysNothingTwice() throws Exception {
    Path dir = Files.createTempDirectory("vigil-restart-");
    String batch = "{\"readings\": [" + home("r1", 150, 95, 4) + "," + home("r1", 148, 94, 3) + ","
        + home("r1", 152, 96, 2) + "," + home("r1", 149, 93, 1) + "," + home("r1", 190, 100, 0) + "]}";
    long homeAlert;
    try (ConfigurableApplicationContext first = start(dir)) {
      TestHttp http = http(first);
      http.patient("r1");
      assertThat(http.post("/api/v1/readings", "application/json", batch).json().get("stored").asInt()).isEqualTo(5);
      JsonNode alerts = http.get("/api/v1/alerts?patient=r1").json();
      assertThat(alerts).extracting(a -> a.get("family").asString()).containsExactlyInAnyOrder("htn-crisis", "htn-home");
      homeAlert = idOf(alerts, "htn-home");
    }
    try (ConfigurableApplicationContext second = start(dir)) {
      TestHttp http = http(second);
      assertThat(http.get("/fhir/Patient/r1").status()).isEqualTo(200);
      TestHttp.Response again = http.post("/api/v1/readings", "application/json", batch);
      assertThat(again.json().get("duplicates").asInt()).isEqualTo(5);
      assertThat(http.get("/api/v1/alerts?patient=r1").json()).hasSize(2);

      // A new home reading after the restart: the state is rebuilt from the stored readings, so the open
      // home alert is updated with all of them instead of a second alert being opened.
      http.post("/api/v1/readings", "application/json", "{\"readings\": [" + home("r1", 151, 95, 0) + "]}");
      JsonNode alerts = http.get("/api/v1/alerts?patient=r1").json();
      assertThat(alerts).hasSize(2);
      assertThat(idOf(alerts, "htn-home")).isEqualTo(homeAlert);
      JsonNode home = http.get("/api/v1/alerts/" + homeAlert).json();
      assertThat(home.get("explanation").asString()).contains("6 readings");

      // The crisis alert's escalation timer was set before the restart; it is in the database, so it still
      // fires after the restart once due.
      long crisis = idOf(alerts, "htn-crisis");
      JsonNode before = http.get("/api/v1/alerts/" + crisis).json();
      assertThat(before.get("escalateAt").isNull()).isFalse();
      second.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
          .sql("update alert set escalate_at = now() - interval '1 minute' where id = ?").param(crisis).update();
      second.getBean(ScheduledChecks.class).escalate();
      assertThat(http.get("/api/v1/alerts/" + crisis).json().get("status").asString()).isEqualTo("escalated");
    }
  }

  private static long idOf(JsonNode alerts, String family) {
    for (JsonNode a : alerts) {
      if (a.get("family").asString().equals(family)) {
        return a.get("id").asLong();
      }
    }
    throw new AssertionError("no " + family + " alert in " + alerts);
  }
}
