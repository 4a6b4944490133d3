package org.vigil.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Where PostgreSQL spends its time per statement ({@code pg_stat_statements}), for a server started with
 * {@code --vigil.db.statement-stats=true}: reset before the measured phase, the top statements by total execution
 * time after it, per reading.
 */
final class StatementStats {
  private StatementStats() {}

  static void reset(Path dataDir, String dbUrl) throws IOException, SQLException {
    try (Connection c = Setup.database(dataDir, dbUrl); Statement s = c.createStatement()) {
      s.execute("create extension if not exists pg_stat_statements");
      s.execute("select pg_stat_statements_reset()");
    }
  }

  /** The top {@code n} statements since the reset, as a markdown table with µs and calls per reading. */
  static String report(Path dataDir, String dbUrl, long readings, int n) throws IOException, SQLException {
    StringBuilder b = new StringBuilder();
    try (Connection c = Setup.database(dataDir, dbUrl); Statement s = c.createStatement();
        ResultSet total = s.executeQuery("select coalesce(sum(total_exec_time), 0), coalesce(sum(calls), 0)"
            + " from pg_stat_statements")) {
      total.next();
      double totalMs = total.getDouble(1);
      long calls = total.getLong(2);
      b.append(String.format(Locale.ROOT, "PostgreSQL statements in the measured phase (`pg_stat_statements`):"
          + " %,d calls = %.1f per reading, %.0f µs of execution per reading. Top %d by total time:%n%n",
          calls, (double) calls / readings, totalMs * 1000 / readings, n));
      b.append("| statement | calls per 1,000 readings | µs per reading | share | rows per call |\n");
      b.append("|---|---|---|---|---|\n");
      try (ResultSet rs = s.executeQuery("select query, calls, total_exec_time, rows from pg_stat_statements"
          + " order by total_exec_time desc limit " + n)) {
        while (rs.next()) {
          String q = rs.getString(1).replaceAll("\\s+", " ").strip();
          if (q.length() > 90) {
            q = q.substring(0, 87) + "...";
          }
          long qc = rs.getLong(2);
          b.append(String.format(Locale.ROOT, "| `%s` | %,.1f | %.1f | %.0f %% | %.1f |%n", q.replace("|", "\\|"),
              qc * 1000.0 / readings, rs.getDouble(3) * 1000 / readings, 100 * rs.getDouble(3) / totalMs,
              qc == 0 ? 0 : (double) rs.getLong(4) / qc));
        }
      }
    }
    return b.append('\n').toString();
  }
}
