package org.vigil.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.vigil.server.TestHttp;
import org.vigil.server.VigilApplication;

/** {@code --db-url}: Vigil runs on a PostgreSQL it did not start, and starts none of its own. */
class ExternalDatabaseIT {
  @Test
  void vigilRunsOnAnExternalPostgresqlGivenByUrl() throws Exception {
    Path pgDir = Files.createTempDirectory("vigil-external-pg-");
    Path dataDir = Files.createTempDirectory("vigil-external-data-");
    try (EmbeddedPostgres external = EmbeddedPostgres.builder().setDataDirectory(pgDir).start();
        ConfigurableApplicationContext app = new SpringApplicationBuilder(VigilApplication.class)
            .properties("vigil.data-dir=" + dataDir,
                "vigil.db.url=" + external.getJdbcUrl("postgres", "postgres"), "vigil.db.username=postgres")
            .run("--server.port=0")) {
      TestHttp http = TestHttp.operator(((WebServerApplicationContext) app).getWebServer().getPort(), dataDir);
      assertThat(http.get("/actuator/health").body()).contains("UP");
      http.patient("ext-1");
      try (var c = external.getPostgresDatabase().getConnection();
          var rs = c.createStatement().executeQuery("select count(*) from patient where id = 'ext-1'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
      assertThat(dataDir.resolve("postgres")).doesNotExist();
    }
  }
}
