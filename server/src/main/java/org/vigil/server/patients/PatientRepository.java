package org.vigil.server.patients;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for members. Callers hold the transaction. Direct identifiers are only ever stored sealed ({@code pii}) and
 * searched by keyed hashes ({@code patient_identifier.value_hash}, {@code patient_search_token}); see ADR 0013.
 */
@Repository
public class PatientRepository {
  private static final String COLUMNS = "id, version, tenant, resource::text, pii, updated_at";
  /** A text[] of hex hashes as a bytea[] (hashes travel as hex: the driver has no portable bytea[] binding). */
  private static final String HASHES = "array(select decode(h, 'hex') from unnest(cast(? as text[])) h)";

  private final JdbcClient jdbc;

  private final org.vigil.server.security.AccessPolicy access;

  /** Without a caller's scope (migrations, background work). */
  public PatientRepository(JdbcClient jdbc) {
    this(jdbc, null);
  }

  @org.springframework.beans.factory.annotation.Autowired
  public PatientRepository(JdbcClient jdbc, org.vigil.server.security.AccessPolicy access) {
    this.jdbc = jdbc;
    this.access = access;
  }

  /** A stored member: the resource without its direct identifiers, the sealed identifiers, and the version. */
  public record StoredPatient(String id, int version, String tenant, String restJson, byte[] pii, Instant updatedAt) {}

  /** The row to write: searchable columns and hashes beside the sealed resource. */
  public record PatientRow(
      String id, PatientVault.Sealed sealed, LocalDate birthDate, String gender,
      List<Identifier> identifiers, String tenant, String tier) {}

  /** An identifier as stored: its system in clear, its value as a keyed hash. */
  public record Identifier(String system, byte[] valueHash) {}

  public Optional<StoredPatient> find(String id) {
    return jdbc.sql("select " + COLUMNS + " from patient where id = ?")
        .param(id)
        .query((rs, n) -> stored(rs))
        .optional();
  }

  /** The tenant of a stored member. */
  public Optional<String> tenantOf(String id) {
    return jdbc.sql("select tenant from patient where id = ?").param(id).query(String.class).optional();
  }

  /** Inserts a new member (version 1) or replaces an existing one (version + 1); returns the new version. */
  public int upsert(PatientRow row, Instant now) {
    Integer version = jdbc.sql("""
            insert into patient (id, version, resource, pii, pii_key, birth_date, gender, tenant, tier,
                created_at, updated_at)
            values (:id, 1, cast(:resource as jsonb), :pii, :key, :birth, :gender, :tenant, :tier, :now, :now)
            on conflict (id) do update set version = patient.version + 1, resource = excluded.resource,
              pii = excluded.pii, pii_key = excluded.pii_key, birth_date = excluded.birth_date,
              gender = excluded.gender, tenant = excluded.tenant, tier = excluded.tier, updated_at = excluded.updated_at
            returning version""")
        .param("id", row.id())
        .param("resource", row.sealed().restJson())
        .param("pii", row.sealed().pii())
        .param("key", row.sealed().keyId())
        .param("birth", row.birthDate() == null ? null : Date.valueOf(row.birthDate()))
        .param("gender", row.gender())
        .param("tenant", row.tenant())
        .param("tier", row.tier())
        .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .query(Integer.class)
        .single();
    replaceHashes(row.id(), row.tenant(), row.identifiers(), row.sealed().nameHashes());
    return version;
  }

  /** Replaces a member's identifier hashes and name tokens. */
  void replaceHashes(String id, String tenant, List<Identifier> identifiers, List<byte[]> nameHashes) {
    jdbc.sql("delete from patient_identifier where patient_id = ?").param(id).update();
    for (Identifier i : identifiers) {
      jdbc.sql("insert into patient_identifier (tenant, system, value_hash, patient_id) values (?, ?, ?, ?)")
          .params(tenant, i.system(), i.valueHash(), id)
          .update();
    }
    jdbc.sql("delete from patient_search_token where patient_id = ?").param(id).update();
    if (!nameHashes.isEmpty()) {
      jdbc.sql("""
              insert into patient_search_token (tenant, kind, token_hash, patient_id)
              select ?, ?, decode(h, 'hex'), ? from unnest(cast(? as text[])) h
              on conflict do nothing""")
          .params(tenant, PatientVault.NAME, id, hex(nameHashes))
          .update();
    }
  }

  /** Rewrites the stored resource (to carry meta.versionId) without changing the version. */
  public void storeResource(String id, String restJson) {
    jdbc.sql("update patient set resource = cast(? as jsonb) where id = ?").params(restJson, id).update();
  }

  /** The member holding an identifier whose value hashes (one per tenant) are given. */
  public Optional<String> ownerOf(String system, List<byte[]> valueHashes) {
    return jdbc.sql("select patient_id from patient_identifier where value_hash = any(" + HASHES + ")"
            + " and system = ? order by patient_id limit 1")
        .params(hex(valueHashes), system)
        .query(String.class)
        .optional();
  }

  /** Every tenant that has members (a loose index scan: one probe per tenant, not a scan of all members). */
  public List<String> tenants() {
    return jdbc.sql("""
            with recursive t(tenant) as (
              (select tenant from patient order by tenant limit 1)
              union all
              select (select p.tenant from patient p where p.tenant > t.tenant order by p.tenant limit 1)
              from t where t.tenant is not null)
            select tenant from t where tenant is not null""")
        .query(String.class)
        .list();
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

  /**
   * Members matching every given criterion, by id.
   *
   * @param system the identifier's system, or null for any
   * @param valueHashes the identifier value's hash in each tenant, or null for no identifier criterion
   * @param nameHashes per word of the name searched, its hash in each tenant; a member must have every word
   */
  public Page<StoredPatient> search(String system, List<byte[]> valueHashes, List<List<byte[]>> nameHashes,
      int offset, int count) {
    StringBuilder where = new StringBuilder(" where true");
    List<Object> params = new ArrayList<>();
    if (valueHashes != null) {
      where.append(" and p.id in (select i.patient_id from patient_identifier i where i.value_hash = any(")
          .append(HASHES).append(')');
      params.add(hex(valueHashes));
      if (system != null) {
        where.append(" and i.system = ?");
        params.add(system);
      }
      where.append(')');
    }
    // Only the members the caller may see (ADR 0014), so pages and totals are the caller's.
    if (access != null) {
      access.current().ifPresent(a -> {
        var scope = a.scope("p.id");
        where.append(" and ").append(scope.sql());
        params.addAll(scope.params());
      });
    }
    for (List<byte[]> word : nameHashes) {
      where.append(" and p.id in (select t.patient_id from patient_search_token t where t.kind = '")
          .append(PatientVault.NAME).append("' and t.token_hash = any(").append(HASHES).append("))");
      params.add(hex(word));
    }
    int total = jdbc.sql("select count(*) from patient p" + where).params(params).query(Integer.class).single();
    List<Object> pageParams = new ArrayList<>(params);
    pageParams.add(count);
    pageParams.add(offset);
    List<StoredPatient> items = jdbc.sql("select " + COLUMNS + " from patient p" + where
            + " order by p.id limit ? offset ?")
        .params(pageParams)
        .query((rs, n) -> stored(rs))
        .list();
    return new Page<>(items, total);
  }

  public int count() {
    return jdbc.sql("select count(*) from patient").query(Integer.class).single();
  }

  private static StoredPatient stored(ResultSet rs) throws SQLException {
    return new StoredPatient(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBytes(5),
        rs.getObject(6, OffsetDateTime.class).toInstant());
  }

  static String[] hex(List<byte[]> hashes) {
    HexFormat hex = HexFormat.of();
    return hashes.stream().map(hex::formatHex).toArray(String[]::new);
  }
}
