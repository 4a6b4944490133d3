package org.vigil.server.fhir;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;
import org.vigil.engine.units.Result;
import org.vigil.server.consent.ConsentService;
import org.vigil.server.users.CurrentUser;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;

/**
 * FHIR Consent: a member's decision for one Vigil scope (category coded in {@value ConsentService#SYSTEM}), with an
 * optional period and, for sharing with an insurer, the insurer as provision actor. Create, read, search by patient.
 */
@Component
public class ConsentProvider implements IResourceProvider {
  private final ConsentService consents;
  private final PatientReferences references;
  private final CurrentUser current;

  public ConsentProvider(ConsentService consents, PatientReferences references, CurrentUser current) {
    this.consents = consents;
    this.references = references;
    this.current = current;
  }

  @Override
  public Class<Consent> getResourceType() {
    return Consent.class;
  }

  @Create
  public MethodOutcome create(@ResourceParam Consent consent) {
    Result<String> patient = references.resolve("Consent.patient", consent.getPatient().getReference(), Map.of());
    if (patient instanceof Result.Err<String> err) {
      throw new InvalidInputException(List.of(err.problem()));
    }
    String scope = consent.getCategory().stream().flatMap(c -> c.getCoding().stream())
        .filter(c -> ConsentService.SYSTEM.equals(c.getSystem())).map(Coding::getCode).findFirst().orElse(null);
    if (scope == null) {
      throw InvalidInputException.of("Consent.category", "needs a coding of " + ConsentService.SYSTEM
          + " naming the scope");
    }
    String grantee = consent.getProvision().getActor().stream()
        .map(a -> a.getReference().getReferenceElement())
        .filter(r -> "Organization".equals(r.getResourceType())).map(r -> r.getIdPart()).findFirst().orElse(null);
    var period = consent.getProvision().getPeriod();
    Instant from = period != null && period.hasStart() ? period.getStart().toInstant() : null;
    Instant to = period != null && period.hasEnd() ? period.getEnd().toInstant() : null;
    ConsentService.Decision d = consents.record(((Result.Ok<String>) patient).value(), scope, grantee,
        consent.hasStatus() ? consent.getStatus().toCode() : null, from, to, current.actor(null), "Consent");
    Consent stored = consents.toFhir(d);
    MethodOutcome out = new MethodOutcome(new IdType("Consent", Long.toString(d.id()), "1"));
    out.setCreated(true);
    out.setResource(stored);
    return out;
  }

  @Read
  public Consent read(@IdParam IdType id) {
    try {
      return consents.toFhir(consents.get(Long.parseLong(id.getIdPart())));
    } catch (NumberFormatException e) {
      throw new NotFoundException("Consent/" + id.getIdPart() + " is not known");
    }
  }

  @Search
  public List<Consent> search(@RequiredParam(name = Consent.SP_PATIENT) ReferenceParam patient) {
    return consents.history(patient.getIdPart()).stream().map(consents::toFhir).toList();
  }
}
