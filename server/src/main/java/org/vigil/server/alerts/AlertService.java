package org.vigil.server.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.engine.monitor.Finding;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns findings into alerts and moves alerts through their lifecycle. One open alert per member and rule
 * family: a new finding updates it (and reopens an acknowledged alert when the finding is more severe);
 * every change is recorded as an event with who and why.
 */
@Service
public class AlertService {
  /** The actor recorded for changes the monitor makes. */
  public static final String MONITOR = "vigil-monitor";

  private final AlertRepository alerts;
  private final JsonMapper json;
  private final Clock clock;

  public AlertService(AlertRepository alerts, JsonMapper json, Clock clock) {
    this.alerts = alerts;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Records findings (in the caller's transaction, which holds the members' locks) and returns, per finding,
   * the id of the alert it opened or updated.
   */
  public List<Long> record(List<Finding> findings, Instant now) {
    List<Long> ids = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      var write = new AlertRepository.AlertWrite(f.patientId(), f.condition().code(), f.family(), f.ruleId(),
          f.level(), f.severity().code(), f.severity().ordinal(), f.profileId(), f.knowledgeVersion(),
          AlertBody.of(f));
      var open = alerts.findOpen(f.patientId(), f.family());
      if (open.isEmpty()) {
        long id = alerts.insert(write, now);
        alerts.event(id, now, MONITOR, "opened", detail(f, null));
        ids.add(id);
        continue;
      }
      var a = open.get();
      boolean worse = f.severity().ordinal() > a.severityRank();
      String status = worse ? AlertStatus.OPEN.code() : a.status();
      alerts.update(a.id(), write, status, now);
      if (worse || !a.level().equals(f.level())) {
        alerts.event(a.id(), now, MONITOR, worse && !a.status().equals(status) ? "reopened" : "updated",
            detail(f, a.level()));
      }
      ids.add(a.id());
    }
    return ids;
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

  public AlertView get(long id) {
    return alerts.find(id).orElseThrow(() -> new NotFoundException("alert " + id + " does not exist"));
  }

  public List<AlertEvent> history(long id) {
    get(id);
    return alerts.events(id);
  }

  public List<AlertView> list(String patientId, List<AlertStatus> statuses, int limit, int offset) {
    return alerts.list(patientId, statuses.stream().map(AlertStatus::code).toList(), limit, offset);
  }

  public int count(String patientId, List<AlertStatus> statuses) {
    return alerts.count(patientId, statuses.stream().map(AlertStatus::code).toList());
  }

  /** Someone is working on it. Acknowledging an acknowledged alert changes nothing. */
  @Transactional
  public AlertView acknowledge(long id, String actor, String note) {
    AlertView a = alerts.findForUpdate(id).orElseThrow(() -> new NotFoundException("alert " + id + " does not exist"));
    if (a.status().equals(AlertStatus.RESOLVED.code())) {
      throw new InvalidInputException(409, List.of(new org.vigil.engine.units.Problem("status",
          "alert " + id + " is already resolved")));
    }
    if (a.status().equals(AlertStatus.OPEN.code())) {
      Instant now = clock.instant();
      alerts.setStatus(id, AlertStatus.ACKNOWLEDGED, actor, null, now);
      alerts.event(id, now, actor, "acknowledged", note == null ? null : json.writeValueAsString(Map.of("note", note)));
    }
    return get(id);
  }

  /** Closes the alert with a reason; a new finding afterwards opens a new alert. */
  @Transactional
  public AlertView resolve(long id, String actor, String reason) {
    if (reason == null || reason.isBlank()) {
      throw InvalidInputException.of("reason", "a reason is required to resolve an alert");
    }
    AlertView a = alerts.findForUpdate(id).orElseThrow(() -> new NotFoundException("alert " + id + " does not exist"));
    if (a.status().equals(AlertStatus.RESOLVED.code())) {
      throw new InvalidInputException(409, List.of(new org.vigil.engine.units.Problem("status",
          "alert " + id + " is already resolved")));
    }
    Instant now = clock.instant();
    alerts.setStatus(id, AlertStatus.RESOLVED, actor, reason, now);
    alerts.event(id, now, actor, "resolved", json.writeValueAsString(Map.of("reason", reason)));
    return get(id);
  }

  /** The worklist: members with open alerts, most severe and oldest first. */
  public List<WorklistEntry> worklist(List<AlertStatus> statuses, int limit, int offset) {
    Map<String, WorklistEntry> out = new LinkedHashMap<>();
    Map<String, List<AlertView>> alertsOf = new LinkedHashMap<>();
    for (var row : alerts.worklist(statuses.stream().map(AlertStatus::code).toList(), limit, offset)) {
      String p = row.alert().patientId();
      alertsOf.computeIfAbsent(p, k -> new ArrayList<>()).add(row.alert());
      out.putIfAbsent(p, new WorklistEntry(p, row.patientName(),
          org.vigil.engine.monitor.Severity.values()[row.patientRank()].code(), row.patientOldest(), List.of()));
    }
    return out.values().stream()
        .map(e -> new WorklistEntry(e.patientId(), e.patientName(), e.maxSeverity(), e.oldestOpenedAt(),
            alertsOf.get(e.patientId())))
        .toList();
  }
}
