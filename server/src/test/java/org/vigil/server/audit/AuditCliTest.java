package org.vigil.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit CLI's command line: usage errors exit 2 and say why; no database is touched. */
class AuditCliTest {
  @TempDir
  Path dir;

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = AuditCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void usageErrorsExitTwoAndNameTheProblem() {
    assertThat(run()).satisfies(r -> {
      assertThat(r.status()).isEqualTo(2);
      assertThat(r.err()).contains("a subcommand is needed").contains("Usage: ./vigil audit verify");
    });
    assertThat(run("check").err()).contains("unknown subcommand 'check'");
    assertThat(run("verify", "--frobnicate", "1").err()).contains("unknown option '--frobnicate'");
    assertThat(run("verify", "--data-dir").err()).contains("--data-dir needs a value");
    assertThat(run("verify", "--data-dir", "/x", "--db-url", "jdbc:postgresql://h/db").err())
        .contains("not both");
    assertThat(run("verify", "--db-user", "u").err()).contains("go with --db-url");
    assertThat(run("verify", "--db-url", "mysql://h/db").err()).contains("PostgreSQL JDBC URL");
    assertThat(run("verify", "--anchor", "seven").err()).contains("SEQ:SHA256HEX");
    for (String[] args : new String[][] {{"check"}, {"verify", "--frobnicate", "1"}, {"verify", "--db-user", "u"}}) {
      assertThat(run(args).status()).isEqualTo(2);
    }
  }

  @Test
  void helpGoesToStandardOutput() {
    Run r = run("help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("Exit status: 0 chain OK, 1 chain broken");
  }

  @Test
  void aDirectoryWithoutADatabaseCannotBeChecked() throws Exception {
    Run r = run("verify", "--data-dir", dir.toString());
    assertThat(r.status()).isEqualTo(3);
    assertThat(r.err()).contains("no Vigil database in " + dir);
    assertThat(Files.exists(dir.resolve("postgres"))).as("the check creates nothing").isFalse();
  }

  @Test
  void theRunningServersPortIsTheFourthLineOfPostmasterPid() throws Exception {
    Files.writeString(dir.resolve("postmaster.pid"), "4242\n/data/postgres\n1763770000\n54321\n/tmp\nlocalhost\n");
    assertThat(AuditCli.runningPort(dir)).contains(54321);
    Files.writeString(dir.resolve("postmaster.pid"), "4242\n");
    assertThat(AuditCli.runningPort(dir)).isEmpty();
    Files.delete(dir.resolve("postmaster.pid"));
    assertThat(AuditCli.runningPort(dir)).isEmpty();
  }
}
