package org.vigil.server.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;
import org.vigil.engine.units.Result;
import org.vigil.server.conditions.ConditionService;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;

/** FHIR Condition: a member's diagnoses (create re-judges the member), read, search by patient. */
@Component
public class ConditionProvider implements IResourceProvider {
  private final ConditionService conditions;
  private final PatientReferences references;

  public ConditionProvider(ConditionService conditions, PatientReferences references) {
    this.conditions = conditions;
    this.references = references;
  }

  @Override
  public Class<Condition> getResourceType() {
    return Condition.class;
  }

  @Create
  public MethodOutcome create(@ResourceParam Condition condition) {
    List<org.vigil.engine.units.Problem> text = FhirValues.problems(condition, "Condition");
    if (!text.isEmpty()) {
      throw new InvalidInputException(text);
    }
    Result<String> patient = references.resolve("Condition.subject", condition.getSubject().getReference(), Map.of());
    if (patient instanceof Result.Err<String> err) {
      throw new InvalidInputException(List.of(err.problem()));
    }
    Condition stored = conditions.record(((Result.Ok<String>) patient).value(), condition, "Condition");
    MethodOutcome out = new MethodOutcome(new IdType("Condition", stored.getIdElement().getIdPart(), "1"));
    out.setCreated(true);
    out.setResource(stored);
    return out;
  }

  @Read
  public Condition read(@IdParam IdType id) {
    try {
      return conditions.read(Long.parseLong(id.getIdPart()));
    } catch (NumberFormatException e) {
      throw new NotFoundException("Condition/" + id.getIdPart() + " is not known");
    }
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = Condition.SP_PATIENT) ReferenceParam patient,
      @OptionalParam(name = Condition.SP_SUBJECT) ReferenceParam subject,
      @Offset Integer offset,
      @Count Integer count) {
    int off = Paging.offset(offset);
    int cnt = Paging.count(count);
    ReferenceParam who = patient != null ? patient : subject;
    String patientId = who == null ? null : who.getIdPart();
    return Paging.page(conditions.search(patientId, off, cnt), conditions.count(patientId), off, cnt);
  }
}
