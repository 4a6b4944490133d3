package org.vigil.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.server.Times.hoursAgo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.server.IntegrationTest;
import org.vigil.server.TestHttp;
import org.vigil.server.audit.AuditLog;
import org.vigil.server.audit.AuditVerifier;
import org.vigil.server.users.Role;
import org.vigil.server.users.User;
import org.vigil.server.users.UserService;

/**
 * Every read and write of personal data, and every refusal, leaves an audit entry saying who (and in which role and
 * tenant), which member, what, for what purpose and with what outcome; the entries form an unbroken hash chain, and
 * an operator finds them through FHIR AuditEvent.
 */
class AccessAuditIT extends IntegrationTest {
  @Autowired
  UserService users;
  @Autowired
  AuditLog audit;
  @Autowired
  DataSource dataSource;

  private Map<String, Object> entry(String actor, String patient, String action) {
    // The filter appends the entry after the response has been written, so the client can get its answer a moment
    // before the entry is queued: flush and look again for up to 5 s.
    List<Map<String, Object>> rows = List.of();
    for (int i = 0; i < 50 && rows.isEmpty(); i++) {
      if (i > 0) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      audit.flush();
      rows = jdbc.sql("""
              select actor, role, tenant, patient_id, action, resource, purpose, outcome from audit_event
              where actor = ? and coalesce(patient_id, '') = coalesce(?, '') and action = ?
              order by seq desc limit 1""")
          .params(actor, patient, action).query().listOfRows();
    }
    assertThat(rows).as("an audit entry for " + actor + " " + action + " " + patient).isNotEmpty();
    return rows.getFirst();
  }

  @Test
  void readsWritesAndRefusalsAreAuditedInAnUnbrokenChain() throws Exception {
    String run = unique("aud");
    String mine = run + "-mine";
    String theirs = run + "-theirs";
    String manager = run + "-mgr";
    String other = run + "-mgr2";
    users.save(new User(manager, "M", Role.MANAGER, "default", "en", null, false));
    users.save(new User(other, "M2", Role.MANAGER, "default", "en", null, false));
    patient(mine);
    patient(theirs);
    users.assign(mine, manager, "test", null);
    users.assign(theirs, other, "test", null);
    readings(bp(mine, 150, 95, hoursAgo(2), "home"));
    TestHttp asManager = as(manager, "manager");

    assertThat(asManager.get("/api/v1/patients/" + mine + "/findings").status()).isEqualTo(200);
    Map<String, Object> read = entry(manager, mine, "read");
    assertThat(read).containsEntry("role", "manager").containsEntry("tenant", "default")
        .containsEntry("resource", "GET /api/v1/patients/{id}/findings").containsEntry("purpose", "TREAT")
        .containsEntry("outcome", "200");

    assertThat(asManager.post("/api/v1/patients/" + mine + "/notes", "application/json",
        "{\"text\": \"spoke to daughter\"}").status()).isEqualTo(201);
    assertThat(entry(manager, mine, "create")).containsEntry("resource", "POST /api/v1/patients/{id}/notes");

    TestHttp.Response refused = asManager.get("/api/v1/patients/" + theirs + "/findings");
    assertThat(refused.status()).isEqualTo(403);
    Map<String, Object> denied = entry(manager, theirs, "denied");
    assertThat((String) denied.get("outcome")).startsWith("403");

    TestHttp research = http(token(run + "-researcher", "operator", "default"));
    var withPurpose = research.get("/fhir/Patient/" + mine, "application/fhir+json");
    assertThat(withPurpose.status()).isEqualTo(200);
    // The purpose the caller declares (X-Purpose-Of-Use) is recorded; TestHttp cannot set headers, so the role's.
    assertThat(entry(run + "-researcher", mine, "read")).containsEntry("purpose", "HOPERAT")
        .containsEntry("resource", "FHIR read Patient");

    var chain = AuditVerifier.verify(dataSource, Optional.empty());
    assertThat(chain).isInstanceOf(AuditVerifier.Ok.class);

    TestHttp.Response events = get("/fhir/AuditEvent?patient=" + theirs);
    assertThat(events.status()).isEqualTo(200);
    assertThat(events.body()).contains(manager).contains("denied");
    assertThat(asManager.get("/fhir/AuditEvent?patient=" + mine, "application/fhir+json").status())
        .as("the audit log is for operators").isEqualTo(403);
  }
}
