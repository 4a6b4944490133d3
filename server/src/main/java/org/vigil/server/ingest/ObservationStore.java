package org.vigil.server.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.vigil.engine.monitor.Measurement;
import org.vigil.engine.monitor.Reading;
import org.vigil.engine.monitor.ReadingContext;
import org.vigil.engine.monitor.Setting;
import org.vigil.engine.units.Normalized;
import org.vigil.engine.units.Quantity;

/**
 * The persist stage and the reads the monitor and FHIR need. Writes whole batches in two statements
 * (observations, then their readings) with {@code unnest} arrays; duplicates are skipped by the unique indexes
 * ({@code ON CONFLICT DO NOTHING}) and reported with the id already stored.
 */
@Repository
public class ObservationStore {
  private final JdbcTemplate jdbc;

  public ObservationStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Where an item ended up: its observation id, and whether this call created it or it was already there. */
  public record Stored(ValidReading reading, long observationId, boolean created) {}

  /** Persists the readings (in the caller's transaction); returns one entry per reading, in order. */
  public List<Stored> insert(List<ValidReading> readings, Instant receivedAt) {
    if (readings.isEmpty()) {
      return List.of();
    }
    return jdbc.execute((ConnectionCallback<List<Stored>>) c -> insert(c, readings, receivedAt));
  }

  private List<Stored> insert(Connection c, List<ValidReading> readings, Instant receivedAt) throws SQLException {
    int n = readings.size();
    long[] ids = allocateIds(c, n);
    Long[] idArr = new Long[n];
    String[] patient = new String[n];
    String[] code = new String[n];
    String[] effective = new String[n];
    Integer[] offset = new Integer[n];
    String[] setting = new String[n];
    String[] source = new String[n];
    String[] identSystem = new String[n];
    String[] identValue = new String[n];
    String[] dedupe = new String[n];
    String[] context = new String[n];
    String[] resource = new String[n];
    Integer[] flags = new Integer[n];
    for (int i = 0; i < n; i++) {
      ValidReading r = readings.get(i);
      idArr[i] = ids[i];
      patient[i] = r.patientId();
      code[i] = r.code();
      effective[i] = r.effective().toString();
      offset[i] = r.effective().getOffset().getTotalSeconds();
      setting[i] = r.setting().code();
      source[i] = r.source();
      identSystem[i] = r.identifierValue() == null ? null : r.identifierSystem();
      identValue[i] = r.identifierValue();
      dedupe[i] = r.dedupeKey();
      context[i] = r.contextJson();
      resource[i] = r.resourceJson();
      flags[i] = r.context().flags();
    }
    Set<Long> created = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("""
        insert into observation (id, patient_id, code, effective_at, effective_offset, setting, source,
            identifier_system, identifier_value, dedupe_key, context, resource, received_at, context_flags)
        select id, p, cd, e::timestamptz, o, s, src, isys, ival, dk, ctx::jsonb, res::jsonb, ?, f
        from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::text[], ?::text[], ?::text[], ?::smallint[])
             as t(id, p, cd, e, o, s, src, isys, ival, dk, ctx, res, f)
        on conflict do nothing
        returning id""")) {
      ps.setObject(1, OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC));
      int k = 2;
      ps.setArray(k++, c.createArrayOf("bigint", idArr));
      for (String[] col : List.of(patient, code, effective)) {
        ps.setArray(k++, c.createArrayOf("text", col));
      }
      ps.setArray(k++, c.createArrayOf("integer", offset));
      for (String[] col : List.of(setting, source, identSystem, identValue, dedupe, context, resource)) {
        ps.setArray(k++, c.createArrayOf("text", col));
      }
      ps.setArray(k, c.createArrayOf("smallint", flags));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          created.add(rs.getLong(1));
        }
      }
    }
    Map<Integer, Long> existing = created.size() == n ? Map.of() : findExisting(c, readings, ids, created);
    insertReadings(c, readings, ids, created);
    List<Stored> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean isNew = created.contains(ids[i]);
      Long id = isNew ? Long.valueOf(ids[i]) : existing.get(i);
      if (id == null) {
        throw new IllegalStateException("observation " + i + " was neither stored nor found as a duplicate");
      }
      out.add(new Stored(readings.get(i), id, isNew));
    }
    return out;
  }

  private static long[] allocateIds(Connection c, int n) throws SQLException {
    long[] ids = new long[n];
    try (PreparedStatement ps = c.prepareStatement(
        "select nextval('observation_id_seq') from generate_series(1, ?)")) {
      ps.setInt(1, n);
      try (ResultSet rs = ps.executeQuery()) {
        int i = 0;
        while (rs.next()) {
          ids[i++] = rs.getLong(1);
        }
      }
    }
    return ids;
  }

  /** For items not inserted: the id of the observation they duplicate (by dedupe key, else by identifier). */
  private static Map<Integer, Long> findExisting(
      Connection c, List<ValidReading> readings, long[] ids, Set<Long> created) throws SQLException {
    List<String> keys = new ArrayList<>();
    List<String> systems = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < readings.size(); i++) {
      if (!created.contains(ids[i])) {
        keys.add(readings.get(i).dedupeKey());
        if (readings.get(i).identifierValue() != null) {
          systems.add(readings.get(i).identifierSystem());
          values.add(readings.get(i).identifierValue());
        }
      }
    }
    Map<String, Long> byKey = new HashMap<>();
    Map<String, Long> byIdent = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("""
        select id, dedupe_key, identifier_system, identifier_value from observation
        where dedupe_key = any(?)
           or (identifier_system, identifier_value) in (select * from unnest(?::text[], ?::text[]))""")) {
      ps.setArray(1, c.createArrayOf("text", keys.toArray()));
      ps.setArray(2, c.createArrayOf("text", systems.toArray()));
      ps.setArray(3, c.createArrayOf("text", values.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byKey.put(rs.getString(2), rs.getLong(1));
          if (rs.getString(4) != null) {
            byIdent.put(rs.getString(3) + '|' + rs.getString(4), rs.getLong(1));
          }
        }
      }
    }
    Map<Integer, Long> out = new HashMap<>();
    for (int i = 0; i < readings.size(); i++) {
      if (!created.contains(ids[i])) {
        ValidReading r = readings.get(i);
        Long id = byKey.get(r.dedupeKey());
        if (id == null && r.identifierValue() != null) {
          id = byIdent.get(r.identifierSystem() + '|' + r.identifierValue());
        }
        out.put(i, id);
      }
    }
    return out;
  }

  private static void insertReadings(Connection c, List<ValidReading> readings, long[] ids, Set<Long> created)
      throws SQLException {
    List<Long> obs = new ArrayList<>();
    List<String> analyte = new ArrayList<>();
    List<String> code = new ArrayList<>();
    List<Double> value = new ArrayList<>();
    List<String> unit = new ArrayList<>();
    List<Double> origValue = new ArrayList<>();
    List<String> origUnit = new ArrayList<>();
    for (int i = 0; i < readings.size(); i++) {
      if (!created.contains(ids[i])) {
        continue;
      }
      for (Normalized v : readings.get(i).values()) {
        obs.add(ids[i]);
        analyte.add(v.analyte().id());
        code.add(v.code());
        value.add(v.canonical().value());
        unit.add(v.canonical().unit());
        origValue.add(v.original().value());
        origUnit.add(v.original().unit());
      }
    }
    if (obs.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("""
        insert into reading (observation_id, analyte, code, value, unit, original_value, original_unit)
        select * from unnest(?::bigint[], ?::text[], ?::text[], ?::float8[], ?::text[], ?::float8[], ?::text[])""")) {
      ps.setArray(1, c.createArrayOf("bigint", obs.toArray()));
      ps.setArray(2, c.createArrayOf("text", analyte.toArray()));
      ps.setArray(3, c.createArrayOf("text", code.toArray()));
      ps.setArray(4, c.createArrayOf("float8", value.toArray()));
      ps.setArray(5, c.createArrayOf("text", unit.toArray()));
      ps.setArray(6, c.createArrayOf("float8", origValue.toArray()));
      ps.setArray(7, c.createArrayOf("text", origUnit.toArray()));
      ps.executeUpdate();
    }
  }

  /**
   * A member's readings the monitor still needs: for each analyte, those within {@code retention} of the newest
   * reading of that analyte (which includes the newest of each, whatever its age),
   * excluding {@code exclude}, as the monitor's {@link Reading}s in id order.
   */
  public List<Reading> loadForReplay(String patientId, Duration retention, Collection<Long> exclude) {
    return loadForReplay(Map.of(patientId, retention), exclude).getOrDefault(patientId, List.of());
  }

  /**
   * {@link #loadForReplay(String, Duration, Collection)} for several members at once, each with their own retention,
   * in one query (after a restart every member's state is rebuilt; one query per member slowed the first minutes).
   */
  public Map<String, List<Reading>> loadForReplay(Map<String, Duration> retention, Collection<Long> exclude) {
    if (retention.isEmpty()) {
      return Map.of();
    }
    String[] ids = retention.keySet().toArray(String[]::new);
    String[] windows = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      windows[i] = retention.get(ids[i]).toSeconds() + " seconds";
    }
    Long[] ex = exclude.toArray(Long[]::new);
    return jdbc.execute((ConnectionCallback<Map<String, List<Reading>>>) c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          with want as (select * from unnest(?::text[], ?::text[]) as w(pid, ret)),
          mine as (
            select o.patient_id, o.id, o.effective_at, r.analyte, w.ret::interval as ret
            from want w join observation o on o.patient_id = w.pid join reading r on r.observation_id = o.id
            where o.id <> all(?::bigint[])),
          newest as (select patient_id, analyte, max(effective_at) as t from mine group by patient_id, analyte),
          wanted as (
            select distinct m.id from mine m join newest n on n.patient_id = m.patient_id and n.analyte = m.analyte
            where m.effective_at >= n.t - m.ret)
          select o.id, o.effective_at, o.effective_offset, o.setting, o.context_flags, r.analyte, r.value, r.unit,
                 o.patient_id
          from observation o join reading r on r.observation_id = o.id
          where o.id in (select id from wanted)
          order by o.patient_id, o.id, r.analyte""")) {
        ps.setArray(1, c.createArrayOf("text", ids));
        ps.setArray(2, c.createArrayOf("text", windows));
        ps.setArray(3, c.createArrayOf("bigint", ex));
        Map<String, List<Reading>> out = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          for (Reading r : readings(rs)) {
            out.computeIfAbsent(r.patientId(), k -> new ArrayList<>()).add(r);
          }
        }
        return out;
      }
    });
  }

  /** The stored readings with these ids (those still stored), each member's in time order. */
  public List<Reading> loadByIds(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Long[] wanted = ids.toArray(Long[]::new);
    return jdbc.execute((ConnectionCallback<List<Reading>>) c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          select o.id, o.effective_at, o.effective_offset, o.setting, o.context_flags, r.analyte, r.value, r.unit,
                 o.patient_id
          from observation o join reading r on r.observation_id = o.id
          where o.id = any(?::bigint[])
          order by o.patient_id, o.effective_at, o.id, r.analyte""")) {
        ps.setArray(1, c.createArrayOf("bigint", wanted));
        try (ResultSet rs = ps.executeQuery()) {
          return readings(rs);
        }
      }
    });
  }

  /**
   * Readings from rows of (id, effective_at, effective_offset, setting, context_flags, analyte, value, unit,
   * patient_id), one row per measurement, a reading's rows together; in row order.
   */
  private static List<Reading> readings(ResultSet rs) throws SQLException {
    Map<Long, ReadingBuilder> builders = new LinkedHashMap<>();
    while (rs.next()) {
      long id = rs.getLong(1);
      ReadingBuilder b = builders.get(id);
      if (b == null) {
        b = new ReadingBuilder(id, rs.getString(9), rs.getObject(2, OffsetDateTime.class).toInstant(),
            ZoneOffset.ofTotalSeconds(rs.getInt(3)), Setting.parse(rs.getString(4)).orElse(Setting.UNSPECIFIED),
            ReadingContext.ofFlags(rs.getInt(5)));
        builders.put(id, b);
      }
      b.measurements.add(new Measurement(rs.getString(6), new Quantity(rs.getDouble(7), rs.getString(8))));
    }
    return builders.values().stream().map(ReadingBuilder::build).toList();
  }

  private static final class ReadingBuilder {
    final long id;
    final String patientId;
    final Instant effective;
    final ZoneOffset offset;
    final Setting setting;
    final ReadingContext context;
    final List<Measurement> measurements = new ArrayList<>(2);

    ReadingBuilder(long id, String patientId, Instant effective, ZoneOffset offset, Setting setting,
        ReadingContext context) {
      this.id = id;
      this.patientId = patientId;
      this.effective = effective;
      this.offset = offset;
      this.setting = setting;
      this.context = context;
    }

    Reading build() {
      return new Reading(id, patientId, effective, offset, setting, context, measurements);
    }
  }
}
