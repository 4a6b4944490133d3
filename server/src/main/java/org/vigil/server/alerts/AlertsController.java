package org.vigil.server.alerts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.server.users.CurrentUser;
import org.vigil.server.web.InvalidInputException;

/** Alerts: list, read with the full explanation, acknowledge, resolve; and the health manager's worklist. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Alerts", description = "Explained, cited alerts and the worklist")
public class AlertsController {
  private final AlertService alerts;

  private final CurrentUser current;

  public AlertsController(AlertService alerts, CurrentUser current) {
    this.alerts = alerts;
    this.current = current;
  }

  /** Optional body of acknowledge, resolve and snooze: who acts (until sign-in exists), why, until when. */
  public record Action(String by, String note, String reason, java.time.Instant until) {}

  @GetMapping("/alerts")
  @Operation(summary = "Alerts, most severe first, each with its citation, evidence, thresholds and explanation")
  public List<AlertView> list(
      @RequestParam(required = false) String patient,
      @RequestParam(defaultValue = "open,acknowledged,escalated") String status,
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "0") int offset) {
    return alerts.list(patient, statuses(status), limit(limit), offset(offset));
  }

  @GetMapping("/alerts/{id}")
  @Operation(summary = "One alert with its full explanation")
  public AlertView get(@PathVariable long id) {
    return alerts.get(id);
  }

  @GetMapping("/alerts/{id}/history")
  @Operation(summary = "Every change of an alert: who, when, what")
  public List<AlertEvent> history(@PathVariable long id) {
    return alerts.history(id);
  }

  @PostMapping("/alerts/{id}/acknowledge")
  @Operation(summary = "Acknowledge: someone is working on it")
  public AlertView acknowledge(@PathVariable long id, @RequestBody(required = false) Action action) {
    return alerts.acknowledge(id, actor(action), action == null ? null : action.note());
  }

  @PostMapping("/alerts/{id}/resolve")
  @Operation(summary = "Resolve with a reason")
  public AlertView resolve(@PathVariable long id, @RequestBody(required = false) Action action) {
    return alerts.resolve(id, actor(action), action == null ? null : action.reason());
  }

  @PostMapping("/alerts/{id}/snooze")
  @Operation(summary = "Hide from the worklist until a time, with a reason (not for emergencies)")
  public AlertView snooze(@PathVariable long id, @RequestBody(required = false) Action action) {
    return alerts.snooze(id, actor(action), action == null ? null : action.until(),
        action == null ? null : action.reason());
  }

  @GetMapping("/escalations")
  @Operation(summary = "The doctor's queue: alerts escalated because nobody acknowledged them in time")
  public List<AlertView> escalations(
      @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
    return alerts.list(null, List.of(AlertStatus.ESCALATED), limit(limit), offset(offset));
  }

  /** The signed-in user, else the {@code by} an API client gave (see CurrentUser). */
  private String actor(Action action) {
    return current.actor(action == null ? null : action.by());
  }

  public static List<AlertStatus> statuses(String csv) {
    List<AlertStatus> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      out.add(AlertStatus.parse(s.strip()).orElseThrow(() -> InvalidInputException.of("status",
          "'" + s.strip() + "' is not one of open, acknowledged, escalated, resolved")));
    }
    return out;
  }

  private static int limit(int limit) {
    if (limit < 1 || limit > 1000) {
      throw InvalidInputException.of("limit", "must be between 1 and 1000");
    }
    return limit;
  }

  private static int offset(int offset) {
    if (offset < 0) {
      throw InvalidInputException.of("offset", "must not be negative");
    }
    return offset;
  }
}
