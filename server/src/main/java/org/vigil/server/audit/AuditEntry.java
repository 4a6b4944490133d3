package org.vigil.server.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One access to personal data, as the audit log keeps it: who (actor, role, tenant), about whom (patient), what
 * (action, resource), when, why (purpose) and how it ended (outcome). The values are normalized here, once, to
 * exactly what PostgreSQL stores and gives back, because the entry's hash is computed before it is stored and
 * recomputed from the stored row by the verifier: {@code at} is cut to microseconds (timestamptz precision) and must
 * lie in years 1..9999, NUL characters and unpaired surrogates (which PostgreSQL text cannot hold) become U+FFFD.
 * An entry that could not be stored would stop the single writer, so it is refused here instead.
 *
 * @param at when the access happened
 * @param actor who: the user id, or {@code anonymous} when nobody signed in, or {@code system} for Vigil's own jobs
 * @param role the actor's role at the time ({@code anonymous} / {@code system} for those actors)
 * @param tenant the actor's tenant (empty when unknown, e.g. a failed sign-in)
 * @param patientId the member whose data was touched; null when none (a search across members, a sign-in)
 * @param action {@code read}, {@code search}, {@code create}, {@code update}, {@code delete}, {@code export},
 *     {@code login} or {@code denied} (the constants below); other values are kept as given
 * @param resource what was touched, e.g. {@code GET /api/v1/patients/{id}/findings} or {@code Patient/p1}
 * @param purpose why: {@code treatment}, {@code operations}, {@code payment}, {@code research}...
 * @param outcome how it ended: an HTTP status such as {@code 200} or {@code 403}
 * @param detail anything else worth keeping (query parameters, the reason of a refusal); null when nothing. Plain
 *     strings only, so that what is hashed is exactly what is stored.
 */
public record AuditEntry(
    Instant at,
    String actor,
    String role,
    String tenant,
    String patientId,
    String action,
    String resource,
    String purpose,
    String outcome,
    Map<String, String> detail) {

  public static final String READ = "read";
  public static final String SEARCH = "search";
  public static final String CREATE = "create";
  public static final String UPDATE = "update";
  public static final String DELETE = "delete";
  public static final String EXPORT = "export";
  public static final String LOGIN = "login";
  public static final String DENIED = "denied";

  private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

  public AuditEntry {
    Objects.requireNonNull(at, "at");
    if (at.isBefore(MIN) || at.isAfter(MAX)) {
      throw new IllegalArgumentException("audit time out of range (years 1..9999): " + at);
    }
    at = at.truncatedTo(ChronoUnit.MICROS);
    actor = clean(Objects.requireNonNull(actor, "actor"));
    role = clean(Objects.requireNonNull(role, "role"));
    tenant = clean(Objects.requireNonNull(tenant, "tenant"));
    patientId = patientId == null ? null : clean(patientId);
    action = clean(Objects.requireNonNull(action, "action"));
    resource = clean(Objects.requireNonNull(resource, "resource"));
    purpose = clean(Objects.requireNonNull(purpose, "purpose"));
    outcome = clean(Objects.requireNonNull(outcome, "outcome"));
    if (detail != null) {
      TreeMap<String, String> sorted = new TreeMap<>();
      detail.forEach((k, v) -> sorted.put(clean(Objects.requireNonNull(k, "detail key")),
          clean(Objects.requireNonNull(v, () -> "detail value of " + k))));
      detail = java.util.Collections.unmodifiableSortedMap(sorted);
    }
  }

  /** The text as PostgreSQL can store it: NUL and unpaired surrogates replaced by U+FFFD. */
  static String clean(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == 0 || Character.isSurrogate(c)) {
        return replaceFrom(s, i);
      }
    }
    return s; // the usual case: nothing to copy
  }

  private static String replaceFrom(String s, int start) {
    StringBuilder b = new StringBuilder(s.length()).append(s, 0, start);
    int n = s.length();
    for (int i = start; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else if (c == 0 || Character.isSurrogate(c)) {
        b.append('\uFFFD');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
