package org.vigil.server.export;

import java.sql.Date;
import java.sql.Timestamp;
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

/**
 * SQL for exports. Only members whose latest research consent is active and within its period are ever read;
 * callers hold the (read-only, repeatable-read) transaction so one export sees one state of the database.
 */
@Repository
public class ExportRepository {
  private final JdbcClient jdbc;
  private final org.vigil.server.patients.PatientVault vault;

  public ExportRepository(JdbcClient jdbc, org.vigil.server.patients.PatientVault vault) {
    this.jdbc = jdbc;
    this.vault = vault;
  }

  /** The tenant's members with an active research consent now, with their diagnoses, in id order. */
  public List<Member> consentingMembers(String tenant, Instant now) {
    record Row(String id, Date birth, String gender, String resource) {}
    // The address (postal code) is sealed with the other identifiers (ADR 0013): opened here, coarsened later.
    List<Row> rows = jdbc.sql("""
            select p.id, p.birth_date, p.gender, p.resource::text, p.tenant, p.pii from patient p
            where p.tenant = :tenant and (
              select c.status = 'active' and (c.period_from is null or c.period_from <= :now)
                  and (c.period_to is null or c.period_to >= :now)
              from consent c where c.patient_id = p.id and c.scope = 'research'
              order by c.recorded_at desc, c.id desc limit 1) is true
            order by p.id""")
        .param("tenant", tenant)
        .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .query((rs, n) -> new Row(rs.getString(1), rs.getDate(2), rs.getString(3),
            rs.getBytes(6) == null ? rs.getString(4)
                : vault.open(rs.getString(1), rs.getString(5), rs.getString(4), rs.getBytes(6))))
        .list();
    Map<String, List<Member.Condition>> conditions = new HashMap<>();
    for (List<Row> batch : batches(rows, 1000)) {
      jdbc.sql("""
              select patient_id, condition, code_system, code, clinical_status, recorded_at from member_condition
              where patient_id = any(?) order by patient_id, recorded_at, id""")
          .param(batch.stream().map(Row::id).toArray(String[]::new))
          .query((rs, n) -> conditions.computeIfAbsent(rs.getString(1), x -> new ArrayList<>())
              .add(new Member.Condition(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                  rs.getTimestamp(6).toInstant())))
          .list();
    }
    return rows.stream().map(r -> new Member(r.id(), Optional.ofNullable(r.birth()).map(Date::toLocalDate),
        Optional.ofNullable(r.gender()), PatientResourceFields.address(r.resource()),
        conditions.getOrDefault(r.id(), List.of()))).toList();
  }

  /** Readings (oldest first) and alerts (by opening) of the given members. */
  public Map<String, Activity> activity(Collection<String> patientIds) {
    String[] ids = patientIds.toArray(String[]::new);
    Map<String, List<Activity.Reading>> readings = new HashMap<>();
    jdbc.sql("""
            select o.patient_id, o.effective_at, o.effective_offset, r.analyte, r.code, r.value, r.unit, o.setting
            from observation o join reading r on r.observation_id = o.id
            where o.patient_id = any(?) order by o.patient_id, o.effective_at, o.id, r.analyte""")
        .param(ids)
        .query((rs, n) -> readings.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(new Activity.Reading(
            OffsetDateTime.ofInstant(rs.getTimestamp(2).toInstant(), ZoneOffset.ofTotalSeconds(rs.getInt(3))),
            rs.getString(4), rs.getString(5), rs.getDouble(6), rs.getString(7), rs.getString(8))))
        .list();
    Map<String, List<Activity.Alert>> alerts = new HashMap<>();
    jdbc.sql("""
            select patient_id, condition, family, rule_id, level, severity, status, opened_at, resolved_at from alert
            where patient_id = any(?) order by patient_id, opened_at, id""")
        .param(ids)
        .query((rs, n) -> alerts.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(new Activity.Alert(
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
            rs.getTimestamp(8).toInstant(), Optional.ofNullable(rs.getTimestamp(9)).map(Timestamp::toInstant))))
        .list();
    Map<String, Activity> out = new HashMap<>();
    for (String id : patientIds) {
      out.put(id, new Activity(readings.getOrDefault(id, List.of()), alerts.getOrDefault(id, List.of())));
    }
    return out;
  }

  static <T> List<List<T>> batches(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      out.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return out;
  }
}
