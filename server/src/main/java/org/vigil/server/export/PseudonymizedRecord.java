package org.vigil.server.export;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * One member in a pseudonymized export: direct identifiers (name, contact details, identifier numbers, street,
 * patient id, device identifiers) removed and replaced by a keyed pseudonym; everything else as recorded. Still
 * personal data (whoever holds the key, or enough other facts, can re-identify): for research under consent, not for
 * publication.
 */
public record PseudonymizedRecord(String pseudonym, Optional<LocalDate> birthDate, Optional<String> sex,
    Member.Address address, List<Condition> conditions, List<Reading> readings, List<Alert> alerts) {

  public PseudonymizedRecord {
    conditions = List.copyOf(conditions);
    readings = List.copyOf(readings);
    alerts = List.copyOf(alerts);
  }

  /** A diagnosis as recorded. */
  public record Condition(String condition, String codeSystem, String code, String clinicalStatus,
      Instant recordedAt) {}

  /** A canonical value; {@code effective} is ISO 8601 at the offset the source reported. */
  public record Reading(String effective, String analyte, String code, double value, String unit, String setting) {}

  /** An alert's classification and lifecycle times. */
  public record Alert(String condition, String family, String rule, String level, String severity, String status,
      Instant openedAt, Optional<Instant> resolvedAt) {}

  /** The member's record under the given pseudonym. */
  public static PseudonymizedRecord of(String pseudonym, Member m, Activity activity) {
    return new PseudonymizedRecord(pseudonym, m.birthDate(), m.sex(), m.address(),
        m.conditions().stream().map(c -> new Condition(c.condition(), c.codeSystem(), c.code(), c.clinicalStatus(),
            c.recordedAt())).toList(),
        activity.readings().stream().map(r -> new Reading(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(r.effective()),
            r.analyte(), r.code(), r.value(), r.unit(), r.setting())).toList(),
        activity.alerts().stream().map(a -> new Alert(a.condition(), a.family(), a.rule(), a.level(), a.severity(),
            a.status(), a.openedAt(), a.resolvedAt())).toList());
  }
}
