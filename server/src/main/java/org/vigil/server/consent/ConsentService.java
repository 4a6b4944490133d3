package org.vigil.server.consent;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.engine.units.Problem;
import org.vigil.server.patients.PatientService;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;

/**
 * Consent records, one row per decision (never updated: a withdrawal is a newer row), and the question every use
 * asks: does the member's latest decision for this scope (and grantee) allow it now? No record means no.
 */
@Service
public class ConsentService {
  /** Vigil's consent scopes. */
  public static final String SYSTEM = "http://vigil.health/fhir/CodeSystem/consent-scope";
  public static final String INSURER = "insurer-sharing";
  public static final String RESEARCH = "research";
  public static final Set<String> SCOPES = Set.of(INSURER, RESEARCH, "outreach-email", "outreach-sms",
      "outreach-webhook");
  static final Set<String> STATUSES = Set.of("active", "rejected", "inactive");

  private final JdbcClient jdbc;
  private final PatientService patients;
  private final FhirContext fhir;
  private final Clock clock;

  public ConsentService(JdbcClient jdbc, PatientService patients, FhirContext fhir, Clock clock) {
    this.jdbc = jdbc;
    this.patients = patients;
    this.fhir = fhir;
    this.clock = clock;
  }

  /** One decision. */
  public record Decision(long id, String patientId, String scope, String grantee, String status, Instant from,
      Instant to, Instant recordedAt, String recordedBy) {}

  /**
   * Records a decision after validating it (422 naming each field; nothing written on error).
   *
   * @param field the prefix for problem fields ({@code Consent} for FHIR, empty for REST)
   */
  @Transactional
  public Decision record(String patientId, String scope, String grantee, String status, Instant from, Instant to,
      String by, String field) {
    String f = field.isEmpty() ? "" : field + ".";
    List<Problem> problems = new ArrayList<>();
    if (scope == null || !SCOPES.contains(scope)) {
      problems.add(new Problem(f + "scope", "must be one of " + String.join(", ", SCOPES.stream().sorted().toList())));
    }
    if (status == null || !STATUSES.contains(status)) {
      problems.add(new Problem(f + "status", "must be active, rejected or inactive (withdrawn)"));
    }
    if (grantee != null && !INSURER.equals(scope)) {
      problems.add(new Problem(f + "grantee", "only consent to share with an insurer names a grantee"));
    }
    if (from != null && to != null && !to.isAfter(from)) {
      problems.add(new Problem(f + "to", "must be after 'from'"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    String tenant = jdbc.sql("select tenant from patient where id = ?").param(patientId).query(String.class)
        .optional().orElseThrow(() -> new NotFoundException("patient " + patientId + " not found"));
    Instant now = clock.instant();
    String json = fhir.newJsonParser().encodeResourceToString(toFhir(0, patientId, scope, grantee, status, from, to,
        now));
    long id = jdbc.sql("""
            insert into consent (tenant, patient_id, scope, grantee, status, period_from, period_to, recorded_at,
                                 recorded_by, resource)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb)) returning id""")
        .params(tenant, patientId, scope, grantee, status, ts(from), ts(to), ts(now), by, json)
        .query(Long.class).single();
    return new Decision(id, patientId, scope, grantee, status, from, to, now, by);
  }

  /** Every decision of a member, newest first. */
  public List<Decision> history(String patientId) {
    patients.readOrThrow(patientId);
    return jdbc.sql("select " + COLUMNS + " from consent where patient_id = ? order by recorded_at desc, id desc")
        .param(patientId).query(this::map).list();
  }

  /** One decision, by id. */
  public Decision get(long id) {
    return jdbc.sql("select " + COLUMNS + " from consent where id = ?").param(id).query(this::map).optional()
        .orElseThrow(() -> new NotFoundException("Consent/" + id + " is not known"));
  }

  /** Whether the member's latest decision for the scope (and this grantee, or any grantee) allows use now. */
  public boolean allows(String patientId, String scope, String grantee) {
    return jdbc.sql("""
            select status = 'active' and (period_from is null or period_from <= ?) and (period_to is null or period_to > ?)
            from consent where patient_id = ? and scope = ? and (grantee is null or grantee = ?)
            order by recorded_at desc, id desc limit 1""")
        .params(ts(clock.instant()), ts(clock.instant()), patientId, scope, grantee)
        .query(Boolean.class).optional().orElse(false);
  }

  /** The decision as a FHIR R4 Consent. */
  public Consent toFhir(Decision d) {
    return toFhir(d.id(), d.patientId(), d.scope(), d.grantee(), d.status(), d.from(), d.to(), d.recordedAt());
  }

  private static Consent toFhir(long id, String patientId, String scope, String grantee, String status,
      Instant from, Instant to, Instant at) {
    Consent c = new Consent();
    if (id > 0) {
      c.setId("Consent/" + id);
    }
    c.setStatus(Consent.ConsentState.fromCode(status));
    c.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
        scope.equals(RESEARCH) ? "research" : "patient-privacy", null)));
    c.addCategory(new CodeableConcept(new Coding(SYSTEM, scope, null)));
    c.setPatient(new Reference("Patient/" + patientId));
    c.setDateTime(Date.from(at));
    var p = c.getProvision();
    p.setType(Consent.ConsentProvisionType.PERMIT);
    if (from != null || to != null) {
      p.setPeriod(new Period().setStart(from == null ? null : Date.from(from)).setEnd(to == null ? null : Date.from(to)));
    }
    if (grantee != null) {
      p.addActor().setReference(new Reference("Organization/" + grantee))
          .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "PROV", null)));
    }
    return c;
  }

  private static final String COLUMNS =
      "id, patient_id, scope, grantee, status, period_from, period_to, recorded_at, recorded_by";

  private Decision map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Decision(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        instant(rs, 6), instant(rs, 7), instant(rs, 8), rs.getString(9));
  }

  private static Instant instant(java.sql.ResultSet rs, int col) throws java.sql.SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime ts(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
