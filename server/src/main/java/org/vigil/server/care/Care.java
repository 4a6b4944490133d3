package org.vigil.server.care;

import java.time.Instant;

/** The records of the care loop, as the API returns them. */
public final class Care {
  private Care() {}

  /** A call, visit or message to a member and how it went (Simple's call results). */
  public record Contact(long id, String patientId, Long alertId, Instant at, String by, String channel, String outcome,
      String note) {}

  /** A free-text note on a member (optionally about one alert). */
  public record Note(long id, String patientId, Long alertId, Instant at, String by, String text) {}

  /** A planned contact: open until done (with an outcome) or cancelled. */
  public record FollowUp(long id, String patientId, Long alertId, Instant dueAt, String reason, String status,
      String createdBy, Instant createdAt, Instant doneAt, String doneBy, String outcome) {}

  /** A doctor's decision on an alert's suggestion, with the reason, shown back to the manager. */
  public record Review(long id, long alertId, String patientId, String reviewer, String reviewerName,
      String decision, String reason, Instant at, String levelLabel) {}

  /**
   * The suggested follow-up interval and where it comes from.
   *
   * @param interval ISO-8601 period, e.g. P14D
   * @param basis which setting gave it, in words
   */
  public record Suggestion(String interval, Instant dueAt, String fiveHighsTier, String basis, String source) {}

  /** One thing that happened to a member, for the timeline. */
  public record TimelineEvent(Instant at, String kind, String actor, Long alertId, String summary) {}
}
