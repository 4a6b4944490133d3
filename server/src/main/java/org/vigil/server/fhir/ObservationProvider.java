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
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.springframework.stereotype.Component;
import org.vigil.engine.units.Result;
import org.vigil.server.ingest.IngestReport;
import org.vigil.server.ingest.IngestService;
import org.vigil.server.ingest.ItemOutcome;
import org.vigil.server.patients.Page;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;

/** FHIR Observation: create (through the ingest pipeline, so it is monitored), read, search. */
@Component
public class ObservationProvider implements IResourceProvider {
  private final ObservationMapper mapper;
  private final ObservationRepository repository;
  private final PatientReferences references;
  private final IngestService ingest;

  private final org.vigil.server.patients.PatientService patients;

  public ObservationProvider(ObservationMapper mapper, ObservationRepository repository,
      PatientReferences references, IngestService ingest, org.vigil.server.patients.PatientService patients) {
    this.patients = patients;
    this.mapper = mapper;
    this.repository = repository;
    this.references = references;
    this.ingest = ingest;
  }

  @Override
  public Class<Observation> getResourceType() {
    return Observation.class;
  }

  @Create
  public MethodOutcome create(@ResourceParam Observation observation) {
    List<org.vigil.engine.units.Problem> text = FhirValues.problems(observation, "Observation");
    if (!text.isEmpty()) {
      throw new InvalidInputException(text);
    }
    String code = mapper.managedCode(observation.getCode()).orElseThrow(() -> InvalidInputException.of(
        "Observation.code", ObservationMapper.loinc(observation.getCode())
            .map(c -> "LOINC code '" + c + "' is not one Vigil manages")
            .orElse("no LOINC coding (system http://loinc.org) in code")));
    Result<String> patient = references.resolve("Observation.subject", observation.getSubject().getReference(),
        Map.of());
    if (patient instanceof Result.Err<String> err) {
      throw new InvalidInputException(List.of(err.problem()));
    }
    String patientId = ((Result.Ok<String>) patient).value();
    Result<org.vigil.server.ingest.RawReading> raw = mapper.toRaw(0, "Observation", observation, patientId, code);
    if (raw instanceof Result.Err<org.vigil.server.ingest.RawReading> err) {
      throw new InvalidInputException(List.of(err.problem()));
    }
    IngestReport report = ingest.ingest(List.of(((Result.Ok<org.vigil.server.ingest.RawReading>) raw).value()));
    ItemOutcome item = report.items().getFirst();
    if (item.status() == ItemOutcome.Status.REJECTED) {
      throw new InvalidInputException(FhirPaths.translate(item.problems()));
    }
    MethodOutcome out = new MethodOutcome(new IdType("Observation", Long.toString(item.observationId()), "1"));
    out.setCreated(item.status() == ItemOutcome.Status.STORED);
    out.setResource(read(new IdType("Observation", Long.toString(item.observationId()))));
    return out;
  }

  @Read
  public Observation read(@IdParam IdType id) {
    long n;
    try {
      n = Long.parseLong(id.getIdPart());
    } catch (NumberFormatException e) {
      throw new NotFoundException("Observation/" + id.getIdPart() + " is not known");
    }
    return repository.find(n).map(mapper::toFhir)
        .orElseThrow(() -> new NotFoundException("Observation/" + id.getIdPart() + " is not known"));
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = Observation.SP_PATIENT) ReferenceParam patient,
      @OptionalParam(name = Observation.SP_SUBJECT) ReferenceParam subject,
      @OptionalParam(name = Observation.SP_CODE) TokenOrListParam code,
      @OptionalParam(name = Observation.SP_COMPONENT_CODE) TokenOrListParam componentCode,
      @OptionalParam(name = Observation.SP_DATE) DateRangeParam date,
      @ca.uhn.fhir.rest.annotation.IncludeParam(allow = {"Observation:subject", "Observation:patient"})
      java.util.Set<ca.uhn.fhir.model.api.Include> includes,
      @Offset Integer offset,
      @Count Integer count) {
    int off = Paging.offset(offset);
    int cnt = Paging.count(count);
    ReferenceParam who = patient != null ? patient : subject;
    String patientId = who == null ? null : who.getIdPart();
    var q = new ObservationRepository.Query(patientId, codes("code", code), codes("component-code", componentCode),
        date == null ? null : date.getLowerBoundAsInstant() == null ? null : date.getLowerBoundAsInstant().toInstant(),
        date == null ? null : date.getUpperBoundAsInstant() == null ? null : date.getUpperBoundAsInstant().toInstant());
    Page<ObservationRepository.Row> page = repository.search(q, off, cnt);
    List<Observation> found = page.items().stream().map(mapper::toFhir).toList();
    if (includes != null && !includes.isEmpty()) {
      // _include=Observation:subject: the members ride along (still filtered by who may see them).
      java.util.Map<String, java.util.Optional<org.hl7.fhir.r4.model.Patient>> members = new java.util.HashMap<>();
      for (Observation o : found) {
        String id = o.getSubject().getReferenceElement().getIdPart();
        members.computeIfAbsent(id, patients::read).ifPresent(p -> o.getSubject().setResource(p));
      }
    }
    return Paging.page(found, page.total(), off, cnt);
  }

  private static List<String> codes(String param, TokenOrListParam tokens) {
    List<String> out = new ArrayList<>();
    if (tokens == null) {
      return out;
    }
    for (TokenParam t : tokens.getValuesAsQueryTokens()) {
      if (t.getSystem() != null && !t.getSystem().isBlank() && !ObservationMapper.LOINC.equals(t.getSystem())) {
        throw InvalidInputException.of(param, "only LOINC codes (http://loinc.org) are searchable");
      }
      out.add(t.getValue());
    }
    return out;
  }
}
