package org.vigil.server.fhir;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.vigil.server.patients.Page;

/** Reads of stored observations for FHIR read and search. */
@Repository
public class ObservationRepository {
  private final JdbcClient jdbc;

  private final org.vigil.server.security.AccessPolicy access;

  public ObservationRepository(JdbcClient jdbc, org.vigil.server.security.AccessPolicy access) {
    this.jdbc = jdbc;
    this.access = access;
  }

  /** A stored observation with its canonical values. */
  public record Row(
      long id, String patientId, String code, OffsetDateTime effective, String setting, String source,
      String identifierSystem, String identifierValue, String resourceJson, Instant receivedAt,
      List<Value> values) {}

  /** One canonical value: analyte, the LOINC code it came as, value and unit. */
  public record Value(String analyte, String code, double value, String unit) {}

  /** The search criteria; null or empty means "any". */
  public record Query(
      String patientId, List<String> codes, List<String> componentCodes, Instant from, Instant to) {}

  public Optional<Row> find(long id) {
    List<Row> rows = load("o.id = ?", List.of(id));
    return rows.stream().findFirst();
  }

  public Page<Row> search(Query q, int offset, int count) {
    StringBuilder where = new StringBuilder("true");
    List<Object> params = new ArrayList<>();
    if (q.patientId() != null) {
      where.append(" and o.patient_id = ?");
      params.add(q.patientId());
    }
    // Only the members the caller may see (ADR 0014), so pages and totals are the caller's.
    access.current().ifPresent(a -> {
      var scope = a.scope("o.patient_id");
      where.append(" and ").append(scope.sql());
      params.addAll(scope.params());
    });
    if (q.codes() != null && !q.codes().isEmpty()) {
      where.append(" and o.code = any(?)");
      params.add(q.codes().toArray(String[]::new));
    }
    if (q.componentCodes() != null && !q.componentCodes().isEmpty()) {
      where.append(" and exists (select 1 from reading r2 where r2.observation_id = o.id and r2.code = any(?))");
      params.add(q.componentCodes().toArray(String[]::new));
    }
    if (q.from() != null) {
      where.append(" and o.effective_at >= ?");
      params.add(OffsetDateTime.ofInstant(q.from(), ZoneOffset.UTC));
    }
    if (q.to() != null) {
      where.append(" and o.effective_at <= ?");
      params.add(OffsetDateTime.ofInstant(q.to(), ZoneOffset.UTC));
    }
    int total = jdbc.sql("select count(*) from observation o where " + where).params(params)
        .query(Integer.class).single();
    List<Object> pageParams = new ArrayList<>(params);
    pageParams.add(count);
    pageParams.add(offset);
    List<Row> rows = load("o.id in (select o.id from observation o where " + where
        + " order by o.effective_at, o.id limit ? offset ?)", pageParams);
    return new Page<>(rows, total);
  }

  private List<Row> load(String where, List<Object> params) {
    Map<Long, Row> rows = new LinkedHashMap<>();
    jdbc.sql("""
            select o.id, o.patient_id, o.code, o.effective_at, o.effective_offset, o.setting, o.source,
                   o.identifier_system, o.identifier_value, o.resource::text, o.received_at,
                   r.analyte, r.code as rcode, r.value, r.unit
            from observation o left join reading r on r.observation_id = o.id
            where %s
            order by o.effective_at, o.id, r.analyte""".formatted(where))
        .params(params)
        .query((rs, n) -> {
          long id = rs.getLong(1);
          Row row = rows.get(id);
          if (row == null) {
            ZoneOffset off = ZoneOffset.ofTotalSeconds(rs.getInt(5));
            row = new Row(id, rs.getString(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant().atOffset(off), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getObject(11, OffsetDateTime.class).toInstant(), new ArrayList<>());
            rows.put(id, row);
          }
          if (rs.getString(12) != null) {
            row.values().add(new Value(rs.getString(12), rs.getString(13), rs.getDouble(14), rs.getString(15)));
          }
          return id;
        })
        .list();
    return List.copyOf(rows.values());
  }
}
