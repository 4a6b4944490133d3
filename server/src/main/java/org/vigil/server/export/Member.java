package org.vigil.server.export;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What an export may know about a member before any de-identification: no names, contact details, identifier
 * numbers or street lines ever enter it, so neither export can leak them. {@code id} is the internal patient id; it
 * is used to load the member's activity and to derive the pseudonym, and is never written out.
 *
 * @param id the patient id (internal; never exported)
 * @param birthDate the birth date (partial dates as their first day)
 * @param sex FHIR administrative gender
 * @param address the coarse parts of the member's address (no street line)
 * @param conditions the member's recorded diagnoses, as Vigil conditions
 */
public record Member(String id, Optional<LocalDate> birthDate, Optional<String> sex, Address address,
    List<Condition> conditions) {

  public Member {
    conditions = List.copyOf(conditions);
  }

  /** The address parts an export may use; the street line is deliberately absent. */
  public record Address(Optional<String> postalCode, Optional<String> district, Optional<String> city,
      Optional<String> state) {
    public static final Address NONE = new Address(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /**
   * A recorded diagnosis.
   *
   * @param condition Vigil's condition (diabetes, gout, ...)
   * @param codeSystem the coding system of {@code code}
   * @param code the code as received
   * @param clinicalStatus FHIR condition-clinical status
   * @param recordedAt when Vigil recorded it
   */
  public record Condition(String condition, String codeSystem, String code, String clinicalStatus,
      Instant recordedAt) {
    /** Clinical statuses under which a diagnosis counts (as the monitor reads them). */
    public boolean active() {
      return "active".equals(clinicalStatus) || "recurrence".equals(clinicalStatus) || "relapse".equals(clinicalStatus);
    }
  }
}
