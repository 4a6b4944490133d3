package org.vigil.server.risk;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

  /**
   * Recomputes (in the caller's transaction, which holds the members' locks) for the members whose states are
   * given, writes only the rows whose content changed, and clears the members' stale mark (ADR 0015).
   */
  public void refresh(Map<String, PatientState> states, Instant now) {
    if (states.isEmpty()) {
      return;
    }
    Map<String, MemberFactsRepository.Member> facts = members.load(states.keySet());
    Map<String, FiveHighsTier.Result> results = new HashMap<>();
    states.forEach((p, s) -> {
      var member = facts.get(p);
      if (member != null) {
        results.put(p, assess(member, s, now));
      }
    });
    store(results, now);
  }

  FiveHighsTier.Result refresh(String patientId, PatientState state, Instant now) {
    FiveHighsTier.Result result = assess(members.load(patientId).orElseThrow(), state, now);
    store(Map.of(patientId, result), now);
    return result;
  }

  private FiveHighsTier.Result assess(MemberFactsRepository.Member member, PatientState state, Instant now) {
    Monitor m = monitors.forTenant(member.tenant());
    var statuses = m.status(state, member.facts(), member.id(), now);
    return tier.assess(m.profileId(), state, member.facts(), statuses, member.riskFactors(), now);
  }

  /**
   * Stores each member's model results and tier as RiskAssessment rows — only those whose body changed (compared
   * by a SHA-256 fingerprint of the whole body) — and the tier on the member, in one statement each.
   */
  private void store(Map<String, FiveHighsTier.Result> results, Instant now) {
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    String[] ids = results.keySet().toArray(String[]::new);
    Map<String, String> stored = new HashMap<>();
    jdbc.sql("select patient_id, model, fingerprint from risk_assessment where patient_id = any(?)")
        .param(ids)
        .query((rs, n) -> stored.put(rs.getString(1) + '|' + rs.getString(2), rs.getString(3)))
        .list();
    List<String> patient = new ArrayList<>();
    List<String> model = new ArrayList<>();
    List<String> body = new ArrayList<>();
    List<String> fingerprint = new ArrayList<>();
    List<String> tiers = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (String p : ids) {
      FiveHighsTier.Result r = results.get(p);
      Map<String, Object> bodies = new LinkedHashMap<>();
      r.models().forEach(mr -> bodies.put(mr.model(), mr));
      bodies.put("five-highs-tier", new TierBody(r.tier(), r.reasons(), r.followUp().map(Object::toString).orElse(null),
          r.composition(), r.version()));
      bodies.forEach((name, value) -> {
        String text = json.writeValueAsString(value);
        String sha = sha(text);
        if (!sha.equals(stored.get(p + '|' + name))) {
          patient.add(p);
          model.add(name);
          body.add(text);
          fingerprint.add(sha);
        }
      });
      tiers.add(r.tier());
      ranks.add(r.rank());
      reasons.add(json.writeValueAsString(r.reasons()));
    }
    if (!patient.isEmpty()) {
      jdbc.sql("""
              insert into risk_assessment (patient_id, model, body, fingerprint, computed_at)
              select p, m, b::jsonb, f, ? from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as t(p, m, b, f)
              on conflict (patient_id, model) do update set body = excluded.body, fingerprint = excluded.fingerprint,
                computed_at = excluded.computed_at""")
          .params(at, patient.toArray(String[]::new), model.toArray(String[]::new), body.toArray(String[]::new),
              fingerprint.toArray(String[]::new))
          .update();
    }
    jdbc.sql("""
            update patient p set five_highs_tier = t.tier, tier_rank = t.rank, tier_reasons = t.reasons::jsonb,
              tier_at = case when p.five_highs_tier is distinct from t.tier
                  or p.tier_reasons is distinct from t.reasons::jsonb then ? else p.tier_at end,
              risk_stale_since = null
            from unnest(?::text[], ?::text[], ?::smallint[], ?::text[]) as t(id, tier, rank, reasons)
            where p.id = t.id and (p.risk_stale_since is not null or p.five_highs_tier is distinct from t.tier
              or p.tier_reasons is distinct from t.reasons::jsonb)""")
        .params(at, ids, tiers.toArray(String[]::new), ranks.toArray(Integer[]::new), reasons.toArray(String[]::new))
        .update();
  }

  /** The tier as a RiskAssessment body. */
  public record TierBody(String tier, List<FiveHighsTier.Reason> reasons, String followUp, String composition,
      String version) {}

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
