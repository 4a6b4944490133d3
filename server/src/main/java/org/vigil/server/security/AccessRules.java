package org.vigil.server.security;

import static org.vigil.server.users.Role.DOCTOR;
import static org.vigil.server.users.Role.INSURER;
import static org.vigil.server.users.Role.MANAGER;
import static org.vigil.server.users.Role.MEMBER;
import static org.vigil.server.users.Role.OPERATOR;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.vigil.server.users.Role;

/**
 * Which roles may call each endpoint of the REST API and the pages, and whose data it touches: one table, read by
 * {@link AccessInterceptor} before any handler runs. An endpoint missing from the table is refused (fail closed);
 * the authorization matrix test walks every endpoint of the API description against it.
 */
public final class AccessRules {
  /** Where a request names the member whose data it touches. */
  public enum Subject {
    /** No single member (lists are scoped by {@link Access#scope}). */
    NONE,
    /** {@code {id}} is a patient id. */
    PATIENT,
    /** {@code {id}} is an alert id. */
    ALERT,
    /** {@code {id}} is a follow-up id. */
    FOLLOW_UP
  }

  /** One endpoint: method, path pattern, allowed roles, and where its member is named. */
  public record Rule(String method, PathPattern pattern, Set<Role> roles, Subject subject) {}

  private static final Set<Role> STAFF = EnumSet.of(MANAGER, DOCTOR, OPERATOR);
  private static final Set<Role> CARE = EnumSet.of(MANAGER, DOCTOR, OPERATOR, MEMBER);
  private static final Set<Role> ANYONE = EnumSet.allOf(Role.class);
  private static final PathPatternParser PARSER = new PathPatternParser();

  private static final List<Rule> RULES = List.of(
      // People and panels
      rule("GET", "/api/v1/users", STAFF, Subject.NONE),
      rule("PUT", "/api/v1/users/{id}", EnumSet.of(OPERATOR), Subject.NONE),
      rule("POST", "/api/v1/patients/{id}/manager", EnumSet.of(MANAGER, OPERATOR), Subject.PATIENT),
      rule("GET", "/api/v1/patients/{id}/manager/history", STAFF, Subject.PATIENT),
      // Monitoring, risk
      rule("GET", "/api/v1/patients/{id}/findings", ANYONE, Subject.PATIENT),
      rule("GET", "/api/v1/patients/{id}/risk", ANYONE, Subject.PATIENT),
      rule("GET", "/api/v1/patients/{id}/risk-factors", CARE, Subject.PATIENT),
      rule("PUT", "/api/v1/patients/{id}/risk-factors", CARE, Subject.PATIENT),
      rule("POST", "/api/v1/risk/rescore", EnumSet.of(OPERATOR), Subject.NONE),
      rule("GET", "/api/v1/risk/rescore/{job}", EnumSet.of(OPERATOR), Subject.NONE),
      rule("GET", "/api/v1/stream", EnumSet.of(OPERATOR), Subject.NONE),
      rule("GET", "/api/v1/risk", ANYONE, Subject.NONE),
      rule("GET", "/api/v1/risk/{model}", ANYONE, Subject.NONE),
      rule("POST", "/api/v1/risk/{model}", ANYONE, Subject.NONE),
      // Readings (each item's member is checked by the ingest controller)
      rule("POST", "/api/v1/readings", EnumSet.of(OPERATOR, MEMBER), Subject.NONE),
      // Care loop
      rule("GET", "/api/v1/worklist", STAFF, Subject.NONE),
      rule("GET", "/api/v1/worklist.csv", STAFF, Subject.NONE),
      rule("POST", "/api/v1/patients/{id}/contacts", STAFF, Subject.PATIENT),
      rule("GET", "/api/v1/patients/{id}/contacts", STAFF, Subject.PATIENT),
      rule("POST", "/api/v1/patients/{id}/notes", STAFF, Subject.PATIENT),
      rule("GET", "/api/v1/patients/{id}/notes", STAFF, Subject.PATIENT),
      rule("GET", "/api/v1/patients/{id}/follow-ups/suggestion", STAFF, Subject.PATIENT),
      rule("POST", "/api/v1/patients/{id}/follow-ups", STAFF, Subject.PATIENT),
      rule("GET", "/api/v1/patients/{id}/follow-ups", CARE, Subject.PATIENT),
      rule("POST", "/api/v1/follow-ups/{id}/complete", STAFF, Subject.FOLLOW_UP),
      rule("POST", "/api/v1/follow-ups/{id}/cancel", STAFF, Subject.FOLLOW_UP),
      rule("GET", "/api/v1/patients/{id}/timeline", STAFF, Subject.PATIENT),
      rule("POST", "/api/v1/alerts/{id}/escalate", EnumSet.of(MANAGER, OPERATOR), Subject.ALERT),
      rule("POST", "/api/v1/alerts/{id}/review", EnumSet.of(DOCTOR), Subject.ALERT),
      rule("GET", "/api/v1/alerts/{id}/reviews", STAFF, Subject.ALERT),
      rule("GET", "/api/v1/reviews", STAFF, Subject.NONE),
      // Alerts
      rule("GET", "/api/v1/alerts", CARE, Subject.NONE),
      rule("GET", "/api/v1/alerts/{id}", ANYONE, Subject.ALERT),
      rule("GET", "/api/v1/alerts/{id}/history", CARE, Subject.ALERT),
      rule("POST", "/api/v1/alerts/{id}/acknowledge", STAFF, Subject.ALERT),
      rule("POST", "/api/v1/alerts/{id}/resolve", STAFF, Subject.ALERT),
      rule("POST", "/api/v1/alerts/{id}/snooze", STAFF, Subject.ALERT),
      rule("GET", "/api/v1/escalations", STAFF, Subject.NONE),
      // Outreach
      rule("POST", "/api/v1/patients/{id}/messages", STAFF, Subject.PATIENT),
      rule("GET", "/api/v1/patients/{id}/messages", CARE, Subject.PATIENT),
      rule("GET", "/api/v1/outbox", EnumSet.of(OPERATOR), Subject.NONE),
      // Consent
      rule("GET", "/api/v1/patients/{id}/consents", CARE, Subject.PATIENT),
      rule("POST", "/api/v1/patients/{id}/consents", CARE, Subject.PATIENT),
      // Governance
      rule("GET", "/api/v1/export/pseudonymized", EnumSet.of(OPERATOR), Subject.NONE),
      rule("GET", "/api/v1/export/deidentified", EnumSet.of(OPERATOR), Subject.NONE),
      rule("POST", "/api/v1/admin/rekey", EnumSet.of(OPERATOR), Subject.NONE),
      rule("GET", "/api/v1/admin/rekey", EnumSet.of(OPERATOR), Subject.NONE),
      // Pages
      rule("GET", "/", STAFF, Subject.NONE),
      rule("GET", "/worklist", STAFF, Subject.NONE),
      rule("GET", "/ui/worklist", STAFF, Subject.NONE),
      rule("GET", "/ui/alerts/{id}/details", STAFF, Subject.ALERT),
      rule("GET", "/members/{id}", STAFF, Subject.PATIENT),
      rule("GET", "/doctor", EnumSet.of(DOCTOR, OPERATOR), Subject.NONE),
      rule("GET", "/outbox", EnumSet.of(OPERATOR), Subject.NONE),
      rule("GET", "/me", EnumSet.of(MEMBER), Subject.NONE));

  private AccessRules() {}

  private static Rule rule(String method, String pattern, Set<Role> roles, Subject subject) {
    return new Rule(method, PARSER.parse(pattern), Set.copyOf(roles), subject);
  }

  public static List<Rule> all() {
    return RULES;
  }

  /** The rule for a request, with the {@code {id}} it matched (if any). */
  public static Optional<Map.Entry<Rule, String>> find(String method, String path) {
    PathContainer p = PathContainer.parsePath(path);
    for (Rule r : RULES) {
      if (!r.method().equals(method)) {
        continue;
      }
      PathPattern.PathMatchInfo m = r.pattern().matchAndExtract(p);
      if (m != null) {
        String id = m.getUriVariables().get("id");
        return Optional.of(Map.entry(r, id == null ? "" : id));
      }
    }
    return Optional.empty();
  }
}
