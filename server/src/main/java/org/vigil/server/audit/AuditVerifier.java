package org.vigil.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Checks the audit chain (docs/adr/0011-tamper-evident-audit.md): walks every entry in {@code seq} order, streaming
 * (a cursor of {@value #FETCH} rows at a time, in one read-only snapshot so concurrent appends do not matter), and
 * stops at the first entry that breaks it. Per entry, in this order: its {@code seq} follows the previous one (a gap
 * means entries were deleted), its stored hash is the hash of its stored values (else it was modified), its
 * previous hash is the hash of the entry before (else entries were inserted, reordered or rewritten with a
 * recomputed hash). With an {@link Anchor} — a head hash published earlier — it also catches a chain cut short or
 * rewritten from the start, which the chain alone cannot show.
 */
public final class AuditVerifier {
  static final int FETCH = 1_000;

  private AuditVerifier() {}

  /** Why an entry breaks the chain. */
  public enum Problem {
    MODIFIED("hash mismatch (entry modified)"),
    DELETED("missing (entry deleted)"),
    INSERTED_OR_REORDERED("previous-hash mismatch (entry inserted, reordered or rewritten)"),
    ANCHOR_MISMATCH("hash differs from the anchored head (chain rewritten)"),
    TRUNCATED("missing (the chain ends before the anchored head: entries deleted from its end)");

    private final String text;

    Problem(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** What the check found. */
  public sealed interface Result {
    /** The one-line verdict the CLI prints. */
    String summary();
  }

  /** The chain holds: {@code entries} entries, the last one being {@code headSeq} with {@code headHash}. */
  public record Ok(long entries, long headSeq, byte[] headHash) implements Result {
    @Override
    public String summary() {
      return "audit chain OK: " + entries + " entries";
    }

    /** The head as {@code seq:hex}, the form {@link Anchor#parse} reads: publish it to anchor the chain. */
    public String head() {
      return headSeq + ":" + AuditHash.hex(headHash);
    }
  }

  /** The chain is broken first at entry {@code seq}; {@code why} adds what was found there. */
  public record Broken(long seq, Problem problem, String why) implements Result {
    @Override
    public String summary() {
      return "audit chain BROKEN at entry " + seq + ": " + problem.text();
    }
  }

  /** A head published earlier ({@code seq:hex}): entry {@code seq} must still exist with this hash. */
  public record Anchor(long seq, byte[] hash) {
    /** Reads {@code seq:hex} as the CLI's {@code --anchor} gives it. */
    public static Anchor parse(String s) {
      int colon = s.indexOf(':');
      if (colon < 1) {
        throw new IllegalArgumentException("an anchor is SEQ:SHA256HEX, e.g. 42:9f86d0...");
      }
      long seq;
      byte[] hash;
      try {
        seq = Long.parseLong(s.substring(0, colon));
        hash = HexFormat.of().parseHex(s.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("an anchor is SEQ:SHA256HEX, e.g. 42:9f86d0...", e);
      }
      if (seq < 1 || hash.length != 32) {
        throw new IllegalArgumentException("an anchor is SEQ:SHA256HEX with SEQ >= 1 and 64 hex digits");
      }
      return new Anchor(seq, hash);
    }
  }

  /** Checks the chain in {@code ds}. */
  public static Result verify(DataSource ds, Optional<Anchor> anchor) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return verify(c, anchor);
    }
  }

  /** Checks the chain over {@code c}, in a read-only repeatable-read transaction it rolls back at the end. */
  public static Result verify(Connection c, Optional<Anchor> anchor) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    int isolation = c.getTransactionIsolation();
    c.setAutoCommit(false); // the PostgreSQL driver streams with a cursor only inside a transaction
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    c.setReadOnly(true);
    try (PreparedStatement ps = c.prepareStatement("select " + AuditRow.COLUMNS + " from audit_event order by seq",
        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      ps.setFetchSize(FETCH);
      try (ResultSet rs = ps.executeQuery()) {
        return walk(rs, anchor.orElse(null));
      }
    } finally {
      c.rollback();
      c.setReadOnly(false);
      c.setTransactionIsolation(isolation);
      c.setAutoCommit(autoCommit);
    }
  }

  private static Result walk(ResultSet rs, Anchor anchor) throws SQLException {
    long expected = 1;
    byte[] prev = AuditHash.genesis();
    while (rs.next()) {
      long seq = rs.getLong(1);
      if (seq != expected) {
        return seq > expected
            ? new Broken(expected, Problem.DELETED, seq == expected + 1 ? "the next entry is " + seq
                : "entries " + expected + " to " + (seq - 1) + " are missing")
            : new Broken(seq, Problem.INSERTED_OR_REORDERED, "the chain starts at 1; this entry's seq is " + seq);
      }
      AuditRow row;
      try {
        row = AuditRow.read(rs);
      } catch (AuditRow.Invalid e) {
        return new Broken(seq, Problem.MODIFIED, e.getMessage());
      }
      byte[] stored = row.hash();
      byte[] storedPrev = row.prevHash() == null ? new byte[0] : row.prevHash();
      if (stored == null || !Arrays.equals(stored, AuditHash.hash(storedPrev, seq, row.entry()))) {
        return new Broken(seq, Problem.MODIFIED, "its stored hash is not the hash of its stored values");
      }
      if (!Arrays.equals(storedPrev, prev)) {
        return new Broken(seq, Problem.INSERTED_OR_REORDERED, seq == 1 ? "the first entry must chain on the genesis"
            : "its previous hash is not the hash of entry " + (seq - 1));
      }
      if (anchor != null && anchor.seq() == seq && !Arrays.equals(anchor.hash(), stored)) {
        return new Broken(seq, Problem.ANCHOR_MISMATCH, "the anchor says " + AuditHash.hex(anchor.hash()));
      }
      prev = stored;
      expected = seq + 1;
    }
    long count = expected - 1;
    if (anchor != null && anchor.seq() > count) {
      return new Broken(count + 1, Problem.TRUNCATED, "the chain ends at entry " + count + ", the anchor is at "
          + anchor.seq());
    }
    return new Ok(count, count, prev);
  }
}
