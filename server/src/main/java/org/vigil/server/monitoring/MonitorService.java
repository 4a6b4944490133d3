package org.vigil.server.monitoring;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.vigil.engine.monitor.Cleared;
import org.vigil.engine.monitor.ConditionStatus;
import org.vigil.engine.monitor.Evaluation;
import org.vigil.engine.monitor.Finding;
import org.vigil.engine.monitor.Monitor;
import org.vigil.engine.monitor.PatientState;
import org.vigil.engine.monitor.Reading;
import org.vigil.server.ingest.ObservationStore;

/**
 * Applies new readings to the monitor inside the ingest transaction (ADR 0007). The caller has locked the
 * members ({@code FOR NO KEY UPDATE}), so no other transaction changes their state meanwhile.
 *
 * <p>State cache: each member's {@link PatientState} is cached with the member's {@code monitor_version} and the
 * profile it was built for. Every apply bumps the version in the same transaction; the cache is updated only
 * after commit. A cached state whose version or profile differs is stale (another node, a rollback, a lost race)
 * and is rebuilt by replaying the member's stored readings — the monitor is deterministic, so the replay gives
 * exactly the state live processing would have. Nothing is replayed twice: the rebuild excludes the readings
 * being applied now.
 */
@Service
public class MonitorService {
  private final Monitors monitors;
  private final MemberFactsRepository members;
  private final ObservationStore observations;
  private final JdbcClient jdbc;
  private final Cache<String, Cached> cache = Caffeine.newBuilder().maximumSize(2_000_000).build();

  record Cached(long version, String profile, PatientState state) {}

  /** What applying readings (or a scheduled check) found: findings to record, alerts that may resolve. */
  public record Result(List<Finding> findings, List<Cleared> cleared, Map<String, PatientState> states) {
    public static final Result NONE = new Result(List.of(), List.of(), Map.of());

    public Result(List<Finding> findings, List<Cleared> cleared) {
      this(findings, cleared, Map.of());
    }
  }

  public MonitorService(Monitors monitors, MemberFactsRepository members, ObservationStore observations,
      JdbcClient jdbc) {
    this.monitors = monitors;
    this.members = members;
    this.observations = observations;
    this.jdbc = jdbc;
  }

  /** Applies new readings (already stored in this transaction); findings per member in time order. */
  public Result apply(Collection<Reading> readings, Instant now) {
    if (readings.isEmpty()) {
      return Result.NONE;
    }
    Map<String, List<Reading>> byPatient = readings.stream()
        .collect(Collectors.groupingBy(Reading::patientId, HashMap::new, Collectors.toList()));
    Map<String, Long> versions = versions(byPatient.keySet());
    Map<String, MemberFactsRepository.Member> facts = members.load(byPatient.keySet());
    List<Finding> findings = new ArrayList<>();
    List<Cleared> cleared = new ArrayList<>();
    Map<String, Cached> updated = new HashMap<>();
    // Members without a current cached state (a restart, another node, a rollback) are rebuilt together: one replay
    // query for all of them, excluding the readings applied now.
    Map<String, java.time.Duration> cold = new HashMap<>();
    Map<String, PatientState> warm = new HashMap<>();
    for (String patient : byPatient.keySet()) {
      Monitor monitor = monitors.forTenant(facts.get(patient).tenant());
      PatientState c = cached(patient, versions.getOrDefault(patient, 0L), monitor);
      if (c == null) {
        cold.put(patient, monitor.retention().longest());
      } else {
        warm.put(patient, c);
      }
    }
    Map<String, List<Reading>> replays = observations.loadForReplay(cold,
        readings.stream().map(Reading::id).toList());
    for (var e : byPatient.entrySet()) {
      String patient = e.getKey();
      MemberFactsRepository.Member member = facts.get(patient);
      Monitor monitor = monitors.forTenant(member.tenant());
      List<Reading> mine = new ArrayList<>(e.getValue());
      mine.sort(Comparator.comparing(Reading::effective).thenComparingLong(Reading::id));
      long version = versions.getOrDefault(patient, 0L);
      PatientState state = cold.containsKey(patient)
          ? replay(monitor, replays.getOrDefault(patient, List.of()))
          : warm.get(patient);
      for (Reading r : mine) {
        Evaluation ev = monitor.evaluate(state, member.facts(), r, now);
        state = ev.state();
        findings.addAll(ev.findings());
        cleared.addAll(ev.cleared());
      }
      updated.put(patient, new Cached(version + 1, monitor.profileId(), state));
    }
    touched(byPatient.keySet(), now);
    afterCommit(updated);
    Map<String, PatientState> states = new HashMap<>();
    updated.forEach((p, c) -> states.put(p, c.state()));
    return new Result(findings, cleared, states);
  }

  /**
   * Members whose readings changed: their cached states are no longer current (the version moves) and their risk is
   * stale — the same statement marks it, and the refresher recomputes it after commit (ADR 0015). Kafka mode calls
   * this alone, the engine instances deciding (ADR 0016).
   */
  public void touched(Collection<String> patients, Instant now) {
    jdbc.sql("""
            update patient set monitor_version = monitor_version + 1,
                risk_stale_since = coalesce(risk_stale_since, ?)
            where id = any(?)""")
        .params(java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC), patients.toArray(String[]::new))
        .update();
  }

  /** Absence rules for one member, as of now (run by the scheduler under the member's lock). */
  public Result scheduled(String patient, Instant now) {
    var member = members.load(patient).orElseThrow();
    Monitor monitor = monitors.forTenant(member.tenant());
    Evaluation ev = monitor.scheduled(currentState(patient), member.facts(), patient, now);
    return new Result(ev.findings(), ev.cleared());
  }

  /** Every rule re-judged for a member whose facts changed (a new diagnosis). */
  public Result reassess(String patient, Instant now) {
    var member = members.load(patient).orElseThrow();
    Monitor monitor = monitors.forTenant(member.tenant());
    Evaluation ev = monitor.reassess(currentState(patient), member.facts(), patient, now);
    return new Result(ev.findings(), ev.cleared());
  }

  /** Where the member stands on each of the Five Highs. */
  public List<ConditionStatus> status(String patient, Instant now) {
    var member = members.load(patient).orElseThrow();
    Monitor monitor = monitors.forTenant(member.tenant());
    return monitor.status(currentState(patient), member.facts(), patient, now);
  }

  /** The member's current state (from cache or replay), for reads outside ingest. */
  public PatientState currentState(String patientId) {
    var member = members.load(patientId).orElseThrow();
    long version = versions(Set.of(patientId)).getOrDefault(patientId, 0L);
    return stateOf(monitors.forTenant(member.tenant()), patientId, version, Set.of());
  }

  /** Current states of several members at once (one query for versions and one for facts). */
  public Map<String, PatientState> currentStates(Collection<String> patientIds) {
    Set<String> ids = Set.copyOf(patientIds);
    Map<String, Long> versions = versions(ids);
    Map<String, PatientState> out = new HashMap<>();
    members.load(ids).forEach((id, member) -> out.put(id,
        stateOf(monitors.forTenant(member.tenant()), id, versions.getOrDefault(id, 0L), Set.of())));
    return out;
  }

  private PatientState stateOf(Monitor monitor, String patient, long version, Set<Long> excluding) {
    PatientState c = cached(patient, version, monitor);
    return c != null ? c
        : replay(monitor, observations.loadForReplay(patient, monitor.retention().longest(), excluding));
  }

  /** The cached state when it is current (same version and profile), else null. */
  private PatientState cached(String patient, long version, Monitor monitor) {
    Cached c = cache.getIfPresent(patient);
    return c != null && c.version() == version && c.profile().equals(monitor.profileId()) ? c.state() : null;
  }

  private static PatientState replay(Monitor monitor, List<Reading> readings) {
    PatientState state = PatientState.EMPTY;
    for (Reading r : readings) {
      state = monitor.replay(state, r);
    }
    return state;
  }

  private Map<String, Long> versions(Set<String> patients) {
    Map<String, Long> out = new HashMap<>();
    jdbc.sql("select id, monitor_version from patient where id = any(?)")
        .param(patients.toArray(String[]::new))
        .query((rs, n) -> out.put(rs.getString(1), rs.getLong(2)))
        .list();
    return out;
  }

  private void afterCommit(Map<String, Cached> updated) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      throw new IllegalStateException("the monitor must run inside the ingest transaction");
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCompletion(int status) {
        if (status == STATUS_COMMITTED) {
          cache.putAll(updated);
        } else {
          cache.invalidateAll(updated.keySet());
        }
      }
    });
  }

  /** Forgets every cached state (tests use it to prove a rebuild gives the same answers). */
  public void clearCache() {
    cache.invalidateAll();
  }
}
