package org.vigil.server.fhir;

import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vigil.engine.units.Problem;
import org.vigil.engine.units.Result;
import org.vigil.server.patients.PatientService;

/**
 * Resolves a reference to a member: {@code Patient/id}, a conditional {@code Patient?identifier=system|value},
 * or (inside a Bundle) a {@code urn:uuid:} full URL of an entry already processed.
 */
@Component
public class PatientReferences {
  private final PatientService patients;
  private final org.vigil.server.security.AccessPolicy access;

  public PatientReferences(PatientService patients, org.vigil.server.security.AccessPolicy access) {
    this.patients = patients;
    this.access = access;
  }

  /** Whether the caller may write for this member (ADR 0014); others' members are answered like unknown ones. */
  private boolean mine(String id) {
    return access.current().map(a -> a.canSee(id)).orElse(true);
  }

  /** The member's id, or the problem (naming {@code field}) that prevents resolving it. */
  public Result<String> resolve(String field, String reference, Map<String, String> bundleIds) {
    if (reference == null || reference.isBlank()) {
      return Result.err(field, "subject is missing (a reference to the Patient)");
    }
    String mapped = bundleIds.get(reference);
    if (mapped != null) {
      return Result.ok(mapped);
    }
    if (reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:")) {
      return Result.err(field, "'" + reference + "' is not a Patient in this Bundle");
    }
    if (reference.startsWith("Patient?")) {
      return conditional(field, reference.substring("Patient?".length()), bundleIds);
    }
    String id = reference;
    int slash = reference.lastIndexOf("Patient/");
    if (slash >= 0) {
      id = reference.substring(slash + "Patient/".length());
      int history = id.indexOf("/_history");
      if (history >= 0) {
        id = id.substring(0, history);
      }
    } else if (reference.contains("/")) {
      return Result.err(field, "'" + reference + "' does not refer to a Patient");
    }
    String found = id;
    return patients.exists(id) && mine(id)
        ? Result.ok(found)
        : Result.err(field, "no patient '" + id + "' (create the Patient first)");
  }

  private Result<String> conditional(String field, String query, Map<String, String> bundleIds) {
    if (!query.startsWith("identifier=")) {
      return Result.err(field, "conditional references support only identifier=system|value");
    }
    String token = java.net.URLDecoder.decode(query.substring("identifier=".length()),
        java.nio.charset.StandardCharsets.UTF_8);
    int bar = token.indexOf('|');
    if (bar < 0) {
      return Result.err(field, "conditional reference needs identifier=system|value");
    }
    String system = token.substring(0, bar);
    String value = token.substring(bar + 1);
    String inBundle = bundleIds.get("identifier:" + system + "|" + value);
    if (inBundle != null) {
      return Result.ok(inBundle);
    }
    Optional<String> id = patients.idByIdentifier(system, value).filter(this::mine);
    return id.<Result<String>>map(Result::ok)
        .orElseGet(() -> Result.err(field, "no patient with identifier " + system + "|" + value));
  }

  static Problem problem(Result<String> r) {
    return ((Result.Err<String>) r).problem();
  }
}
