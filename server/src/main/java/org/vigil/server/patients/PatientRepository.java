package org.vigil.server.patients;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for members. Callers hold the transaction. */
@Repository
public class PatientRepository {
  private final JdbcClient jdbc;

  public PatientRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A stored member: the FHIR JSON and its version. */
  public record StoredPatient(String id, int version, String resourceJson, Instant updatedAt) {}

  /** The row to write: searchable columns beside the resource. */
  public record PatientRow(
      String id, String resourceJson, String nameSearch, LocalDate birthDate, String gender,
      List<Identifier> identifiers, String tenant, String tier) {}

  public record Identifier(String system, String value) {}

  public Optional<StoredPatient> find(String id) {
    return jdbc.sql("select id, version, resource::text, updated_at from patient where id = ?")
        .param(id)
        .query((rs, n) -> new StoredPatient(rs.getString(1), rs.getInt(2), rs.getString(3),
            rs.getObject(4, OffsetDateTime.class).toInstant()))
        .optional();
  }

  /** The tenant of a stored member. */
  public Optional<String> tenantOf(String id) {
    return jdbc.sql("select tenant from patient where id = ?").param(id).query(String.class).optional();
  }

  /** Inserts a new member (version 1) or replaces an existing one (version + 1); returns the new version. */
  public int upsert(PatientRow row, Instant now) {
    Integer version = jdbc.sql("""
            insert into patient (id, version, resource, name_search, birth_date, gender, tenant, tier,
                created_at, updated_at)
            values (:id, 1, cast(:resource as jsonb), :name, :birth, :gender, :tenant, :tier, :now, :now)
            on conflict (id) do update set version = patient.version + 1, resource = excluded.resource,
              name_search = excluded.name_search, birth_date = excluded.birth_date, gender = excluded.gender,
              tenant = excluded.tenant, tier = excluded.tier, updated_at = excluded.updated_at
            returning version""")
        .param("id", row.id())
        .param("resource", row.resourceJson())
        .param("name", row.nameSearch())
        .param("birth", row.birthDate() == null ? null : Date.valueOf(row.birthDate()))
        .param("gender", row.gender())
        .param("tenant", row.tenant())
        .param("tier", row.tier())
        .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .query(Integer.class)
        .single();
    jdbc.sql("delete from patient_identifier where patient_id = ?").param(row.id()).update();
    for (Identifier i : row.identifiers()) {
      jdbc.sql("insert into patient_identifier (system, value, patient_id) values (?, ?, ?)")
          .params(i.system(), i.value(), row.id())
          .update();
    }
    return version;
  }

  /** Rewrites the stored JSON (to carry meta.versionId) without changing the version. */
  public void storeResource(String id, String resourceJson) {
    jdbc.sql("update patient set resource = cast(? as jsonb) where id = ?").params(resourceJson, id).update();
  }

  public Optional<String> ownerOf(String system, String value) {
    return jdbc.sql("select patient_id from patient_identifier where system = ? and value = ?")
        .params(system, value)
        .query(String.class)
        .optional();
  }

  /**
   * Locks the named members for the rest of the transaction, in id order (so concurrent batches cannot
   * deadlock), and returns those that exist. {@code FOR NO KEY UPDATE} serializes monitor updates of a member
   * without blocking the foreign-key checks of observation inserts.
   */
  public Set<String> lockExisting(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    List<String> sorted = new ArrayList<>(new TreeSet<>(ids));
    return new TreeSet<>(jdbc.sql(
            "select id from patient where id = any(?) order by id for no key update")
        .param(sorted.toArray(String[]::new))
        .query(String.class)
        .list());
  }

  public Page<StoredPatient> search(String system, String value, String name, int offset, int count) {
    StringBuilder where = new StringBuilder(" where true");
    List<Object> params = new ArrayList<>();
    if (value != null) {
      where.append(" and exists (select 1 from patient_identifier i where i.patient_id = p.id and i.value = ?");
      params.add(value);
      if (system != null) {
        where.append(" and i.system = ?");
        params.add(system);
      }
      where.append(')');
    }
    if (name != null) {
      where.append(" and p.name_search like ? escape '\\'");
      params.add("% " + escapeLike(name.toLowerCase(java.util.Locale.ROOT)) + "%");
    }
    int total = jdbc.sql("select count(*) from patient p" + where).params(params).query(Integer.class).single();
    List<Object> pageParams = new ArrayList<>(params);
    pageParams.add(count);
    pageParams.add(offset);
    List<StoredPatient> items = jdbc.sql("select id, version, resource::text, updated_at from patient p" + where
            + " order by p.id limit ? offset ?")
        .params(pageParams)
        .query((rs, n) -> new StoredPatient(rs.getString(1), rs.getInt(2), rs.getString(3),
            rs.getObject(4, OffsetDateTime.class).toInstant()))
        .list();
    return new Page<>(items, total);
  }

  public int count() {
    return jdbc.sql("select count(*) from patient").query(Integer.class).single();
  }

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
