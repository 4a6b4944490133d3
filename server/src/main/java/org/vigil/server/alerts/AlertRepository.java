package org.vigil.server.alerts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** SQL for alerts, their events and the messages they send members. Callers hold the transaction. */
@Repository
public class AlertRepository {
  private static final String COLUMNS = """
      a.id, a.patient_id, a.condition, a.family, a.rule_id, a.level, a.severity, a.status, a.profile_id,
      a.knowledge_version, a.body::text, a.opened_at, a.updated_at, a.acknowledged_at, a.acknowledged_by,
      a.resolved_at, a.resolved_by, a.resolution, a.snoozed_until, a.snooze_reason, a.escalate_at,
      a.escalated_at, a.escalated_to""";

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final org.springframework.jdbc.core.JdbcTemplate batch;
  /**
   * Parsed alert bodies by their stored JSON. A body is rewritten only when an alert worsens, so the same text comes
   * back on every worklist and member page; parsing it was a third of the worklist page's CPU (docs/benchmarks.md).
   * Keyed by the text itself, so a changed body is a new entry and a stale one is never served.
   */
  private final Cache<String, AlertBody> bodies = Caffeine.newBuilder().maximumSize(20_000).build();

  public AlertRepository(JdbcClient jdbc, JsonMapper json, org.springframework.jdbc.core.JdbcTemplate batch) {
    this.batch = batch;
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The unresolved alert of a member's rule family, if any. */
  public record OpenAlert(long id, String level, int severityRank, String status, Instant escalateAt) {}

  /** A member's rule family: the key of "one unresolved alert per member and family". */
  public record FamilyKey(String patientId, String family) {}

  /** The unresolved alerts of several members' families, in one query (the ingest batch's findings). */
  public Map<FamilyKey, OpenAlert> findOpen(Collection<FamilyKey> keys) {
    Map<FamilyKey, OpenAlert> out = new HashMap<>();
    if (keys.isEmpty()) {
      return out;
    }
    jdbc.sql("""
            select a.id, a.level, a.severity_rank, a.status, a.escalate_at, a.patient_id, a.family from alert a
            where a.status <> 'resolved'
              and (a.patient_id, a.family) in (select * from unnest(?::text[], ?::text[]))""")
        .params(keys.stream().map(FamilyKey::patientId).toArray(String[]::new),
            keys.stream().map(FamilyKey::family).toArray(String[]::new))
        .query((rs, n) -> out.put(new FamilyKey(rs.getString(6), rs.getString(7)), new OpenAlert(rs.getLong(1),
            rs.getString(2), rs.getInt(3), rs.getString(4), instant(rs, 5))))
        .list();
    return out;
  }

  /** The fields a finding writes. */
  public record AlertWrite(
      String patientId, String condition, String family, String ruleId, String level, String severity,
      int severityRank, String profileId, String knowledgeVersion, AlertBody body) {}

  public long insert(AlertWrite w, Instant now, Instant escalateAt) {
    return jdbc.sql("""
            insert into alert (patient_id, condition, family, rule_id, level, severity, severity_rank, status,
                profile_id, knowledge_version, body, opened_at, updated_at, escalate_at)
            values (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, cast(? as jsonb), ?, ?, ?)
            returning id""")
        .params(w.patientId(), w.condition(), w.family(), w.ruleId(), w.level(), w.severity(), w.severityRank(),
            w.profileId(), w.knowledgeVersion(), json.writeValueAsString(w.body()), ts(now), ts(now), ts(escalateAt))
        .query(Long.class)
        .single();
  }

  /**
   * New evidence for an unresolved alert. When it is more severe the alert goes back to open, any snooze ends and
   * the escalation clock starts if the new severity has one.
   */
  public record Update(long id, AlertWrite write, boolean worse, Instant escalateAt) {}

  /** Runs updates as one JDBC batch (one round trip), in order; each as one statement. */
  public void updateAll(List<Update> updates, Instant now) {
    if (updates.isEmpty()) {
      return;
    }
    batch.batchUpdate("""
            update alert set rule_id = ?, level = ?, severity = ?, severity_rank = ?, profile_id = ?,
                knowledge_version = ?, body = cast(? as jsonb), updated_at = ?,
                status = case when ? then 'open' else status end,
                snoozed_until = case when ? then null else snoozed_until end,
                escalate_at = case when ? then ? else escalate_at end
            where id = ?""", updates, updates.size(), (ps, u) -> {
          AlertWrite w = u.write();
          ps.setString(1, w.ruleId());
          ps.setString(2, w.level());
          ps.setString(3, w.severity());
          ps.setInt(4, w.severityRank());
          ps.setString(5, w.profileId());
          ps.setString(6, w.knowledgeVersion());
          ps.setString(7, json.writeValueAsString(w.body()));
          ps.setObject(8, ts(now));
          ps.setBoolean(9, u.worse());
          ps.setBoolean(10, u.worse());
          ps.setBoolean(11, u.worse());
          ps.setObject(12, ts(u.escalateAt()), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
          ps.setLong(13, u.id());
        });
  }

  /** An entry of an alert's history, written in a batch. */
  public record Event(long alertId, Instant at, String actor, String action, String detailJson) {}

  /** Writes events as one JDBC batch, in order. */
  public void eventAll(List<Event> events) {
    if (events.isEmpty()) {
      return;
    }
    batch.batchUpdate("insert into alert_event (alert_id, at, actor, action, detail) values (?, ?, ?, ?, cast(? as jsonb))",
        events, events.size(), (ps, e) -> {
          ps.setLong(1, e.alertId());
          ps.setObject(2, ts(e.at()));
          ps.setString(3, e.actor());
          ps.setString(4, e.action());
          ps.setString(5, e.detailJson());
        });
  }

  public void acknowledge(long id, String actor, Instant now) {
    jdbc.sql("update alert set status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?, updated_at = ?,"
            + " escalate_at = null where id = ?")
        .params(ts(now), actor, ts(now), id).update();
  }

  public void resolve(long id, String actor, String resolution, Instant now) {
    jdbc.sql("update alert set status = 'resolved', resolved_at = ?, resolved_by = ?, resolution = ?,"
            + " updated_at = ?, escalate_at = null where id = ?")
        .params(ts(now), actor, resolution, ts(now), id).update();
  }

  public void snooze(long id, Instant until, String reason, Instant now) {
    jdbc.sql("update alert set snoozed_until = ?, snooze_reason = ?, updated_at = ? where id = ?")
        .params(ts(until), reason, ts(now), id).update();
  }

  /** Hands one alert to a doctor now (a person decided to). */
  public void escalate(long id, String to, Instant now) {
    jdbc.sql("update alert set status = 'escalated', escalated_at = ?, escalated_to = ?, updated_at = ?,"
            + " escalate_at = null where id = ?")
        .params(ts(now), to, ts(now), id).update();
  }

  /** Escalates every open alert whose acknowledgement time has passed; returns their ids. */
  public List<Long> escalateDue(Instant now, String to) {
    return jdbc.sql("""
            update alert set status = 'escalated', escalated_at = ?, escalated_to = ?, updated_at = ?,
                escalate_at = null
            where status = 'open' and escalate_at is not null and escalate_at <= ?
            returning id""")
        .params(ts(now), to, ts(now), ts(now))
        .query(Long.class)
        .list();
  }

  public void event(long alertId, Instant at, String actor, String action, String detailJson) {
    jdbc.sql("insert into alert_event (alert_id, at, actor, action, detail) values (?, ?, ?, ?, cast(? as jsonb))")
        .params(alertId, ts(at), actor, action, detailJson)
        .update();
  }

  public List<AlertEvent> events(long alertId) {
    return jdbc.sql("select alert_id, at, actor, action, detail::text from alert_event where alert_id = ? order by id")
        .param(alertId)
        .query((rs, n) -> new AlertEvent(rs.getLong(1), instant(rs, 2), rs.getString(3), rs.getString(4),
            rs.getString(5)))
        .list();
  }

  public void message(String patientId, long alertId, String kind, String body, Instant now) {
    jdbc.sql("insert into member_message (patient_id, alert_id, kind, body, created_at) values (?, ?, ?, ?, ?)")
        .params(patientId, alertId, kind, body, ts(now)).update();
  }

  public String tierOf(String patientId) {
    return jdbc.sql("select tier from patient where id = ?").param(patientId).query(String.class).optional()
        .orElse("professional");
  }

  public Optional<AlertView> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from alert a where a.id = ?").param(id).query(this::view).optional();
  }

  public Optional<AlertView> findForUpdate(long id) {
    return jdbc.sql("select " + COLUMNS + " from alert a where a.id = ? for update").param(id).query(this::view)
        .optional();
  }

  public List<AlertView> list(String patientId, List<String> statuses, int limit, int offset,
      org.vigil.server.security.Access.Scope scope) {
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from alert a where a.status = any(?)");
    List<Object> params = new ArrayList<>();
    params.add(statuses.toArray(String[]::new));
    if (scope != null) {
      sql.append(" and ").append(scope.sql());
      params.addAll(scope.params());
    }
    if (patientId != null) {
      sql.append(" and a.patient_id = ?");
      params.add(patientId);
    }
    sql.append(" order by a.severity_rank desc, a.opened_at, a.id limit ? offset ?");
    params.add(limit);
    params.add(offset);
    return jdbc.sql(sql.toString()).params(params).query(this::view).list();
  }

  public int count(String patientId, List<String> statuses) {
    return patientId == null
        ? jdbc.sql("select count(*) from alert where status = any(?)").param(statuses.toArray(String[]::new))
            .query(Integer.class).single()
        : jdbc.sql("select count(*) from alert where status = any(?) and patient_id = ?")
            .params(statuses.toArray(String[]::new), patientId).query(Integer.class).single();
  }

  /**
   * The unresolved alerts of several members (a worklist page), most severe and oldest first; snoozed ones hidden
   * until their time unless {@code includeSnoozed}; optionally of one condition and at least a severity rank.
   */
  public List<AlertView> ofMembers(List<String> patientIds, List<String> statuses, boolean includeSnoozed,
      Instant now, String condition, int minRank) {
    return jdbc.sql("select " + COLUMNS + """
             from alert a where a.patient_id = any(?) and a.status = any(?)
              and (? or a.snoozed_until is null or a.snoozed_until <= ?)
              and (cast(? as text) is null or a.condition = ?) and a.severity_rank >= ?
            order by a.patient_id, a.severity_rank desc, a.opened_at, a.id""")
        .params(patientIds.toArray(String[]::new), statuses.toArray(String[]::new), includeSnoozed, ts(now),
            condition, condition, minRank)
        .query(this::view).list();
  }

  private AlertView view(ResultSet rs, int n) throws SQLException {
    AlertBody body = bodies.get(rs.getString(11), text -> json.readValue(text, AlertBody.class));
    return new AlertView(
        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
        body.levelLabel(), rs.getString(7), rs.getString(8), body.pending(), body.category(), rs.getString(9),
        rs.getString(10), body.citation(), body.supportingCitations(), body.evidence(), body.thresholds(),
        body.differentials(), body.recommendedAction(), body.explanation(), body.memberAdvice(), instant(rs, 12),
        instant(rs, 13), instant(rs, 14), rs.getString(15), instant(rs, 19), rs.getString(20), instant(rs, 21),
        instant(rs, 22), rs.getString(23), instant(rs, 16), rs.getString(17), rs.getString(18));
  }

  private static Instant instant(ResultSet rs, int col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Instant instant(ResultSet rs, String col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime ts(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
