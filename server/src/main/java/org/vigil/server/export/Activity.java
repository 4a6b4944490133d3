package org.vigil.server.export;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A member's readings and alerts, loaded per batch after the export has decided who is in it. Device names and
 * identifiers, observation ids and alert bodies (free text, evidence with times) are not part of it.
 */
public record Activity(List<Reading> readings, List<Alert> alerts) {
  public static final Activity NONE = new Activity(List.of(), List.of());

  public Activity {
    readings = List.copyOf(readings);
    alerts = List.copyOf(alerts);
  }

  /**
   * One canonical value.
   *
   * @param effective when it was measured, at the offset the source reported
   * @param analyte Vigil's analyte (systolic-bp, glucose, ...)
   * @param code LOINC as received
   * @param value the value in the canonical unit
   * @param unit the canonical UCUM unit
   * @param setting office | home | ambulatory | unspecified
   */
  public record Reading(OffsetDateTime effective, String analyte, String code, double value, String unit,
      String setting) {}

  /** An alert's classification and lifecycle times. */
  public record Alert(String condition, String family, String rule, String level, String severity, String status,
      Instant openedAt, Optional<Instant> resolvedAt) {}
}
