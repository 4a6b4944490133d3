package org.vigil.server.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.engine.monitor.Cleared;
import org.vigil.engine.monitor.Finding;
import org.vigil.engine.monitor.Severity;
import org.vigil.engine.units.Problem;
import org.vigil.server.config.VigilProperties;
import org.vigil.server.outreach.MessageQueued;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns findings into alerts and moves alerts through their lifecycle. One unresolved alert per member and rule
 * family: a new finding updates it (and reopens it when more severe); a rule that clearly no longer holds
 * resolves it when the rule allows; urgent and emergency alerts not acknowledged within the member's tier's time
 * escalate to a doctor; every change is recorded as an event with who and why.
 */
@Service
public class AlertService {
  /** The actor recorded for changes the monitor makes. */
  public static final String MONITOR = "vigil-monitor";
  /** Where escalations go: the doctor role's queue. */
  public static final String DOCTOR = "doctor";

  private final AlertRepository alerts;
  private final JsonMapper json;
  private final Clock clock;
  private final VigilProperties props;

  private final ApplicationEventPublisher events;

  private final org.vigil.server.security.AccessPolicy access;

  public AlertService(AlertRepository alerts, JsonMapper json, Clock clock, VigilProperties props,
      ApplicationEventPublisher events, org.vigil.server.security.AccessPolicy access) {
    this.access = access;
    this.events = events;
    this.alerts = alerts;
    this.json = json;
    this.clock = clock;
    this.props = props;
  }

  /**
   * Records findings (in the caller's transaction, which holds the members' locks) and returns, per finding,
   * the id of the alert it opened or updated. Safety advice for the member is queued when an alert carrying
   * it opens or worsens.
   */
  public List<Long> record(List<Finding> findings, Instant now) {
    if (findings.isEmpty()) {
      return List.of();
    }
    // The batch's open alerts in one query, then kept current here as findings open and update them. Several
    // findings for one alert in a batch (a member's readings arriving together) end in one update with the last
    // finding's content, "worse" if any step was worse (the effect of applying them one by one); updates and
    // events go to the database as one JDBC batch each.
    var open = alerts.findOpen(findings.stream()
        .map(f -> new AlertRepository.FamilyKey(f.patientId(), f.family())).distinct().toList());
    Map<Long, Pending> pending = new LinkedHashMap<>();
    List<AlertRepository.Event> events = new ArrayList<>();
    List<Long> ids = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      var key = new AlertRepository.FamilyKey(f.patientId(), f.family());
      var a = open.get(key);
      if (a == null) {
        Instant escalateAt = escalateAt(f, now);
        long id = alerts.insert(write(f), now, escalateAt);
        events.add(new AlertRepository.Event(id, now, MONITOR, "opened", detail(f, null)));
        advise(f, id, now, events);
        open.put(key, new AlertRepository.OpenAlert(id, f.level(), f.severity().ordinal(), "open", escalateAt));
        ids.add(id);
        continue;
      }
      boolean worse = f.severity().ordinal() > a.severityRank();
      Instant escalateAt = worse ? escalateAt(f, now) : null;
      Pending before = pending.get(a.id());
      pending.put(a.id(), before == null || worse ? new Pending(f, worse, escalateAt)
          : new Pending(f, before.worse(), before.escalateAt()));
      if (worse || !a.level().equals(f.level())) {
        events.add(new AlertRepository.Event(a.id(), now, MONITOR,
            worse && !a.status().equals("open") ? "reopened" : "updated", detail(f, a.level())));
      }
      if (worse) {
        advise(f, a.id(), now, events);
      }
      open.put(key, new AlertRepository.OpenAlert(a.id(), f.level(), f.severity().ordinal(),
          worse ? "open" : a.status(), worse ? escalateAt : a.escalateAt()));
      ids.add(a.id());
    }
    List<AlertRepository.Update> updates = new ArrayList<>(pending.size());
    pending.forEach((id, p) -> updates.add(new AlertRepository.Update(id, write(p.finding()), p.worse(),
        p.escalateAt())));
    alerts.updateAll(updates, now);
    alerts.eventAll(events);
    return ids;
  }

  /** The last finding for an alert in a batch, whether any was worse, and the escalation time of the last worse. */
  private record Pending(Finding finding, boolean worse, Instant escalateAt) {}

  private static AlertRepository.AlertWrite write(Finding f) {
    return new AlertRepository.AlertWrite(f.patientId(), f.condition().code(), f.family(), f.ruleId(), f.level(),
        f.severity().code(), f.severity().ordinal(), f.profileId(), f.knowledgeVersion(), AlertBody.of(f));
  }

  /** Resolves the unresolved alerts of rules that clearly no longer hold (each rule allowing it). */
  public List<Long> clear(List<Cleared> cleared, Instant now) {
    if (cleared.isEmpty()) {
      return List.of();
    }
    var open = alerts.findOpen(cleared.stream()
        .map(c -> new AlertRepository.FamilyKey(c.patientId(), c.family())).distinct().toList());
    List<AlertRepository.Event> events = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    for (Cleared c : cleared) {
      var a = open.remove(new AlertRepository.FamilyKey(c.patientId(), c.family()));
      if (a != null) {
        alerts.resolve(a.id(), MONITOR, "auto-resolved: " + c.reason(), now);
        events.add(new AlertRepository.Event(a.id(), now, MONITOR, "auto-resolved",
            json.writeValueAsString(Map.of("ruleId", c.ruleId(), "reason", c.reason()))));
        ids.add(a.id());
      }
    }
    alerts.eventAll(events);
    return ids;
  }

  /** When an unacknowledged alert of this finding escalates, per the member's service tier; null when never. */
  private Instant escalateAt(Finding f, Instant now) {
    if (f.severity().ordinal() < Severity.URGENT.ordinal()) {
      return null;
    }
    VigilProperties.Tier tier = props.tiers().get(alerts.tierOf(f.patientId()));
    if (tier == null) {
      return null;
    }
    Duration allowed = f.severity() == Severity.EMERGENCY ? tier.emergency() : tier.urgent();
    return allowed == null ? null : now.plus(allowed);
  }

  /**
   * Tells the member when an alert opens or worsens: the rule's safety advice (emergencies) at once, and, for
   * basic-tier members who have no health manager, a plain-language notice of every alert. The dispatcher sends
   * it when the transaction commits.
   */
  private void advise(Finding f, long alertId, Instant now, List<AlertRepository.Event> history) {
    if (f.memberAdvice().isPresent()) {
      alerts.message(f.patientId(), alertId, "safety-advice", f.memberAdvice().get(), now);
      history.add(new AlertRepository.Event(alertId, now, MONITOR, "member-advised", null));
      events.publishEvent(new MessageQueued(f.patientId()));
    } else if ("basic".equals(alerts.tierOf(f.patientId()))) {
      alerts.message(f.patientId(), alertId, "alert-notice", "Vigil noticed in your recent readings: "
          + f.levelLabel() + ". Your Vigil page shows the readings behind it.", now);
      history.add(new AlertRepository.Event(alertId, now, MONITOR, "member-notified", null));
      events.publishEvent(new MessageQueued(f.patientId()));
    }
  }

  private String detail(Finding f, String previousLevel) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("ruleId", f.ruleId());
    d.put("level", f.level());
    d.put("severity", f.severity().code());
    if (previousLevel != null) {
      d.put("previousLevel", previousLevel);
    }
    d.put("evidence", f.evidence().stream().map(e -> e.readingId()).distinct().toList());
    return json.writeValueAsString(d);
  }

  /** Escalates overdue alerts (called by the scheduler; timers live in the database and survive restarts). */
  @Transactional
  public List<Long> escalateDue() {
    Instant now = clock.instant();
    List<Long> ids = alerts.escalateDue(now, DOCTOR);
    for (long id : ids) {
      alerts.event(id, now, MONITOR, "escalated",
          json.writeValueAsString(Map.of("to", DOCTOR, "reason", "not acknowledged in time for the member's tier")));
    }
    return ids;
  }

  public AlertView get(long id) {
    return alerts.find(id).orElseThrow(() -> new NotFoundException("alert " + id + " does not exist"));
  }

  public List<AlertEvent> history(long id) {
    get(id);
    return alerts.events(id);
  }

  public List<AlertView> list(String patientId, List<AlertStatus> statuses, int limit, int offset) {
    // Only the members the caller may see (ADR 0014); background work (no caller) sees all.
    var scope = access.current().map(a -> a.scope("a.patient_id")).orElse(null);
    List<AlertView> out = alerts.list(patientId, statuses.stream().map(AlertStatus::code).toList(), limit, offset,
        scope);
    access.current().ifPresent(a -> out.forEach(v -> a.touched(v.patientId())));
    return out;
  }

  public int count(String patientId, List<AlertStatus> statuses) {
    return alerts.count(patientId, statuses.stream().map(AlertStatus::code).toList());
  }

  /** Someone is working on it (a doctor may acknowledge an escalated alert). Acknowledged again: no change. */
  @Transactional
  public AlertView acknowledge(long id, String actor, String note) {
    AlertView a = lockUnresolved(id);
    if (!a.status().equals(AlertStatus.ACKNOWLEDGED.code())) {
      Instant now = clock.instant();
      alerts.acknowledge(id, actor, now);
      alerts.event(id, now, actor, "acknowledged", note == null ? null : json.writeValueAsString(Map.of("note", note)));
    }
    return get(id);
  }

  /**
   * A person hands the alert to a doctor now, with a reason. Whether the member's service tier entitles them to a
   * doctor's review of this severity is the caller's check; here the alert must be unresolved and not already
   * with a doctor.
   */
  @Transactional
  public AlertView escalate(long id, String actor, String reason) {
    if (reason == null || reason.isBlank()) {
      throw InvalidInputException.of("reason", "a reason is required to escalate an alert to a doctor");
    }
    AlertView a = lockUnresolved(id);
    if (a.status().equals(AlertStatus.ESCALATED.code())) {
      throw new InvalidInputException(409, List.of(new Problem("status", "alert " + id + " is already with a doctor")));
    }
    Instant now = clock.instant();
    alerts.escalate(id, DOCTOR, now);
    alerts.event(id, now, actor, "escalated", json.writeValueAsString(Map.of("to", DOCTOR, "reason", reason)));
    return get(id);
  }

  /** Records something done about an alert (a call, a note, a review) in its history. */
  public void note(long id, String actor, String action, Map<String, ?> detail) {
    alerts.event(id, clock.instant(), actor, action, json.writeValueAsString(detail));
  }

  /** Closes the alert with a reason; a new finding afterwards opens a new alert. */
  @Transactional
  public AlertView resolve(long id, String actor, String reason) {
    if (reason == null || reason.isBlank()) {
      throw InvalidInputException.of("reason", "a reason is required to resolve an alert");
    }
    lockUnresolved(id);
    Instant now = clock.instant();
    alerts.resolve(id, actor, reason, now);
    alerts.event(id, now, actor, "resolved", json.writeValueAsString(Map.of("reason", reason)));
    return get(id);
  }

  /**
   * Hides the alert from the worklist until {@code until}; a more severe finding ends the snooze. Emergency
   * alerts cannot be snoozed.
   */
  @Transactional
  public AlertView snooze(long id, String actor, Instant until, String reason) {
    List<Problem> problems = new ArrayList<>();
    Instant now = clock.instant();
    if (until == null) {
      problems.add(new Problem("until", "the time the snooze ends is required (ISO-8601 instant)"));
    } else if (!until.isAfter(now)) {
      problems.add(new Problem("until", "must be in the future"));
    }
    if (reason == null || reason.isBlank()) {
      problems.add(new Problem("reason", "a reason is required to snooze an alert"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    AlertView a = lockUnresolved(id);
    if (a.severity().equals(Severity.EMERGENCY.code())) {
      throw InvalidInputException.of("severity", "an emergency alert cannot be snoozed; acknowledge it instead");
    }
    alerts.snooze(id, until, reason, now);
    alerts.event(id, now, actor, "snoozed", json.writeValueAsString(Map.of("until", until.toString(), "reason", reason)));
    return get(id);
  }

  private AlertView lockUnresolved(long id) {
    AlertView a = alerts.findForUpdate(id).orElseThrow(() -> new NotFoundException("alert " + id + " does not exist"));
    if (a.status().equals(AlertStatus.RESOLVED.code())) {
      throw new InvalidInputException(409, List.of(new Problem("status", "alert " + id + " is already resolved")));
    }
    return a;
  }

  /** The unresolved alerts of a worklist page's members (see {@code org.vigil.server.care.Worklist}). */
  public List<AlertView> ofMembers(List<String> patientIds, List<AlertStatus> statuses, boolean includeSnoozed,
      String condition, Severity minSeverity) {
    return alerts.ofMembers(patientIds, statuses.stream().map(AlertStatus::code).toList(), includeSnoozed,
        clock.instant(), condition, minSeverity == null ? 0 : minSeverity.ordinal());
  }
}
