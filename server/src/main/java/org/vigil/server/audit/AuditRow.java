package org.vigil.server.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stored audit row as read back: its position, the entry and the two hashes. Reading is strict: a row whose
 * values could never have been written (a missing field, a detail that is not an object of strings) is reported
 * as {@link Invalid}, which the verifier counts as a modified entry.
 */
record AuditRow(long seq, AuditEntry entry, byte[] prevHash, byte[] hash) {
  /** The columns {@link #read} expects, in order. */
  static final String COLUMNS =
      "seq, at, actor, role, tenant, patient_id, action, resource, purpose, outcome, detail::text, prev_hash, hash";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Stored values that no {@link AuditEntry} could have produced. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    final long seq;

    Invalid(long seq, String why) {
      super(why);
      this.seq = seq;
    }
  }

  static AuditRow read(ResultSet rs) throws SQLException, Invalid {
    long seq = rs.getLong(1);
    OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
    Map<String, String> detail;
    try {
      detail = detail(rs.getString(11));
    } catch (RuntimeException e) { // not an object of strings, or (impossible for jsonb) not JSON at all
      throw new Invalid(seq, "detail is " + e.getMessage());
    }
    try {
      Instant when = at == null ? null : at.toInstant();
      AuditEntry e = new AuditEntry(when, rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
          rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), detail);
      if (when != null && !e.at().equals(when)) {
        throw new Invalid(seq, "the time has a precision finer than microseconds");
      }
      return new AuditRow(seq, e, rs.getBytes(12), rs.getBytes(13));
    } catch (NullPointerException e) {
      throw new Invalid(seq, "a required field is empty (" + e.getMessage() + ")");
    } catch (IllegalArgumentException e) {
      throw new Invalid(seq, e.getMessage());
    }
  }

  /** The JSON object of strings written by {@link #detailJson}; null stays null. */
  static Map<String, String> detail(String json) {
    if (json == null) {
      return null;
    }
    JsonNode node = JSON.readTree(json);
    if (!node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isString()) {
        throw new IllegalArgumentException("not a string at '" + e.getKey() + "'");
      }
      out.put(e.getKey(), e.getValue().stringValue());
    }
    return out;
  }

  /** The detail as a JSON object of strings (the entry has already removed what PostgreSQL cannot hold). */
  static String detailJson(Map<String, String> detail) {
    if (detail == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(32 + detail.size() * 32).append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : detail.entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      quote(b, e.getKey());
      b.append(':');
      quote(b, e.getValue());
    }
    return b.append('}').toString();
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
