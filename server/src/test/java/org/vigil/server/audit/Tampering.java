package org.vigil.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Tampering with the audit table the way a superuser could: with the append-only triggers switched off for the
 * session ({@code session_replication_role = replica}). Every tampering is undone after its check, because the
 * chain is shared by every test in the JVM.
 */
final class Tampering {
  private Tampering() {}

  /** Runs one statement with the append-only triggers off. */
  static void asSuperuser(DataSource ds, String sql, Object... params) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("set local session_replication_role = replica");
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        ps.executeUpdate();
      }
      c.commit();
    }
  }

  /** A check that may touch the database. */
  interface Check {
    void run() throws Exception;
  }

  /** Tampers with the rows {@code seqs} by {@code sql}, runs the check, then puts the rows back as they were. */
  static void tampered(DataSource ds, List<Long> seqs, String sql, Object[] params, Check check) throws Exception {
    String backup = "audit_backup_" + Long.toString(System.nanoTime(), 36);
    String in = String.join(",", seqs.stream().map(s -> Long.toString(s)).toList());
    asSuperuser(ds, "create table " + backup + " as select * from audit_event where seq in (" + in + ")");
    try {
      asSuperuser(ds, sql, params);
      check.run();
    } finally {
      asSuperuser(ds, "delete from audit_event where seq in (" + in + ")");
      asSuperuser(ds, "insert into audit_event select * from " + backup);
      asSuperuser(ds, "drop table " + backup);
    }
    assertThat(AuditVerifier.verify(ds, Optional.empty())).as("the chain after undoing the tampering")
        .isInstanceOf(AuditVerifier.Ok.class);
  }
}
