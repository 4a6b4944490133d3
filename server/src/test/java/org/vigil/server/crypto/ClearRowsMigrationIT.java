package org.vigil.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.vigil.server.TestHttp;
import org.vigil.server.VigilApplication;
import org.vigil.server.crypto.Members.Member;

/**
 * An installation from before V7 holds names, phones and identifiers in clear; upgrading seals every member
 * (Flyway migration 7.1) and drops the clear columns, and the members read and search as before.
 */
class ClearRowsMigrationIT {
  private static final MigrationVersion V7 = MigrationVersion.fromVersion("7");

  @Test
  void anUpgradeSealsMembersStoredInClear() throws Exception {
    Path pgDir = Files.createTempDirectory("vigil-clear-pg-");
    Path dataDir = Files.createTempDirectory("vigil-clear-data-");
    List<Member> members = List.of(Members.member("shanghai"), Members.member("default"));
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(pgDir).start()) {
      DataSource ds = pg.getPostgresDatabase();
      MigrationVersion before = Arrays.stream(Flyway.configure().dataSource(ds).locations("classpath:db/migration")
              .load().info().all())
          .map(MigrationInfo::getVersion).filter(v -> v.compareTo(V7) < 0).max(Comparator.naturalOrder())
          .orElseThrow();
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").target(before).load().migrate();
      JdbcClient old = JdbcClient.create(ds);
      for (Member m : members) {
        // What PatientRepository wrote before V7: the whole resource, lower-case name parts, clear identifiers.
        old.sql("insert into patient (id, resource, name_search, tenant) values (?, cast(? as jsonb), ?, ?)")
            .params(m.id(), m.json(), " " + String.join(" ", m.family(), m.given(), m.nameZh())
                .toLowerCase(Locale.ROOT) + " ", m.tenant())
            .update();
        old.sql("insert into patient_identifier (system, value, patient_id) values (?, ?, ?), (?, ?, ?)")
            .params(Members.NATIONAL_ID, m.nationalId(), m.id(), Members.MRN, m.mrn(), m.id())
            .update();
      }
      assertThat(old.sql("select resource::text from patient").query(String.class).list().toString())
          .contains(members.getFirst().phone());

      try (ConfigurableApplicationContext app = new SpringApplicationBuilder(VigilApplication.class)
          .properties("vigil.data-dir=" + dataDir,
              "vigil.db.url=" + pg.getJdbcUrl("postgres", "postgres"), "vigil.db.username=postgres")
          .run("--server.port=0")) {
        TestHttp app0 = TestHttp.operator(((WebServerApplicationContext) app).getWebServer().getPort(), dataDir);
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        assertThat(jdbc.sql("select success from flyway_schema_history where version = '7.1'")
            .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("""
                select count(*) from information_schema.columns
                where (table_name = 'patient' and column_name = 'name_search')
                   or (table_name = 'patient_identifier' and column_name = 'value')""")
            .query(Long.class).single()).isZero();
        Members.assertNoneInClear(jdbc, members);
        for (Member m : members) {
          TestHttp http = app0.forTenant(m.tenant());
          Members.assertReadsBack(http, m);
          assertThat(Members.search(http, "name=" + m.given())).containsExactly(m.id());
          assertThat(Members.search(http, "identifier=" + Members.NATIONAL_ID + "|" + m.nationalId()))
              .containsExactly(m.id());
          assertThat(Members.search(http, "identifier=" + Members.MRN + "|" + m.mrn())).containsExactly(m.id());
        }
      }
    }
  }
}
