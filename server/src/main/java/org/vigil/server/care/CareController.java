package org.vigil.server.care;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.engine.monitor.Severity;
import org.vigil.server.alerts.AlertStatus;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.alerts.AlertsController;
import org.vigil.server.users.CurrentUser;
import org.vigil.server.users.Role;
import org.vigil.server.web.InvalidInputException;

/** The care loop's API; the web pages call the same endpoints. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Care", description = "Worklist, call list, contacts, notes, follow-ups, escalation and doctor review")
public class CareController {
  private static final List<String> TIERS = List.of("low", "medium", "high", "very-high");

  private final CareService care;
  private final Worklist worklist;
  private final CurrentUser users;

  public CareController(CareService care, Worklist worklist, CurrentUser users) {
    this.care = care;
    this.worklist = worklist;
    this.users = users;
  }

  public record ContactBody(Long alertId, String channel, String outcome, String note, String by) {}

  public record NoteBody(Long alertId, String text, String by) {}

  public record FollowUpBody(Long alertId, Instant dueAt, String interval, String reason, String by) {}

  public record CloseBody(String outcome, String reason, String by) {}

  public record EscalateBody(String reason, String by) {}

  public record ReviewBody(String decision, String reason, String by) {}

  @GetMapping("/worklist")
  @Operation(summary = "Members with open alerts or due follow-ups: most severe, then Five-Highs tier, then longest"
      + " waiting, first. Filters: condition, minimum severity, alert status, Five-Highs tier, manager (mine = the"
      + " signed-in manager), one member")
  public Worklist.Page worklist(
      @RequestParam(required = false) String condition,
      @RequestParam(required = false) String severity,
      @RequestParam(defaultValue = "open,acknowledged,escalated") String status,
      @RequestParam(required = false) String tier,
      @RequestParam(required = false) String manager,
      @RequestParam(defaultValue = "false") boolean mine,
      @RequestParam(defaultValue = "true") boolean followUps,
      @RequestParam(defaultValue = "false") boolean includeSnoozed,
      @RequestParam(required = false) String patient,
      @RequestParam(defaultValue = "50") int limit,
      @RequestParam(defaultValue = "0") int offset) {
    return worklist.page(filter(condition, severity, status, tier, manager, mine, followUps, includeSnoozed, patient),
        range("limit", limit, 1, 1000), range("offset", offset, 0, Integer.MAX_VALUE));
  }

  @GetMapping(value = "/worklist.csv", produces = "text/csv")
  @Operation(summary = "The worklist as a CSV call list (same filters; up to 5000 members)")
  public ResponseEntity<String> callList(
      @RequestParam(required = false) String condition,
      @RequestParam(required = false) String severity,
      @RequestParam(defaultValue = "open,acknowledged,escalated") String status,
      @RequestParam(required = false) String tier,
      @RequestParam(required = false) String manager,
      @RequestParam(defaultValue = "false") boolean mine,
      @RequestParam(defaultValue = "true") boolean followUps,
      @RequestParam(defaultValue = "1000") int limit) {
    var page = worklist.page(filter(condition, severity, status, tier, manager, mine, followUps, false, null),
        range("limit", limit, 1, 5000), 0);
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"vigil-call-list.csv\"")
        .body(CallList.csv(page));
  }

  @PostMapping("/patients/{id}/contacts")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Record a contact attempt and its outcome: reached, no-answer, wrong-number, refused")
  public Care.Contact contact(@PathVariable String id, @RequestBody ContactBody b) {
    return care.contact(id, b.alertId(), b.channel(), b.outcome(), b.note(), users.actor(b.by()));
  }

  @GetMapping("/patients/{id}/contacts")
  @Operation(summary = "The member's contact attempts, newest first")
  public List<Care.Contact> contacts(@PathVariable String id) {
    return care.contacts(id);
  }

  @PostMapping("/patients/{id}/notes")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Add a note (optionally about one alert)")
  public Care.Note note(@PathVariable String id, @RequestBody NoteBody b) {
    return care.note(id, b.alertId(), b.text(), users.actor(b.by()));
  }

  @GetMapping("/patients/{id}/notes")
  @Operation(summary = "The member's notes, newest first")
  public List<Care.Note> notes(@PathVariable String id) {
    return care.notes(id);
  }

  @GetMapping("/patients/{id}/follow-ups/suggestion")
  @Operation(summary = "The suggested follow-up interval for the member's Five-Highs tier, with its source")
  public Care.Suggestion suggestion(@PathVariable String id) {
    return care.suggestion(id);
  }

  @PostMapping("/patients/{id}/follow-ups")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Plan a follow-up at dueAt or after interval (e.g. P14D); neither = the suggested interval")
  public Care.FollowUp planFollowUp(@PathVariable String id, @RequestBody FollowUpBody b) {
    return care.planFollowUp(id, b.alertId(), b.dueAt(), b.interval(), b.reason(), users.actor(b.by()));
  }

  @GetMapping("/patients/{id}/follow-ups")
  @Operation(summary = "The member's follow-ups, soonest first")
  public List<Care.FollowUp> followUps(@PathVariable String id, @RequestParam(defaultValue = "false") boolean open) {
    return care.followUps(id, open);
  }

  @PostMapping("/follow-ups/{id}/complete")
  @Operation(summary = "Mark a follow-up done, with its outcome")
  public Care.FollowUp complete(@PathVariable long id, @RequestBody(required = false) CloseBody b) {
    return care.closeFollowUp(id, true, b == null ? null : b.outcome(), users.actor(b == null ? null : b.by()));
  }

  @PostMapping("/follow-ups/{id}/cancel")
  @Operation(summary = "Cancel a follow-up, with a reason")
  public Care.FollowUp cancel(@PathVariable long id, @RequestBody(required = false) CloseBody b) {
    return care.closeFollowUp(id, false, b == null ? null : b.reason(), users.actor(b == null ? null : b.by()));
  }

  @PostMapping("/alerts/{id}/escalate")
  @Operation(summary = "Hand an alert to a doctor with a reason (urgent and emergency in every tier; less severe"
      + " alerts in premium)")
  public AlertView escalate(@PathVariable long id, @RequestBody(required = false) EscalateBody b) {
    return care.escalate(id, b == null ? null : b.reason(), users.actor(b == null ? null : b.by()));
  }

  @PostMapping("/alerts/{id}/review")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "A doctor confirms or rejects the alert's suggestion with a reason (shown to the manager)")
  public Care.Review review(@PathVariable long id, @RequestBody ReviewBody b) {
    return care.review(id, b.decision(), b.reason(), users.require(b.by(), Role.DOCTOR));
  }

  @GetMapping("/alerts/{id}/reviews")
  @Operation(summary = "Doctors' decisions on the alert")
  public List<Care.Review> reviews(@PathVariable long id) {
    return care.reviews(id);
  }

  @GetMapping("/reviews")
  @Operation(summary = "Doctors' recent decisions, on one manager's panel when given")
  public List<Care.Review> recentReviews(@RequestParam(required = false) String manager,
      @RequestParam(defaultValue = "7") int days) {
    return care.recentReviews(manager, range("days", days, 1, 365));
  }

  @GetMapping("/patients/{id}/timeline")
  @Operation(summary = "Everything that happened to the member (alerts, calls, notes, follow-ups, reviews,"
      + " messages, assignments), newest first")
  public List<Care.TimelineEvent> timeline(@PathVariable String id, @RequestParam(defaultValue = "200") int limit) {
    return care.timeline(id, range("limit", limit, 1, 1000));
  }

  /** Parses the worklist filters, naming the parameter that is wrong. */
  public Worklist.Filter filter(String condition, String severity, String status, String tier, String manager,
      boolean mine, boolean followUps, boolean includeSnoozed, String patient) {
    Severity min = null;
    if (severity != null && !severity.isBlank()) {
      try {
        min = Severity.of(severity.strip());
      } catch (IllegalArgumentException e) {
        throw InvalidInputException.of("severity", "'" + severity + "' is not one of info, attention, urgent,"
            + " emergency");
      }
    }
    List<AlertStatus> statuses = AlertsController.statuses(status);
    List<String> tiers = new ArrayList<>();
    if (tier != null && !tier.isBlank()) {
      for (String t : tier.split(",")) {
        if (!TIERS.contains(t.strip())) {
          throw InvalidInputException.of("tier", "'" + t.strip() + "' is not one of " + String.join(", ", TIERS));
        }
        tiers.add(t.strip());
      }
    }
    String managerId = manager == null || manager.isBlank() ? null : manager.strip();
    if (mine) {
      managerId = users.signedIn().filter(u -> u.role() == Role.MANAGER).map(u -> u.id()).orElseThrow(() ->
          InvalidInputException.of("mine", "only a signed-in health manager has a panel"));
    }
    return new Worklist.Filter(condition == null || condition.isBlank() ? null : condition.strip(), min, statuses,
        tiers, managerId, followUps, includeSnoozed, patient == null || patient.isBlank() ? null : patient.strip());
  }

  static int range(String field, int v, int min, int max) {
    if (v < min || v > max) {
      throw InvalidInputException.of(field, "must be between " + min + " and " + max);
    }
    return v;
  }
}
