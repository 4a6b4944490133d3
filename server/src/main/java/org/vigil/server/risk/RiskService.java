package org.vigil.server.risk;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.engine.monitor.Monitor;
import org.vigil.engine.monitor.PatientState;
import org.vigil.engine.risk.FiveHighsTier;
import org.vigil.server.monitoring.MemberFactsRepository;
import org.vigil.server.monitoring.MonitorService;
import org.vigil.server.monitoring.Monitors;
import org.vigil.server.patients.PatientService;
import org.vigil.server.web.InvalidInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each member's risk and Five-Highs tier, from their stored data: recomputed when their readings or facts change,
 * stored as the current RiskAssessment per model (only when the inputs changed) and as the tier on the member,
 * which orders the worklist.
 */
@Service
public class RiskService {
  private final FiveHighsTier tier;
  private final MemberFactsRepository members;
  private final MonitorService monitor;
  private final Monitors monitors;
  private final PatientService patients;
  private final RiskFactors factors;
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;

  public RiskService(FiveHighsTier tier, MemberFactsRepository members, MonitorService monitor, Monitors monitors,
      PatientService patients, RiskFactors factors, JdbcClient jdbc, JsonMapper json, Clock clock) {
    this.tier = tier;
    this.members = members;
    this.monitor = monitor;
    this.monitors = monitors;
    this.patients = patients;
    this.factors = factors;
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  /** The member's tier, with every reason and each model's result or missing inputs. */
  public FiveHighsTier.Result assess(String patientId) {
    patients.readOrThrow(patientId);
    return refresh(patientId, monitor.currentState(patientId), clock.instant());
  }

  /** Recomputes (in the caller's transaction) for members whose states are given, e.g. just after ingest. */
  public void refresh(Map<String, PatientState> states, Instant now) {
    states.forEach((p, s) -> refresh(p, s, now));
  }

  FiveHighsTier.Result refresh(String patientId, PatientState state, Instant now) {
    var member = members.load(patientId).orElseThrow();
    Monitor m = monitors.forTenant(member.tenant());
    var statuses = m.status(state, member.facts(), patientId, now);
    FiveHighsTier.Result result = tier.assess(m.profileId(), state, member.facts(), statuses, member.riskFactors(), now);
    store(patientId, result, now);
    return result;
  }

  private void store(String patientId, FiveHighsTier.Result r, Instant now) {
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    for (var model : r.models()) {
      upsert(patientId, model.model(), json.writeValueAsString(model), at);
    }
    TierBody body = new TierBody(r.tier(), r.reasons(), r.followUp().map(Object::toString).orElse(null),
        r.composition(), r.version());
    upsert(patientId, "five-highs-tier", json.writeValueAsString(body), at);
    jdbc.sql("""
            update patient set five_highs_tier = ?, tier_rank = ?, tier_reasons = cast(? as jsonb), tier_at = ?
            where id = ? and (five_highs_tier is distinct from ? or tier_reasons is distinct from cast(? as jsonb))""")
        .params(r.tier(), r.rank(), json.writeValueAsString(r.reasons()), at, patientId, r.tier(),
            json.writeValueAsString(r.reasons()))
        .update();
  }

  /** The tier as a RiskAssessment body. */
  public record TierBody(String tier, List<FiveHighsTier.Reason> reasons, String followUp, String composition,
      String version) {}

  /** Stores a model's result only when it changed (the fingerprint is of the whole body). */
  private void upsert(String patientId, String model, String body, OffsetDateTime at) {
    String fingerprint = sha(body);
    jdbc.sql("""
            insert into risk_assessment (patient_id, model, body, fingerprint, computed_at)
            values (?, ?, cast(? as jsonb), ?, ?)
            on conflict (patient_id, model) do update set body = excluded.body, fingerprint = excluded.fingerprint,
              computed_at = excluded.computed_at
            where risk_assessment.fingerprint <> excluded.fingerprint""")
        .params(patientId, model, body, fingerprint, at)
        .update();
  }

  private static String sha(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The recorded risk factors of a member. */
  public Map<String, Object> factors(String patientId) {
    patients.readOrThrow(patientId);
    return members.load(patientId).orElseThrow().riskFactors();
  }

  /** Records (replaces) a member's risk factors and re-judges their tier. */
  @Transactional
  public Map<String, Object> saveFactors(String patientId, Map<String, Object> values, String by) {
    patients.readOrThrow(patientId);
    var problems = factors.check(values);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    patients.lockExisting(Set.of(patientId));
    Instant now = clock.instant();
    jdbc.sql("""
            insert into member_risk_factor (patient_id, factors, updated_at, updated_by)
            values (?, cast(? as jsonb), ?, ?)
            on conflict (patient_id) do update set factors = excluded.factors, updated_at = excluded.updated_at,
              updated_by = excluded.updated_by""")
        .params(patientId, json.writeValueAsString(values), OffsetDateTime.ofInstant(now, ZoneOffset.UTC), by)
        .update();
    refresh(patientId, monitor.currentState(patientId), now);
    return values;
  }

  /** Member ids, a page at a time (for re-scoring). */
  public List<String> page(String after, int size) {
    return jdbc.sql("select id from patient where id > ? order by id limit ?").params(after, size)
        .query(String.class).list();
  }

  public int population() {
    return jdbc.sql("select count(*) from patient").query(Integer.class).single();
  }

  /** The current tier of each member given (for summaries). */
  public Map<String, Integer> tierCounts() {
    Map<String, Integer> out = new HashMap<>();
    jdbc.sql("select coalesce(five_highs_tier, 'not assessed'), count(*) from patient group by 1")
        .query((rs, n) -> out.put(rs.getString(1), rs.getInt(2))).list();
    return out;
  }

}
