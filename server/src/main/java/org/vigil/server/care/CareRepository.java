package org.vigil.server.care;

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

/** SQL for contacts, notes, follow-ups, reviews and the member timeline. Callers hold the transaction. */
@Repository
public class CareRepository {
  private static final String FOLLOW_UP = "select id, patient_id, alert_id, due_at, reason, status, created_by,"
      + " created_at, done_at, done_by, outcome from follow_up";
  private static final String REVIEW = "select r.id, r.alert_id, a.patient_id, r.reviewer,"
      + " coalesce(u.display_name, r.reviewer), r.decision, r.reason, r.at, a.body ->> 'levelLabel'"
      + " from alert_review r join alert a on a.id = r.alert_id left join app_user u on u.id = r.reviewer";

  private final JdbcClient jdbc;
  private final PatientDirectory directory;

  public CareRepository(JdbcClient jdbc, PatientDirectory directory) {
    this.jdbc = jdbc;
    this.directory = directory;
  }

  public Care.Contact insertContact(String patientId, Long alertId, Instant at, String by, String channel,
      String outcome, String note) {
    long id = jdbc.sql("insert into contact_attempt (patient_id, alert_id, at, by_user, channel, outcome, note)"
            + " values (?, ?, ?, ?, ?, ?, ?) returning id")
        .params(patientId, alertId, ts(at), by, channel, outcome, note).query(Long.class).single();
    return new Care.Contact(id, patientId, alertId, at, by, channel, outcome, note);
  }

  public List<Care.Contact> contacts(String patientId) {
    return jdbc.sql("select id, patient_id, alert_id, at, by_user, channel, outcome, note from contact_attempt"
            + " where patient_id = ? order by at desc, id desc")
        .param(patientId)
        .query((rs, n) -> new Care.Contact(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3), instant(rs, 4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
        .list();
  }

  public Care.Note insertNote(String patientId, Long alertId, Instant at, String by, String text) {
    long id = jdbc.sql("insert into care_note (patient_id, alert_id, at, by_user, text) values (?, ?, ?, ?, ?)"
            + " returning id")
        .params(patientId, alertId, ts(at), by, text).query(Long.class).single();
    return new Care.Note(id, patientId, alertId, at, by, text);
  }

  public List<Care.Note> notes(String patientId) {
    return jdbc.sql("select id, patient_id, alert_id, at, by_user, text from care_note where patient_id = ?"
            + " order by at desc, id desc")
        .param(patientId)
        .query((rs, n) -> new Care.Note(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3), instant(rs, 4),
            rs.getString(5), rs.getString(6)))
        .list();
  }

  public Care.FollowUp insertFollowUp(String patientId, Long alertId, Instant dueAt, String reason, String by,
      Instant now) {
    long id = jdbc.sql("insert into follow_up (patient_id, alert_id, due_at, reason, created_by, created_at)"
            + " values (?, ?, ?, ?, ?, ?) returning id")
        .params(patientId, alertId, ts(dueAt), reason, by, ts(now)).query(Long.class).single();
    return followUp(id).orElseThrow();
  }

  public Optional<Care.FollowUp> followUp(long id) {
    return jdbc.sql(FOLLOW_UP + " where id = ?").param(id).query(this::mapFollowUp).optional();
  }

  public Optional<Care.FollowUp> followUpForUpdate(long id) {
    return jdbc.sql(FOLLOW_UP + " where id = ? for update").param(id).query(this::mapFollowUp).optional();
  }

  public List<Care.FollowUp> followUps(String patientId, boolean openOnly) {
    return jdbc.sql(FOLLOW_UP + " where patient_id = ? and (not ? or status = 'open') order by due_at, id")
        .params(patientId, openOnly).query(this::mapFollowUp).list();
  }

  /** Open follow-ups of several members (the worklist page's members). */
  public List<Care.FollowUp> openFollowUps(List<String> patientIds, Instant dueBy) {
    return jdbc.sql(FOLLOW_UP + " where patient_id = any(?) and status = 'open' and due_at <= ? order by due_at, id")
        .params(patientIds.toArray(String[]::new), ts(dueBy)).query(this::mapFollowUp).list();
  }

  public void closeFollowUp(long id, String status, String by, String outcome, Instant now) {
    jdbc.sql("update follow_up set status = ?, done_at = ?, done_by = ?, outcome = ? where id = ?")
        .params(status, ts(now), by, outcome, id).update();
  }

  public Care.Review insertReview(long alertId, String reviewer, String decision, String reason, Instant at) {
    long id = jdbc.sql("insert into alert_review (alert_id, reviewer, decision, reason, at) values (?, ?, ?, ?, ?)"
            + " returning id")
        .params(alertId, reviewer, decision, reason, ts(at)).query(Long.class).single();
    return jdbc.sql(REVIEW + " where r.id = ?").param(id).query(this::mapReview).single();
  }

  public List<Care.Review> reviewsOfAlert(long alertId) {
    return jdbc.sql(REVIEW + " where r.alert_id = ? order by r.at, r.id").param(alertId).query(this::mapReview).list();
  }

  /** Doctors' decisions on members' alerts since a time, newest first; of one manager's panel when given. */
  public List<Care.Review> reviews(List<String> patientIds, String managerId, Instant since, int limit) {
    return jdbc.sql(REVIEW + " " + """
             where r.at >= ? and (cast(? as text[]) is null or a.patient_id = any(?))
               and (cast(? as text) is null or exists (select 1 from panel_assignment pa where pa.patient_id = a.patient_id
                    and pa.to_at is null and pa.manager_id = ?))
             order by r.at desc, r.id desc limit ?""")
        .params(ts(since), patientIds == null ? null : patientIds.toArray(String[]::new),
            patientIds == null ? null : patientIds.toArray(String[]::new), managerId, managerId, limit)
        .query(this::mapReview).list();
  }

  /** The member's service tier, Five-Highs tier (may be null before the first assessment) and phone. */
  public record MemberCare(String serviceTier, String fiveHighsTier, String phone, String name) {}

  public Optional<MemberCare> member(String patientId) {
    return jdbc.sql("select tier, five_highs_tier from patient where id = ?")
        .param(patientId)
        .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
        .optional()
        .map(row -> {
          // Name and phone are sealed (ADR 0013); the directory decrypts them.
          MemberContact c = directory.contact(patientId).orElse(null);
          return new MemberCare(row[0], row[1], c == null ? null : c.phone(), c == null ? "" : c.displayName());
        });
  }

  /** Members' names and phones, decrypted (cached per member version) by the patient directory. */
  public Map<String, MemberContact> people(Collection<String> patientIds) {
    return directory.contacts(patientIds);
  }

  /** Everything that happened to a member except readings, newest first. */
  public List<Care.TimelineEvent> timeline(String patientId, int limit) {
    return jdbc.sql("""
            select * from (
              select e.at, 'alert-' || e.action as kind, e.actor, e.alert_id,
                     coalesce(a.body ->> 'levelLabel', a.level) ||
                       coalesce(' — ' || coalesce(e.detail ->> 'reason', e.detail ->> 'note'), '') as summary
                from alert_event e join alert a on a.id = e.alert_id where a.patient_id = :p
              union all
              select at, 'contact', by_user, alert_id, channel || ': ' || outcome || coalesce(' — ' || note, '')
                from contact_attempt where patient_id = :p
              union all
              select at, 'note', by_user, alert_id, text from care_note where patient_id = :p
              union all
              select created_at, 'follow-up-planned', created_by, alert_id,
                     'due ' || to_char(due_at at time zone 'UTC', 'YYYY-MM-DD') || ': ' || reason
                from follow_up where patient_id = :p
              union all
              select done_at, 'follow-up-' || status, done_by, alert_id, reason || coalesce(' — ' || outcome, '')
                from follow_up where patient_id = :p and done_at is not null
              union all
              select r.at, 'review-' || r.decision, r.reviewer, r.alert_id, r.reason
                from alert_review r join alert a on a.id = r.alert_id where a.patient_id = :p
              union all
              select created_at, 'message-' || kind, 'vigil', alert_id, left(body, 200)
                from member_message where patient_id = :p
              union all
              select from_at, 'assigned', assigned_by, null, 'health manager ' || manager_id || coalesce(' — ' || reason, '')
                from panel_assignment where patient_id = :p
            ) t order by at desc limit :limit""")
        .param("p", patientId).param("limit", limit)
        .query((rs, n) -> new Care.TimelineEvent(instant(rs, 1), rs.getString(2), rs.getString(3),
            (Long) rs.getObject(4), rs.getString(5)))
        .list();
  }

  private Care.FollowUp mapFollowUp(ResultSet rs, int n) throws SQLException {
    return new Care.FollowUp(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3), instant(rs, 4),
        rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8), instant(rs, 9), rs.getString(10),
        rs.getString(11));
  }

  private Care.Review mapReview(ResultSet rs, int n) throws SQLException {
    return new Care.Review(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), instant(rs, 8), rs.getString(9));
  }

  static Instant instant(ResultSet rs, int col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static OffsetDateTime ts(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
