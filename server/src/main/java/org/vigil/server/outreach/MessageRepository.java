package org.vigil.server.outreach;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.vigil.server.patients.MemberContact;
import org.vigil.server.patients.PatientDirectory;

/** SQL for messages to members and their delivery. Callers hold the transaction. */
@Repository
public class MessageRepository {
  /** The kind of a message a person wrote. */
  public static final String MANAGER_MESSAGE = "manager-message";
  /** Stored reasons are cut to this length. */
  static final int MAX_ERROR = 500;

  private static final String COLUMNS = """
      id, patient_id, alert_id, kind, body, channel, status, recipient, attempts, last_error, created_at, sent_at,
      created_by""";

  private final JdbcClient jdbc;
  private final PatientDirectory directory;

  public MessageRepository(JdbcClient jdbc, PatientDirectory directory) {
    this.jdbc = jdbc;
    this.directory = directory;
  }

  /**
   * Locks up to {@code limit} pending messages, oldest first, that no other transaction holds and that are not
   * {@code waiting} for a retry, with the member's phone and e-mail. Only the message rows are locked, never the
   * member's.
   */
  public List<OutboundMessage> claim(Collection<Long> waiting, int limit) {
    List<OutboundMessage> claimed = jdbc.sql("""
            select m.id, m.patient_id, m.kind, m.body, m.created_at
            from member_message m
            where m.status = 'pending' and m.id <> all(?)
            order by m.id
            limit ?
            for update of m skip locked""")
        .params(waiting.toArray(Long[]::new), limit)
        .query((rs, n) -> new OutboundMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            null, null, instant(rs, 5)))
        .list();
    if (claimed.isEmpty()) {
      return claimed;
    }
    // Phones and e-mail addresses are sealed (ADR 0013): the directory decrypts them, preferred address first.
    Map<String, MemberContact> people = directory.contacts(claimed.stream().map(OutboundMessage::patientId).toList());
    return claimed.stream().map(m -> {
      MemberContact c = people.get(m.patientId());
      return new OutboundMessage(m.messageId(), m.patientId(), m.kind(), m.body(), c == null ? null : c.phone(),
          c == null ? null : c.email(), m.createdAt());
    }).toList();
  }

  public void markSent(long id, String channel, String recipient, Instant at) {
    jdbc.sql("""
            update member_message set status = 'sent', sent_at = ?, channel = ?, recipient = ?,
                attempts = attempts + 1, last_error = null
            where id = ?""")
        .params(ts(at), channel, recipient, id)
        .update();
  }

  /** After a failed attempt: the message's status ({@code pending} while attempts remain) and attempts so far. */
  public record Failure(String status, int attempts) {}

  /** Records a failed attempt; the message fails for good when it was the last allowed or {@code permanent}. */
  public Failure markFailed(long id, String channel, String reason, int maxAttempts, boolean permanent) {
    String error = reason == null ? "unknown" : reason.length() > MAX_ERROR ? reason.substring(0, MAX_ERROR) : reason;
    return jdbc.sql("""
            update member_message set attempts = attempts + 1, last_error = ?, channel = ?,
                status = case when ? or attempts + 1 >= ? then 'failed' else 'pending' end
            where id = ?
            returning status, attempts""")
        .params(error, channel, permanent, maxAttempts, id)
        .query((rs, n) -> new Failure(rs.getString(1), rs.getInt(2)))
        .single();
  }

  /** Writes a message to a member; it waits as {@code pending} for the dispatcher. Returns its id. */
  public long insert(String patientId, Long alertId, String kind, String body, Instant now, String createdBy) {
    return jdbc.sql("""
            insert into member_message (patient_id, alert_id, kind, body, created_at, created_by)
            values (?, ?, ?, ?, ?, ?) returning id""")
        .params(patientId, alertId, kind, body, ts(now), createdBy)
        .query(Long.class)
        .single();
  }

  public Optional<MemberMessage> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from member_message where id = ?").param(id).query(this::message)
        .optional();
  }

  /** A member's messages, newest first. */
  public List<MemberMessage> ofMember(String patientId) {
    return jdbc.sql("select " + COLUMNS + " from member_message where patient_id = ? order by id desc")
        .param(patientId)
        .query(this::message)
        .list();
  }

  /** Every member's messages, newest first, optionally of one status. */
  public List<MemberMessage> outbox(String status, String tenant, int limit, int offset) {
    return jdbc.sql("select " + COLUMNS + """
             from member_message where (cast(? as text) is null or status = ?)
              and (cast(? as text) is null or exists (select 1 from patient p where p.id = patient_id and p.tenant = ?))
            order by id desc limit ? offset ?""")
        .params(status, status, tenant, tenant, limit, offset)
        .query(this::message)
        .list();
  }

  private MemberMessage message(ResultSet rs, int n) throws SQLException {
    return new MemberMessage(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10),
        instant(rs, 11), instant(rs, 12), rs.getString(13));
  }

  private static Instant instant(ResultSet rs, int col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime ts(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
