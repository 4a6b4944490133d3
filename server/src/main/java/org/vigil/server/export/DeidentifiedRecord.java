package org.vigil.server.export;

import java.util.List;
import java.util.Optional;

/**
 * One member in a de-identified export. Nothing links it to the member: {@code record} is the position in a
 * randomly ordered export (not derived from any identifier, so it is not Safe Harbor's "other unique code"); the
 * quasi-identifiers are generalized to the export's chosen levels; dates are years.
 *
 * @param record 1..n, in a random order new with every export
 * @param age age in years, or a band ({@code 65-69}, {@code 60-79}), {@code 90+} or {@code *}
 * @param sex the recorded sex or {@code *}
 * @param geography the postal prefix ({@code 2000**}) or region at the chosen level, or {@code *}
 * @param conditions the active conditions ({@code diabetes+hypertension}, {@code none}), or their number or
 *     {@code *} when they are a quasi-identifier and were generalized
 * @param readings the readings, oldest first, each with its year only
 * @param alerts the alerts, each with the year it opened
 */
public record DeidentifiedRecord(int record, String age, String sex, String geography, String conditions,
    List<Reading> readings, List<Alert> alerts) {

  public DeidentifiedRecord {
    readings = List.copyOf(readings);
    alerts = List.copyOf(alerts);
  }

  /** A canonical value with the year it was measured (local to where it was measured). */
  public record Reading(int year, String analyte, String code, double value, String unit, String setting) {}

  /** An alert with the year it opened; its condition, family and rule are left out when conditions are generalized. */
  public record Alert(int year, Optional<String> condition, Optional<String> family, Optional<String> rule,
      String level, String severity, String status) {}
}
