package org.vigil.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.server.IntegrationTest;
import org.vigil.server.config.VigilProperties;

/**
 * {@code ./vigil audit verify} (its main class, without the exit): against the test server's database by URL and
 * through its data directory while it runs, exit 0 then 1 after tampering; and against a data directory whose
 * server is stopped, which it starts just for the check.
 */
class AuditCliIT extends IntegrationTest {
  private static final Pattern OK = Pattern.compile("audit chain OK: (\\d+) entries\\nhead (\\d+:[0-9a-f]{64})\\n");

  @Autowired
  AuditLog audit;

  @Autowired
  HikariDataSource dataSource;

  @Autowired
  VigilProperties props;

  @TempDir
  Path stoppedDataDir;

  private record Run(int status, String out, String err) {}

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = AuditCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static AuditEntry entry(String actor, int i) {
    return new AuditEntry(Instant.now(), actor, "operator", "default", "p" + i, AuditEntry.UPDATE, "Patient/p" + i,
        "operations", "200", Map.of("i", Integer.toString(i)));
  }

  @Test
  void verifiesByUrlAndDataDirectoryThenNamesTheTamperedEntry() throws Exception {
    String actor = unique("cli");
    for (int i = 0; i < 20; i++) {
      audit.append(entry(actor, i));
    }
    audit.flush();
    String url = dataSource.getJdbcUrl();

    Run ok = cli("verify", "--db-url", url, "--db-user", "postgres");
    assertThat(ok.status()).as(ok.toString()).isZero();
    Matcher m = OK.matcher(ok.out());
    assertThat(m.matches()).as(ok.out()).isTrue();
    assertThat(Long.parseLong(m.group(1))).isEqualTo(count("select count(*) from audit_event"));
    String head = m.group(2);

    Run viaDataDir = cli("verify", "--data-dir", props.dataDir().toString());
    assertThat(viaDataDir.status()).as(viaDataDir.toString()).isZero();
    assertThat(viaDataDir.out()).isEqualTo(ok.out());
    assertThat(viaDataDir.err()).contains("using the running database on port");

    Run anchored = cli("verify", "--db-url", url, "--anchor", head);
    assertThat(anchored.status()).as(anchored.toString()).isZero();

    long victim = count("select seq from audit_event where actor = ? and detail->>'i' = '7'", actor);
    Tampering.tampered(dataSource, List.of(victim), "update audit_event set actor = 'nobody' where seq = ?",
        new Object[] {victim}, () -> {
          Run broken = cli("verify", "--db-url", url);
          assertThat(broken.status()).as(broken.toString()).isEqualTo(1);
          assertThat(broken.out()).isEqualTo("audit chain BROKEN at entry " + victim
              + ": hash mismatch (entry modified)\n");
          Run brokenViaDir = cli("verify", "--data-dir", props.dataDir().toString());
          assertThat(brokenViaDir.status()).isEqualTo(1);
          assertThat(brokenViaDir.out()).isEqualTo(broken.out());
        });
    assertThat(cli("verify", "--db-url", url).status()).as("restored").isZero();
  }

  @Test
  void aStoppedServersDatabaseIsStartedForTheCheck() throws Exception {
    Path pgDir = stoppedDataDir.resolve("postgres");
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(pgDir).setCleanDataDirectory(false)
        .start()) {
      HikariDataSource ds = new HikariDataSource();
      ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
      try (ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        try (AuditLog log = new AuditLog(ds, 4, 2)) {
          for (int i = 0; i < 9; i++) {
            log.append(entry("stopped", i)); // a queue of 4 and batches of 2: appends block, none is lost
          }
        }
      }
    }
    assertThat(Files.exists(pgDir.resolve("postmaster.pid"))).as("PostgreSQL stopped").isFalse();

    Run r = cli("verify", "--data-dir", stoppedDataDir.toString());
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("audit chain OK: 9 entries\nhead 9:");
    assertThat(Files.exists(pgDir.resolve("postmaster.pid"))).as("stopped again after the check").isFalse();
  }
}
