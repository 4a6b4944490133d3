package org.vigil.server.patients;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Flyway migration 7.1 (ADR 0013): seals the direct identifiers of every member stored before V7 and hashes their
 * name parts and identifier values, between V7 (new columns) and V7.2 (clear columns dropped). A Java migration
 * rather than a step at start-up because it runs exactly once, in order, in one transaction with the schema change:
 * either every member is converted and the clear columns go, or nothing changed. It needs the keys, so the server
 * registers it with Flyway (config/DatabaseConfig).
 */
@Component
public class EncryptIdentifiersMigration implements JavaMigration {
  private static final Logger log = LoggerFactory.getLogger(EncryptIdentifiersMigration.class);
  private static final int BATCH = 500;

  private final PatientVault vault;

  public EncryptIdentifiersMigration(PatientVault vault) {
    this.vault = vault;
  }

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("7.1");
  }

  @Override
  public String getDescription() {
    return "seal identifiers";
  }

  @Override
  public Integer getChecksum() {
    return null;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    int members = sealMembers(c);
    int identifiers = hashIdentifiers(c);
    refuseCollisions(c);
    log.info("Sealed the identifiers of {} member(s) and hashed {} identifier value(s) (ADR 0013)", members,
        identifiers);
  }

  private int sealMembers(Connection c) throws SQLException {
    int done = 0;
    try (PreparedStatement select = c.prepareStatement(
            "select id, tenant, resource::text from patient where pii is null order by id limit " + BATCH);
        PreparedStatement update = c.prepareStatement(
            "update patient set resource = cast(? as jsonb), pii = ?, pii_key = ? where id = ?");
        PreparedStatement token = c.prepareStatement(
            "insert into patient_search_token (tenant, kind, token_hash, patient_id) values (?, ?, ?, ?)"
                + " on conflict do nothing")) {
      while (true) {
        List<String[]> rows = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
          }
        }
        if (rows.isEmpty()) {
          return done;
        }
        for (String[] r : rows) {
          PatientVault.Sealed s = vault.seal(r[0], r[1], r[2]);
          update.setString(1, s.restJson());
          update.setBytes(2, s.pii());
          update.setString(3, s.keyId());
          update.setString(4, r[0]);
          update.addBatch();
          for (byte[] h : s.nameHashes()) {
            token.setString(1, r[1]);
            token.setString(2, PatientVault.NAME);
            token.setBytes(3, h);
            token.setString(4, r[0]);
            token.addBatch();
          }
        }
        update.executeBatch();
        token.executeBatch();
        done += rows.size();
      }
    }
  }

  private int hashIdentifiers(Connection c) throws SQLException {
    int done = 0;
    try (PreparedStatement select = c.prepareStatement("""
            select i.system, i.value, p.tenant from patient_identifier i join patient p on p.id = i.patient_id
            where i.value_hash is null order by i.system, i.value limit %d""".formatted(BATCH * 2));
        PreparedStatement update = c.prepareStatement(
            "update patient_identifier set tenant = ?, value_hash = ? where system = ? and value = ?")) {
      while (true) {
        int n = 0;
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            update.setString(1, rs.getString(3));
            update.setBytes(2, vault.identifierHash(rs.getString(3), rs.getString(2)));
            update.setString(3, rs.getString(1));
            update.setString(4, rs.getString(2));
            update.addBatch();
            n++;
          }
        }
        if (n == 0) {
          return done;
        }
        update.executeBatch();
        done += n;
      }
    }
  }

  /** Two values that differ only in Unicode form or surrounding spaces now mean the same identifier. */
  private static void refuseCollisions(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("""
            select system, string_agg(patient_id, ', ' order by patient_id) from patient_identifier
            group by system, value_hash having count(*) > 1 limit 10""");
        ResultSet rs = s.executeQuery()) {
      List<String> clashes = new ArrayList<>();
      while (rs.next()) {
        clashes.add(rs.getString(1) + " of members " + rs.getString(2));
      }
      if (!clashes.isEmpty()) {
        throw new IllegalStateException("identifiers that differ only in spaces or Unicode form belong to different"
            + " members; merge or correct them before upgrading: " + clashes);
      }
    }
  }
}
