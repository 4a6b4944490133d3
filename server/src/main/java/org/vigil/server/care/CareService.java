package org.vigil.server.care;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.engine.monitor.Severity;
import org.vigil.engine.risk.FiveHighsTier;
import org.vigil.engine.units.Problem;
import org.vigil.server.alerts.AlertService;
import org.vigil.server.alerts.AlertStatus;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.risk.RiskService;
import org.vigil.server.users.User;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;

/**
 * What a health manager (or doctor) does about a member: record a contact attempt and its outcome, write a note,
 * plan a follow-up (interval suggested from the member's Five-Highs tier), escalate an alert to a doctor (as the
 * member's service tier allows), and a doctor's confirmation or rejection of an alert's suggestion. Every action
 * on an alert is also written to the alert's history.
 */
@Service
public class CareService {
  /** Contact outcomes, as in Simple's call results. */
  public static final Set<String> OUTCOMES = Set.of("reached", "no-answer", "wrong-number", "refused");
  public static final Set<String> CHANNELS = Set.of("phone", "visit", "message");
  public static final Set<String> DECISIONS = Set.of("confirmed", "rejected");
  private static final int MAX_TEXT = 2000;

  private final CareRepository care;
  private final AlertService alerts;
  private final RiskService risk;
  private final FiveHighsTier tiers;
  private final Clock clock;

  private final org.vigil.server.security.AccessPolicy access;

  public CareService(CareRepository care, AlertService alerts, RiskService risk, FiveHighsTier tiers, Clock clock,
      org.vigil.server.security.AccessPolicy access) {
    this.access = access;
    this.care = care;
    this.alerts = alerts;
    this.risk = risk;
    this.tiers = tiers;
    this.clock = clock;
  }

  @Transactional
  public Care.Contact contact(String patientId, Long alertId, String channel, String outcome, String note,
      String actor) {
    List<Problem> problems = new ArrayList<>();
    String ch = channel == null || channel.isBlank() ? "phone" : channel.strip();
    if (!CHANNELS.contains(ch)) {
      problems.add(new Problem("channel", "'" + ch + "' is not one of " + sorted(CHANNELS)));
    }
    if (outcome == null || !OUTCOMES.contains(outcome.strip())) {
      problems.add(new Problem("outcome", (outcome == null ? "is required" : "'" + outcome + "' is not valid")
          + "; one of " + sorted(OUTCOMES)));
    }
    text("note", note, false, problems);
    fail(problems);
    member(patientId);
    alertOf(patientId, alertId);
    Care.Contact c = care.insertContact(patientId, alertId, clock.instant(), actor, ch, outcome.strip(), blank(note));
    if (alertId != null) {
      alerts.note(alertId, actor, "contact", detail("channel", ch, "outcome", c.outcome(), "note", c.note()));
    }
    return c;
  }

  @Transactional
  public Care.Note note(String patientId, Long alertId, String text, String actor) {
    List<Problem> problems = new ArrayList<>();
    text("text", text, true, problems);
    fail(problems);
    member(patientId);
    alertOf(patientId, alertId);
    Care.Note n = care.insertNote(patientId, alertId, clock.instant(), actor, text.strip());
    if (alertId != null) {
      alerts.note(alertId, actor, "note", detail("note", n.text()));
    }
    return n;
  }

  /** The follow-up interval for the member's Five-Highs tier, from the tier definition's follow-up settings. */
  public Care.Suggestion suggestion(String patientId) {
    CareRepository.MemberCare m = member(patientId);
    String tier = m.fiveHighsTier() != null ? m.fiveHighsTier() : risk.assess(patientId).tier();
    Duration interval = tiers.definition().followUp().get(tier);
    if (interval == null) {
      throw new NotFoundException("no follow-up interval is set for Five-Highs tier " + tier);
    }
    String period = "P" + interval.toDays() + "D";
    return new Care.Suggestion(period, clock.instant().plus(interval), tier,
        "Five-Highs tier " + tier + ": a review every " + interval.toDays() + " days",
        "knowledge/risk/five-highs-tier.yaml followUp (version " + tiers.definition().version()
            + "; a Vigil service setting, not a clinical interval)");
  }

  /**
   * Plans a follow-up, due at {@code dueAt} or after {@code interval} (ISO-8601 days, e.g. P14D); with neither, the
   * suggested interval. Only members with a health manager (professional, premium) have follow-ups.
   */
  @Transactional
  public Care.FollowUp planFollowUp(String patientId, Long alertId, Instant dueAt, String interval, String reason,
      String actor) {
    List<Problem> problems = new ArrayList<>();
    Instant now = clock.instant();
    Instant due = dueAt;
    if (dueAt != null && interval != null) {
      problems.add(new Problem("interval", "give either dueAt or interval, not both"));
    } else if (interval != null) {
      try {
        java.time.Period p = java.time.Period.parse(interval.strip());
        if (p.isNegative() || p.isZero() || p.toTotalMonths() * 31 + p.getDays() > 366) {
          problems.add(new Problem("interval", "must be between 1 day and a year"));
        } else {
          due = now.plus(Duration.ofDays(p.toTotalMonths() * 30 + p.getDays()));
        }
      } catch (java.time.format.DateTimeParseException e) {
        problems.add(new Problem("interval", "'" + interval + "' is not an ISO-8601 period such as P14D"));
      }
    } else if (dueAt != null && dueAt.isBefore(now.minus(Duration.ofMinutes(5)))) {
      problems.add(new Problem("dueAt", "must not be in the past"));
    } else if (dueAt != null && dueAt.isAfter(now.plus(Duration.ofDays(366)))) {
      problems.add(new Problem("dueAt", "must be within a year"));
    }
    text("reason", reason, false, problems);
    fail(problems);
    CareRepository.MemberCare m = member(patientId);
    if (!ServiceTier.parse(m.serviceTier()).orElse(ServiceTier.PROFESSIONAL).managed()) {
      throw new InvalidInputException(403, List.of(new Problem("patientId", "the member's service tier is basic"
          + " (automated self-management); follow-ups by a health manager are part of professional and premium")));
    }
    alertOf(patientId, alertId);
    if (due == null) {
      due = suggestion(patientId).dueAt();
    }
    String why = reason == null || reason.isBlank() ? "planned review" : reason.strip();
    Care.FollowUp f = care.insertFollowUp(patientId, alertId, due, why, actor, now);
    if (alertId != null) {
      alerts.note(alertId, actor, "follow-up-planned", detail("dueAt", due.toString(), "reason", why));
    }
    return f;
  }

  @Transactional
  public Care.FollowUp closeFollowUp(long id, boolean done, String outcome, String actor) {
    Care.FollowUp f = care.followUpForUpdate(id)
        .orElseThrow(() -> new NotFoundException("follow-up " + id + " does not exist"));
    if (!f.status().equals("open")) {
      throw new InvalidInputException(409, List.of(new Problem("status", "follow-up " + id + " is already "
          + f.status())));
    }
    List<Problem> problems = new ArrayList<>();
    text(done ? "outcome" : "reason", outcome, !done, problems);
    fail(problems);
    care.closeFollowUp(id, done ? "done" : "cancelled", actor, blank(outcome), clock.instant());
    return care.followUp(id).orElseThrow();
  }

  /** Hands an alert to a doctor, if the member's service tier includes a doctor's review of its severity. */
  @Transactional
  public AlertView escalate(long alertId, String reason, String actor) {
    AlertView a = alerts.get(alertId);
    ServiceTier tier = ServiceTier.parse(member(a.patientId()).serviceTier()).orElse(ServiceTier.PROFESSIONAL);
    Severity severity = Severity.of(a.severity());
    if (!tier.mayEscalate(severity)) {
      throw new InvalidInputException(403, List.of(new Problem("tier", tier.escalationRefusal(severity))));
    }
    return alerts.escalate(alertId, actor, reason);
  }

  /**
   * A doctor's decision on an alert's suggestion. Confirmed: the alert goes back to the manager as acknowledged,
   * with the doctor's reason. Rejected: the alert is resolved with the doctor's reason. Either way the decision is
   * kept and shown to the manager.
   */
  @Transactional
  public Care.Review review(long alertId, String decision, String reason, User doctor) {
    List<Problem> problems = new ArrayList<>();
    if (decision == null || !DECISIONS.contains(decision.strip())) {
      problems.add(new Problem("decision", "must be one of " + sorted(DECISIONS)));
    }
    text("reason", reason, true, problems);
    fail(problems);
    AlertView a = alerts.get(alertId);
    if (a.status().equals(AlertStatus.RESOLVED.code())) {
      throw new InvalidInputException(409, List.of(new Problem("status", "alert " + alertId + " is already resolved")));
    }
    String d = decision.strip();
    Care.Review r = care.insertReview(alertId, doctor.id(), d, reason.strip(), clock.instant());
    alerts.note(alertId, doctor.id(), "reviewed", detail("decision", d, "reason", r.reason()));
    if (d.equals("confirmed")) {
      alerts.acknowledge(alertId, doctor.id(), "confirmed by doctor: " + r.reason());
    } else {
      alerts.resolve(alertId, doctor.id(), "rejected by doctor: " + r.reason());
    }
    return r;
  }

  public List<Care.Review> reviews(long alertId) {
    alerts.get(alertId);
    return care.reviewsOfAlert(alertId);
  }

  /** Every doctor's decision on the member's alerts, newest first. */
  public List<Care.Review> reviewsOfMember(String patientId) {
    return care.reviews(List.of(patientId), null, Instant.EPOCH, 500);
  }

  /** Doctors' decisions of the last {@code days} days on a manager's panel (or everyone's). */
  public List<Care.Review> recentReviews(String managerId, int days) {
    List<Care.Review> all = care.reviews(null, managerId, clock.instant().minus(Duration.ofDays(days)), 100);
    // Only the members the caller may see (ADR 0014).
    return access.current().map(a -> {
      var visible = a.visible(all.stream().map(Care.Review::patientId).toList());
      return all.stream().filter(r -> visible.contains(r.patientId())).toList();
    }).orElse(all);
  }

  public List<Care.Contact> contacts(String patientId) {
    member(patientId);
    return care.contacts(patientId);
  }

  public List<Care.Note> notes(String patientId) {
    member(patientId);
    return care.notes(patientId);
  }

  public List<Care.FollowUp> followUps(String patientId, boolean openOnly) {
    member(patientId);
    return care.followUps(patientId, openOnly);
  }

  public List<Care.TimelineEvent> timeline(String patientId, int limit) {
    member(patientId);
    return care.timeline(patientId, limit);
  }

  public CareRepository.MemberCare member(String patientId) {
    return care.member(patientId).orElseThrow(() -> new NotFoundException("patient " + patientId + " does not exist"));
  }

  private void alertOf(String patientId, Long alertId) {
    if (alertId != null && !alerts.get(alertId).patientId().equals(patientId)) {
      throw InvalidInputException.of("alertId", "alert " + alertId + " is not this member's");
    }
  }

  private static void text(String field, String value, boolean required, List<Problem> problems) {
    if (required && (value == null || value.isBlank())) {
      problems.add(new Problem(field, "is required"));
    } else if (value != null && value.length() > MAX_TEXT) {
      problems.add(new Problem(field, "is longer than " + MAX_TEXT + " characters"));
    }
  }

  private static void fail(List<Problem> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String sorted(Set<String> s) {
    return String.join(", ", s.stream().sorted().toList());
  }

  private static Map<String, Object> detail(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        m.put((String) kv[i], kv[i + 1]);
      }
    }
    return m;
  }
}
