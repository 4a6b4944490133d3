package org.vigil.server.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;
import org.vigil.server.patients.Page;
import org.vigil.server.patients.PatientService;

/** FHIR Patient: create, update with a client-chosen id, read, search by identifier and name. */
@Component
public class PatientProvider implements IResourceProvider {
  private final PatientService patients;

  public PatientProvider(PatientService patients) {
    this.patients = patients;
  }

  @Override
  public Class<Patient> getResourceType() {
    return Patient.class;
  }

  @Create
  public MethodOutcome create(@ResourceParam Patient patient) {
    checkText(patient);
    Patient stored = patients.create(patient, "Patient");
    return outcome(stored, true);
  }

  @Update
  public MethodOutcome update(@IdParam IdType id, @ResourceParam Patient patient) {
    checkText(patient);
    boolean existed = patients.read(id.getIdPart()).isPresent();
    Patient stored = patients.update(id.getIdPart(), patient, "Patient");
    return outcome(stored, !existed);
  }

  @Read
  public Patient read(@IdParam IdType id) {
    return patients.readOrThrow(id.getIdPart());
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = Patient.SP_IDENTIFIER) TokenParam identifier,
      @OptionalParam(name = Patient.SP_NAME) StringParam name,
      @Offset Integer offset,
      @Count Integer count) {
    int off = Paging.offset(offset);
    int cnt = Paging.count(count);
    Page<Patient> page = patients.search(
        identifier == null || identifier.getSystem() == null || identifier.getSystem().isBlank()
            ? null : identifier.getSystem(),
        identifier == null ? null : identifier.getValue(),
        name == null ? null : name.getValue(), off, cnt);
    return Paging.page(page.items(), page.total(), off, cnt);
  }

  private static void checkText(Patient patient) {
    var problems = FhirValues.problems(patient, "Patient");
    if (!problems.isEmpty()) {
      throw new org.vigil.server.web.InvalidInputException(problems);
    }
  }

  private static MethodOutcome outcome(Patient stored, boolean created) {
    MethodOutcome out = new MethodOutcome(new IdType("Patient", stored.getIdElement().getIdPart(),
        stored.getMeta().getVersionId()));
    out.setResource(stored);
    out.setCreated(created);
    return out;
  }
}
