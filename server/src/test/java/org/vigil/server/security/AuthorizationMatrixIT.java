package org.vigil.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.server.Times.hoursAgo;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.server.IntegrationTest;
import org.vigil.server.TestHttp;
import org.vigil.server.users.Role;
import org.vigil.server.users.User;
import org.vigil.server.users.UserService;
import tools.jackson.databind.JsonNode;

/**
 * Every role × every endpoint × a member of the caller's own care, a member of the same tenant in someone else's
 * care, and a member of another tenant. A response that lets a caller read or change what they may not is a leak and
 * fails the test: refusals must be 403/404 (or a page's redirect) and change nothing; list and search answers must
 * not name anyone the caller may not see. The endpoints come from the access table, and the test also checks that
 * every endpoint of the API description has a rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT extends IntegrationTest {
  private static final String A = "mx-a";
  private static final String B = "mx-b";

  @Autowired
  UserService users;

  /** The three members: own (the callers' own care), other (same tenant, not theirs), foreign (other tenant). */
  final Map<String, String> patient = new LinkedHashMap<>();
  final Map<String, Long> alert = new LinkedHashMap<>();
  final Map<String, Long> followUp = new LinkedHashMap<>();
  /** The callers, by role, all in tenant A. */
  final Map<Role, String> token = new LinkedHashMap<>();
  String run;

  @BeforeAll
  void world() {
    run = unique("mx");
    String own = run + "-own";
    String other = run + "-other";
    String foreign = run + "-foreign";
    patient.put("own", own);
    patient.put("other", other);
    patient.put("foreign", foreign);
    String m1 = run + "-m1";
    String m2 = run + "-m2";
    String mb = run + "-mb";
    String dr = run + "-dr";
    users.save(new User(m1, "M1", Role.MANAGER, A, "en", null, false));
    users.save(new User(m2, "M2", Role.MANAGER, A, "en", null, false));
    users.save(new User(mb, "MB", Role.MANAGER, B, "en", null, false));
    users.save(new User(dr, "DR", Role.DOCTOR, A, "en", null, false));
    users.setCareTeam(dr, List.of(m1));
    patient(own, A, "female", "1960-01-01", "premium");
    patient(other, A, "male", "1961-01-01", "premium");
    patient(foreign, B, "female", "1962-01-01", "premium");
    users.assign(own, m1, "test", null);
    users.assign(other, m2, "test", null);
    users.assign(foreign, mb, "test", null);
    for (var e : patient.entrySet()) {
      readings(bp(e.getValue(), 195, 121, hoursAgo(1), "home"));
      alert.put(e.getKey(), alertsByFamily(e.getValue()).get("htn-crisis").get("id").asLong());
      TestHttp op = http(token("op", "operator", e.getKey().equals("foreign") ? B : A));
      TestHttp.Response fu = op.post("/api/v1/patients/" + e.getValue() + "/follow-ups", "application/json",
          "{\"interval\": \"P7D\", \"reason\": \"recheck\"}");
      assertThat(fu.status()).as(fu.body()).isEqualTo(201);
      followUp.put(e.getKey(), fu.json().get("id").asLong());
    }
    TestHttp opA = http(token("op", "operator", A));
    assertThat(opA.post("/api/v1/patients/" + own + "/consents", "application/json",
        "{\"scope\": \"insurer-sharing\", \"status\": \"active\", \"grantee\": \"ins-1\"}").status()).isEqualTo(201);
    token.put(Role.MEMBER, token(own, "member", A));
    token.put(Role.MANAGER, token(m1, "manager", A));
    token.put(Role.DOCTOR, token(dr, "doctor", A));
    token.put(Role.OPERATOR, token("op", "operator", A));
    token.put(Role.INSURER, tokenWithOrg("ins-user", "insurer", A, "ins-1"));
  }

  private static String tokenWithOrg(String subject, String role, String tenant, String org) {
    return LocalIssuer.at(dataDir()).mint(subject, role, tenant, org, java.time.Duration.ofHours(1),
        java.time.Instant.now());
  }

  /** Who sees which member: own is in every caller's care; other only the operator's (same tenant); foreign none. */
  private static boolean sees(Role role, String target) {
    return switch (target) {
      case "own" -> true;
      case "other" -> role == Role.OPERATOR;
      default -> false;
    };
  }

  /** Rows that a refused request must not have changed. */
  private long fingerprint() {
    long n = 0;
    for (String t : List.of("alert_event", "contact_attempt", "care_note", "follow_up", "member_message", "consent",
        "panel_assignment", "app_user", "reading", "observation", "patient", "care_team", "alert_review")) {
      n = n * 31 + count("select count(*) from " + t);
    }
    return n + count("select count(*) from follow_up where status = 'open'")
        + count("select count(*) from alert where status = 'open'") * 7;
  }

  private String url(AccessRules.Rule rule, String target) {
    String id = switch (rule.subject()) {
      case NONE -> "x";
      case PATIENT -> patient.get(target);
      case ALERT -> Long.toString(alert.get(target));
      case FOLLOW_UP -> Long.toString(followUp.get(target));
    };
    return rule.pattern().getPatternString().replace("{id}", id).replace("{job}", "1").replace("{model}", "pce");
  }

  private TestHttp.Response call(String method, String url, Role role) {
    TestHttp h = http(token.get(role));
    return switch (method) {
      case "GET" -> h.get(url, "application/json, text/html, text/csv");
      case "POST" -> h.post(url, "application/json", "{}");
      case "PUT" -> h.put(url, "application/json", "{}");
      default -> throw new IllegalArgumentException(method);
    };
  }

  private static boolean refused(TestHttp.Response r) {
    return r.status() == 403 || r.status() == 404 || r.status() == 302;
  }

  @Test
  void everyRoleOnEveryEndpointSeesAndChangesOnlyWhatItMay() {
    List<String> leaks = new ArrayList<>();
    int calls = 0;
    for (AccessRules.Rule rule : AccessRules.all()) {
      for (Role role : token.keySet()) {
        List<String> targets = rule.subject() == AccessRules.Subject.NONE ? List.of("none")
            : List.of("own", "other", "foreign");
        for (String target : targets) {
          boolean allowed = rule.roles().contains(role) && (target.equals("none") || sees(role, target));
          long before = rule.method().equals("GET") ? 0 : fingerprint();
          TestHttp.Response r = call(rule.method(), url(rule, target), role);
          calls++;
          String where = role.code() + " " + rule.method() + " " + rule.pattern().getPatternString() + " (" + target
              + ") -> " + r.status();
          if (r.status() >= 500) {
            leaks.add(where + ": server error " + r.body());
          } else if (r.status() == 401) {
            leaks.add(where + ": the token was not accepted");
          } else if (!allowed && !refused(r)) {
            leaks.add(where + ": should have been refused");
          } else if (!allowed && !rule.method().equals("GET") && fingerprint() != before) {
            leaks.add(where + ": refused but something was written");
          } else if (allowed && refused(r) && !(r.status() == 404 && rule.subject() == AccessRules.Subject.NONE)
              && !(r.status() == 302 && rule.pattern().getPatternString().equals("/"))) {
            leaks.add(where + ": should have been allowed: " + r.body());
          }
          if (rule.method().equals("GET") && r.status() == 200) {
            for (var p : patient.entrySet()) {
              if (!sees(role, p.getKey()) && r.body().contains(p.getValue())) {
                leaks.add(where + ": the answer names " + p.getKey() + " member " + p.getValue());
              }
            }
          }
        }
      }
    }
    assertThat(calls).isGreaterThan(300);
    assertThat(leaks).isEmpty();
  }

  @Test
  void everyEndpointOfTheApiDescriptionHasAnAccessRule() {
    JsonNode paths = anonymous().get("/v3/api-docs").json().get("paths");
    List<String> missing = new ArrayList<>();
    for (var e : paths.properties()) {
      for (var m : e.getValue().properties()) {
        String method = m.getKey().toUpperCase(java.util.Locale.ROOT);
        String path = e.getKey().replaceAll("\\{[^}]+}", "1");
        if (AccessRules.find(method, path).isEmpty()) {
          missing.add(method + " " + e.getKey());
        }
      }
    }
    assertThat(missing).as("endpoints without an access rule are refused to everyone").isEmpty();
  }

  @Test
  void fhirReadsSearchesIncludesAndWritesShowOnlyWhoTheCallerMaySee() {
    List<String> leaks = new ArrayList<>();
    for (Role role : token.keySet()) {
      TestHttp h = http(token.get(role));
      for (var p : patient.entrySet()) {
        String id = p.getValue();
        boolean sees = sees(role, p.getKey());
        TestHttp.Response read = h.get("/fhir/Patient/" + id, "application/fhir+json");
        if (sees ? read.status() != 200 : read.status() != 404) {
          leaks.add(role.code() + " read Patient/" + p.getKey() + " -> " + read.status());
        }
        for (String search : List.of("Observation?patient=" + id + "&_include=Observation:subject",
            "DetectedIssue?patient=" + id, "Condition?patient=" + id, "RiskAssessment?patient=" + id,
            "Consent?patient=" + id, "Patient?identifier=urn:test:member|" + id, "Patient?name=Test",
            "Observation?code=85354-9&_include=Observation:subject&_count=200")) {
          TestHttp.Response r = h.get("/fhir/" + search, "application/fhir+json");
          if (r.status() >= 500 || r.status() == 401) {
            leaks.add(role.code() + " " + search + " -> " + r.status());
          }
          if (r.status() == 200) {
            // What the server returns, not the links that echo the caller's own query.
            JsonNode entries = r.json().get("entry");
            String returned = entries == null ? "" : entries.toString();
            for (var q : patient.entrySet()) {
              if (!sees(role, q.getKey()) && returned.contains(q.getValue())) {
                leaks.add(role.code() + " " + search + " names the " + q.getKey() + " member");
              }
            }
          }
        }
        if (sees && role == Role.OPERATOR) {
          TestHttp.Response obs = h.get("/fhir/Observation?patient=" + id + "&_include=Observation:subject",
              "application/fhir+json");
          assertThat(obs.body()).as("an allowed search finds the member's readings and includes the member")
              .contains("\"resourceType\":\"Patient\"").contains(id);
        }
        long before = fingerprint();
        // A distinct value per role: the same reading sent twice within a second is a duplicate (answered 200).
        TestHttp.Response write = h.post("/fhir/Observation", "application/fhir+json", """
            {"resourceType": "Observation", "status": "final",
             "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
             "subject": {"reference": "Patient/%s"}, "effectiveDateTime": "%s",
             "valueQuantity": {"value": %d, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}}"""
            .formatted(id, hoursAgo(3), 70 + role.ordinal()));
        boolean mayWrite = (role == Role.OPERATOR && sees) || (role == Role.MEMBER && p.getKey().equals("own"));
        if (mayWrite ? write.status() != 201 : (write.status() < 400 || fingerprint() != before)) {
          leaks.add(role.code() + " writes an Observation for " + p.getKey() + " -> " + write.status() + " "
              + write.body());
        }
      }
      TestHttp.Response audit = h.get("/fhir/AuditEvent", "application/fhir+json");
      if (role != Role.OPERATOR && audit.status() != 403) {
        leaks.add(role.code() + " searches AuditEvent -> " + audit.status());
      }
      if (role != Role.OPERATOR) {
        long before = fingerprint();
        TestHttp.Response bundle = h.post("/fhir", "application/fhir+json", """
            {"resourceType": "Bundle", "type": "transaction", "entry": [{"resource":
              {"resourceType": "Patient", "id": "%s-sneak", "name": [{"family": "Sneak"}]},
             "request": {"method": "PUT", "url": "Patient/%s-sneak"}}]}""".formatted(run, run));
        if (bundle.status() != 403 || fingerprint() != before) {
          leaks.add(role.code() + " posts a transaction Bundle -> " + bundle.status());
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void withoutATokenNothingAnswersButHealthAndTheSignInPage() {
    assertThat(anonymous().get("/api/v1/alerts").status()).isEqualTo(401);
    assertThat(anonymous().get("/fhir/Patient/" + patient.get("own"), "application/fhir+json").status())
        .isEqualTo(401);
    assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
    assertThat(anonymous().get("/login", "text/html").status()).isEqualTo(200);
    TestHttp.Response forged = new TestHttp(port, token.get(Role.OPERATOR) + "x").get("/api/v1/alerts");
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.json().get("errors").get(0).get("field").asString()).isEqualTo("Authorization");
    String otherIssuer = org.vigil.server.security.LocalIssuer.at(java.nio.file.Path.of(
        System.getProperty("java.io.tmpdir"), unique("other-issuer"))).mint("op", "operator", A, null,
        java.time.Duration.ofHours(1), java.time.Instant.now());
    assertThat(new TestHttp(port, otherIssuer).get("/api/v1/alerts").status())
        .as("a token signed by another key").isEqualTo(401);
    String expired = LocalIssuer.at(dataDir()).mint("op", "operator", A, null, java.time.Duration.ofMinutes(1),
        java.time.Instant.now().minus(java.time.Duration.ofHours(2)));
    assertThat(new TestHttp(port, expired).get("/api/v1/alerts").status()).as("an expired token").isEqualTo(401);
  }

  @Test
  void aClientNamingSomeoneElseAsTheActorIsRefused() {
    long before = fingerprint();
    TestHttp.Response r = http(token.get(Role.MANAGER)).post("/api/v1/alerts/" + alert.get("own") + "/acknowledge",
        "application/json", "{\"by\": \"someone-else\"}");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("by");
    assertThat(fingerprint()).isEqualTo(before);
  }

  static Set<Role> all() {
    return EnumSet.allOf(Role.class);
  }
}
