package org.vigil.server.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.DetectedIssue.DetectedIssueSeverity;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;
import org.vigil.engine.explain.Citation;
import org.vigil.server.alerts.AlertService;
import org.vigil.server.alerts.AlertStatus;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.alerts.EvidenceView;
import org.vigil.server.web.NotFoundException;

/**
 * Alerts as FHIR DetectedIssue: the rule as code, severity, the implicated observations, the explanation as
 * detail, the guideline as reference and a citation extension; Vigil's lifecycle status in an extension.
 */
@Component
public class DetectedIssueProvider implements IResourceProvider {
  public static final String RULE_SYSTEM = "http://vigil.health/fhir/CodeSystem/rule";
  public static final String STATUS_EXTENSION = "http://vigil.health/fhir/StructureDefinition/alert-status";
  public static final String CITATION_EXTENSION = "http://vigil.health/fhir/StructureDefinition/citation";

  private final AlertService alerts;

  public DetectedIssueProvider(AlertService alerts) {
    this.alerts = alerts;
  }

  @Override
  public Class<DetectedIssue> getResourceType() {
    return DetectedIssue.class;
  }

  @Read
  public DetectedIssue read(@IdParam IdType id) {
    try {
      return toFhir(alerts.get(Long.parseLong(id.getIdPart())));
    } catch (NumberFormatException e) {
      throw new NotFoundException("DetectedIssue/" + id.getIdPart() + " is not known");
    }
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = DetectedIssue.SP_PATIENT) ReferenceParam patient,
      @Offset Integer offset,
      @Count Integer count) {
    int off = Paging.offset(offset);
    int cnt = Paging.count(count);
    String patientId = patient == null ? null : patient.getIdPart();
    List<AlertStatus> all = List.of(AlertStatus.values());
    List<AlertView> page = cnt == 0 ? List.of() : alerts.list(patientId, all, cnt, off);
    return Paging.page(page.stream().map(DetectedIssueProvider::toFhir).toList(), alerts.count(patientId, all),
        off, cnt);
  }

  static DetectedIssue toFhir(AlertView a) {
    DetectedIssue d = new DetectedIssue();
    d.setId(new IdType("DetectedIssue", Long.toString(a.id())));
    d.getMeta().setLastUpdated(Date.from(a.updatedAt()));
    d.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
    d.addExtension(STATUS_EXTENSION, new CodeType(a.status()));
    d.getCode().addCoding().setSystem(RULE_SYSTEM).setCode(a.ruleId()).setDisplay(a.levelLabel());
    d.getCode().setText(a.levelLabel());
    d.setSeverity(switch (a.severity()) {
      case "emergency", "urgent" -> DetectedIssueSeverity.HIGH;
      case "attention" -> DetectedIssueSeverity.MODERATE;
      default -> DetectedIssueSeverity.LOW;
    });
    d.setPatient(new Reference("Patient/" + a.patientId()));
    d.setIdentified(new org.hl7.fhir.r4.model.DateTimeType(Date.from(a.openedAt())));
    Set<String> observations = new LinkedHashSet<>();
    for (EvidenceView e : a.evidence()) {
      observations.add(e.id());
    }
    var evidence = d.addEvidence();
    for (String o : observations) {
      d.addImplicated(new Reference(o));
      evidence.addDetail(new Reference(o));
    }
    d.setDetail(a.explanation() + " Recommended action: " + a.recommendedAction());
    Citation c = a.citation();
    d.setReference("urn:vigil:guideline:" + c.guidelineId());
    d.addExtension(CITATION_EXTENSION, new StringType(c.title() + " (" + c.year() + "), " + c.section()
        + (c.publication() == null ? "" : ". " + c.publication())));
    if (a.acknowledgedAt() != null) {
      d.addMitigation().setDate(Date.from(a.acknowledgedAt()))
          .setAction(new org.hl7.fhir.r4.model.CodeableConcept().setText("acknowledged by " + a.acknowledgedBy()));
    }
    return d;
  }
}
