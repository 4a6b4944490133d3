package org.vigil.server.audit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * {@code ./vigil audit verify}: checks the audit chain of a Vigil database without starting Vigil. With
 * {@code --data-dir} (default {@code ~/.vigil}, like {@code ./vigil serve}) it connects to the embedded PostgreSQL
 * of a running server — the port is in {@code <data-dir>/postgres/postmaster.pid} — or, when no server runs, starts
 * that PostgreSQL just for the check. With {@code --db-url} it connects to an external database. Prints the verdict
 * on standard output (and the head to anchor on a second line) and exits 0 when the chain holds, 1 when it is
 * broken, 2 on a usage error and 3 when the check could not be made. Read-only: it never migrates or writes.
 */
public final class AuditCli {
  static final int OK = 0;
  static final int BROKEN = 1;
  static final int USAGE = 2;
  static final int CANNOT_CHECK = 3;

  private static final String USAGE_TEXT = """
      Usage: ./vigil audit verify [--data-dir D | --db-url URL [--db-user U] [--db-password P]] [--anchor SEQ:HASH]

      Checks the tamper-evident audit log and names the first broken entry.
        --data-dir D     the data directory of ./vigil serve (default ~/.vigil); a running server's database is
                         used as it is, otherwise its PostgreSQL is started for the check
        --db-url URL     an external PostgreSQL (jdbc:postgresql://host:5432/db)
        --db-user U      user for --db-url (default postgres)
        --db-password P  password for --db-url
        --anchor SEQ:HASH  a head printed by an earlier check: entry SEQ must still have this hash (catches a chain
                         cut short or rewritten from the start)
      Exit status: 0 chain OK, 1 chain broken, 2 usage error, 3 the check could not be made.
      """;

  private AuditCli() {}

  public static void main(String[] args) {
    logToStandardError();
    System.exit(run(args, System.out, System.err));
  }

  /** The command without exiting, for tests: the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = Options.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      err.println("vigil audit: " + e.getMessage());
      err.print(USAGE_TEXT);
      return USAGE;
    }
    if (o.help()) {
      out.print(USAGE_TEXT);
      return OK;
    }
    try {
      return o.dbUrl() != null ? verifyExternal(o, out, err) : verifyDataDir(o, out, err);
    } catch (SQLException e) {
      err.println("vigil audit: cannot check the audit log: " + e.getMessage()
          + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")"));
      return CANNOT_CHECK;
    }
  }

  private static int verifyExternal(Options o, PrintStream out, PrintStream err) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", o.dbUser() == null ? "postgres" : o.dbUser());
    if (o.dbPassword() != null) {
      p.setProperty("password", o.dbPassword());
    }
    try (Connection c = connect(o.dbUrl(), p)) {
      return verify(c, o, out, err);
    }
  }

  private static int verifyDataDir(Options o, PrintStream out, PrintStream err) throws SQLException {
    Path pgDir = o.dataDir().resolve("postgres");
    if (!Files.isRegularFile(pgDir.resolve("PG_VERSION"))) {
      err.println("vigil audit: no Vigil database in " + o.dataDir() + " (nothing at " + pgDir + ")");
      return CANNOT_CHECK;
    }
    Optional<Integer> port = runningPort(pgDir);
    if (port.isPresent()) {
      try (Connection c = connect("jdbc:postgresql://localhost:" + port.get() + "/postgres", postgres())) {
        err.println("vigil audit: using the running database on port " + port.get());
        return verify(c, o, out, err);
      } catch (SQLException e) {
        // A stale postmaster.pid (PostgreSQL was killed): start it ourselves below.
        if (!"08001".equals(e.getSQLState()) && !"08004".equals(e.getSQLState())) {
          throw e;
        }
      }
    }
    EmbeddedPostgres pg;
    try {
      pg = EmbeddedPostgres.builder().setDataDirectory(pgDir).setCleanDataDirectory(false).start();
    } catch (IOException | RuntimeException e) {
      err.println("vigil audit: cannot start the PostgreSQL in " + pgDir + ": " + e.getMessage());
      return CANNOT_CHECK;
    }
    try (pg; Connection c = connect("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", postgres())) {
      return verify(c, o, out, err);
    } catch (IOException e) {
      err.println("vigil audit: the check is done but PostgreSQL did not stop cleanly: " + e.getMessage());
      return CANNOT_CHECK;
    }
  }

  /** The embedded PostgreSQL's superuser, as DatabaseConfig connects (trust authentication on localhost). */
  private static Properties postgres() {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    return p;
  }

  /** The PostgreSQL driver directly: no DriverManager look-up through the launcher's class loaders. */
  private static Connection connect(String url, Properties p) throws SQLException {
    Connection c = new org.postgresql.Driver().connect(url, p);
    if (c == null) {
      throw new SQLException("not a PostgreSQL JDBC URL: " + url);
    }
    return c;
  }

  /** The port in a running PostgreSQL's postmaster.pid (its fourth line), when there is one. */
  static Optional<Integer> runningPort(Path pgDir) {
    Path pid = pgDir.resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pid);
      return lines.size() >= 4 ? Optional.of(Integer.parseInt(lines.get(3).trim())) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int verify(Connection c, Options o, PrintStream out, PrintStream err) throws SQLException {
    if (!hasAuditTable(c)) {
      if (migratedPastAudit(c)) {
        out.println("audit chain BROKEN: the audit_event table is gone");
        return BROKEN;
      }
      err.println("vigil audit: this database has no audit log (not a Vigil database, or its schema predates"
          + " the audit log: start the server once to migrate it)");
      return CANNOT_CHECK;
    }
    AuditVerifier.Result r = AuditVerifier.verify(c, Optional.ofNullable(o.anchor()));
    out.println(r.summary());
    return switch (r) {
      case AuditVerifier.Ok ok -> {
        if (ok.entries() > 0) {
          out.println("head " + ok.head());
        }
        yield OK;
      }
      case AuditVerifier.Broken b -> {
        err.println("vigil audit: entry " + b.seq() + ": " + b.why());
        yield BROKEN;
      }
    };
  }

  private static boolean hasAuditTable(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select to_regclass('audit_event') is not null")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  private static boolean migratedPastAudit(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select to_regclass('flyway_schema_history') is not null")) {
      if (!rs.next() || !rs.getBoolean(1)) {
        return false;
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select exists (select 1 from flyway_schema_history where success"
            + " and version is not null and string_to_array(version, '.')::int[] >= array[6])")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /** Standard output carries the verdict only: library logs (warnings and worse) go to standard error. */
  private static void logToStandardError() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    ctx.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern("%-5level %logger{24} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(ctx);
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(console);
  }

  /** The parsed command line. */
  record Options(boolean help, Path dataDir, String dbUrl, String dbUser, String dbPassword,
      AuditVerifier.Anchor anchor) {
    static Options parse(List<String> args) {
      if (args.isEmpty()) {
        throw new IllegalArgumentException("a subcommand is needed: verify");
      }
      String sub = args.getFirst();
      if (sub.equals("help") || sub.equals("--help") || sub.equals("-h")) {
        return new Options(true, null, null, null, null, null);
      }
      if (!sub.equals("verify")) {
        throw new IllegalArgumentException("unknown subcommand '" + sub + "' (the subcommand is verify)");
      }
      Path dataDir = null;
      String url = null;
      String user = null;
      String password = null;
      AuditVerifier.Anchor anchor = null;
      for (int i = 1; i < args.size(); i++) {
        String a = args.get(i);
        if (a.equals("--help") || a.equals("-h")) {
          return new Options(true, null, null, null, null, null);
        }
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(
              a.startsWith("--") ? a + " needs a value" : "unknown argument '" + a + "'");
        }
        String v = args.get(++i);
        switch (a) {
          case "--data-dir" -> dataDir = Path.of(v);
          case "--db-url" -> url = v;
          case "--db-user" -> user = v;
          case "--db-password" -> password = v;
          case "--anchor" -> anchor = AuditVerifier.Anchor.parse(v);
          default -> throw new IllegalArgumentException("unknown option '" + a + "'");
        }
      }
      if (url != null && dataDir != null) {
        throw new IllegalArgumentException("give --data-dir or --db-url, not both");
      }
      if (url == null && (user != null || password != null)) {
        throw new IllegalArgumentException("--db-user and --db-password go with --db-url");
      }
      if (url != null && !url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("--db-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db)");
      }
      if (url == null && dataDir == null) {
        dataDir = Path.of(System.getProperty("user.home"), ".vigil");
      }
      return new Options(false, dataDir, url, user, password, anchor);
    }
  }
}
