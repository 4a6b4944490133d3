package org.vigil.server.export;

import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The only place an export reads the stored FHIR Patient. It takes the coarse address parts and nothing else —
 * names, telecom, identifiers and street lines stay where they are — so when direct identifiers are encrypted at
 * rest this is the one method to redirect.
 */
public final class PatientResourceFields {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private PatientResourceFields() {}

  /** The member's current address (the first not marked {@code old}) without its street line. */
  public static Member.Address address(String patientResourceJson) {
    JsonNode addresses = JSON.readTree(patientResourceJson).path("address");
    for (JsonNode a : addresses) {
      if (!"old".equals(a.path("use").asString(""))) {
        return new Member.Address(text(a, "postalCode"), text(a, "district"), text(a, "city"), text(a, "state"));
      }
    }
    return Member.Address.NONE;
  }

  private static Optional<String> text(JsonNode address, String field) {
    JsonNode v = address.get(field);
    return v != null && v.isString() && !v.asString().isBlank() ? Optional.of(v.asString().strip()) : Optional.empty();
  }
}
