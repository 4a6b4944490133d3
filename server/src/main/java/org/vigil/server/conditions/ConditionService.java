package org.vigil.server.conditions;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.server.alerts.AlertService;
import org.vigil.server.monitoring.MonitorService;
import org.vigil.server.patients.PatientService;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;

/**
 * Records a member's diagnosis, maps its code to a Vigil condition (conditions.yaml: Vigil codes and ICD-10
 * categories), and re-judges the member: a new diabetes diagnosis moves them from diagnostic rules to control
 * targets; gout sets a urate target.
 */
@Service
public class ConditionService {
  private final JdbcClient jdbc;
  private final KnowledgeBase knowledge;
  private final PatientService patients;
  private final MonitorService monitor;
  private final AlertService alerts;
  private final FhirContext fhir;
  private final Clock clock;
  private final org.vigil.server.risk.RiskService risk;

  public ConditionService(org.vigil.server.risk.RiskService risk, JdbcClient jdbc, KnowledgeBase knowledge, PatientService patients, MonitorService monitor,
      AlertService alerts, FhirContext fhir, Clock clock) {
    this.risk = risk;
    this.jdbc = jdbc;
    this.knowledge = knowledge;
    this.patients = patients;
    this.monitor = monitor;
    this.alerts = alerts;
    this.fhir = fhir;
    this.clock = clock;
  }

  /** The Vigil condition a FHIR Condition's codes mean, if Vigil manages any of them. */
  public Optional<String> managedCondition(Condition c) {
    for (Coding k : c.getCode().getCoding()) {
      List<String> ids = knowledge.conditionsForCode(k.getSystem(), k.getCode());
      if (!ids.isEmpty()) {
        return Optional.of(ids.getFirst());
      }
    }
    return Optional.empty();
  }

  /** Stores a diagnosis of {@code patientId} and re-judges the member; returns the stored resource. */
  @Transactional
  public Condition record(String patientId, Condition c, String field) {
    String vigil = managedCondition(c).orElseThrow(() -> InvalidInputException.of(field + ".code",
        "no code Vigil manages (known: " + knowledge.conditions().stream().map(d -> d.id()).toList()
            + "; Vigil codes or ICD-10 categories, see conditions.yaml)"));
    Coding coding = c.getCode().getCoding().stream()
        .filter(k -> !knowledge.conditionsForCode(k.getSystem(), k.getCode()).isEmpty()).findFirst().orElseThrow();
    if (c.hasClinicalStatus() && !c.getClinicalStatus().getCodingFirstRep().hasCode()) {
      throw InvalidInputException.of(field + ".clinicalStatus", "needs a code (active, recurrence, relapse, inactive,"
          + " remission or resolved)");
    }
    if (patients.lockExisting(Set.of(patientId)).isEmpty()) {
      throw InvalidInputException.of(field + ".subject", "no patient '" + patientId + "' (create the Patient first)");
    }
    String status = c.hasClinicalStatus() ? c.getClinicalStatus().getCodingFirstRep().getCode() : "active";
    if (c.hasVerificationStatus()) {
      String v = c.getVerificationStatus().getCodingFirstRep().getCode();
      if ("refuted".equals(v) || "entered-in-error".equals(v)) {
        status = v;
      }
    }
    Instant now = clock.instant();
    Condition stored = c.copy();
    stored.setIdElement(null);
    stored.setMeta(null);
    stored.setSubject(new Reference("Patient/" + patientId));
    long id = jdbc.sql("""
            insert into member_condition (patient_id, condition, code_system, code, clinical_status, resource, recorded_at)
            values (?, ?, ?, ?, ?, cast(? as jsonb), ?) returning id""")
        .params(patientId, vigil, coding.getSystem(), coding.getCode(), status,
            fhir.newJsonParser().encodeResourceToString(stored), OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .query(Long.class).single();
    MonitorService.Result r = monitor.reassess(patientId, now);
    alerts.record(r.findings(), now);
    alerts.clear(r.cleared(), now);
    risk.refresh(java.util.Map.of(patientId, monitor.currentState(patientId)), now);
    return read(id);
  }

  public Condition read(long id) {
    return jdbc.sql("select id, resource::text, recorded_at from member_condition where id = ?").param(id)
        .query((rs, n) -> toFhir(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
        .optional().orElseThrow(() -> new NotFoundException("Condition/" + id + " is not known"));
  }

  public List<Condition> search(String patientId, int offset, int count) {
    List<Condition> out = new ArrayList<>();
    jdbc.sql("select id, resource::text, recorded_at from member_condition where (? is null or patient_id = ?)"
            + " order by id limit ? offset ?")
        .params(patientId, patientId, count, offset)
        .query((rs, n) -> out.add(toFhir(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class))))
        .list();
    return out;
  }

  public int count(String patientId) {
    return jdbc.sql("select count(*) from member_condition where (? is null or patient_id = ?)")
        .params(patientId, patientId).query(Integer.class).single();
  }

  private Condition toFhir(long id, String json, OffsetDateTime recorded) {
    Condition c = fhir.newJsonParser().parseResource(Condition.class, json);
    c.setId("Condition/" + id);
    c.getMeta().setVersionId("1").setLastUpdated(Date.from(recorded.toInstant()));
    return c;
  }
}
