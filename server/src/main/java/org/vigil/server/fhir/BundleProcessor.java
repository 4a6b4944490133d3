package org.vigil.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleEntryResponseComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.engine.units.Problem;
import org.vigil.engine.units.Result;
import org.vigil.server.conditions.ConditionService;
import org.vigil.server.ingest.IngestReport;
import org.vigil.server.ingest.IngestService;
import org.vigil.server.ingest.ItemOutcome;
import org.vigil.server.ingest.RawReading;
import org.vigil.server.patients.PatientService;
import org.vigil.server.web.InvalidInputException;

/**
 * Processes FHIR Bundles. A hospital's export holds whole records (encounters, claims, procedures, reports);
 * Vigil stores the Patients and the Observations it manages and skips the rest with a warning per entry.
 * References to skipped entries do not make stored ones fail: they are kept as text, not as links.
 *
 * <p>Transaction: Patients first (Observations refer to them), then every Observation through the ingest
 * pipeline, all in one database transaction: one problem anywhere and nothing is written. Batch: each entry
 * on its own, its problems in its own response.
 */
@Service
public class BundleProcessor {
  private final PatientService patients;
  private final PatientReferences references;
  private final ObservationMapper observations;
  private final IngestService ingest;
  private final FhirContext fhir;
  private final TransactionTemplate tx;
  private final ConditionService conditions;

  public BundleProcessor(PatientService patients, PatientReferences references, ObservationMapper observations,
      IngestService ingest, FhirContext fhir, TransactionTemplate tx, ConditionService conditions) {
    this.conditions = conditions;
    this.patients = patients;
    this.references = references;
    this.observations = observations;
    this.ingest = ingest;
    this.fhir = fhir;
    this.tx = tx;
  }

  /** What the bundle's entries resolved to so far: full URLs and identifiers of stored Patients. */
  private static final class Resolved {
    final Map<String, String> ids = new HashMap<>();
    final Map<String, String> skipped = new HashMap<>();
    /** Members' references already resolved in this Bundle (a hospital sends many Observations per member). */
    final Map<String, String> members = new HashMap<>();

    Result<String> member(PatientReferences references, String field, String reference) {
      String known = reference == null ? null : members.get(reference);
      if (known != null) {
        return Result.ok(known);
      }
      Result<String> r = references.resolve(field, reference, ids);
      if (r instanceof Result.Ok<String> ok && reference != null) {
        members.put(reference, ok.value());
      }
      return r;
    }
  }

  @Transactional
  public Bundle transaction(Bundle bundle) {
    List<BundleEntryComponent> entries = bundle.getEntry();
    BundleEntryResponseComponent[] responses = new BundleEntryResponseComponent[entries.size()];
    List<Problem> problems = new ArrayList<>();
    Resolved resolved = new Resolved();
    problems.addAll(markSkipped(entries, responses, resolved));
    for (int i = 0; i < entries.size(); i++) {
      if (responses[i] == null && entries.get(i).getResource() instanceof Patient) {
        try {
          responses[i] = patient(i, entries.get(i), resolved);
        } catch (InvalidInputException e) {
          problems.addAll(e.problems());
        }
      }
    }
    List<RawReading> raws = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (responses[i] == null && entries.get(i).getResource() instanceof Observation) {
        observation(i, entries.get(i), resolved, problems, responses).ifPresent(raws::add);
      }
    }
    if (problems.isEmpty() && !raws.isEmpty()) {
      IngestReport report = ingest.ingest(raws);
      for (ItemOutcome item : report.items()) {
        if (item.status() == ItemOutcome.Status.REJECTED) {
          problems.addAll(item.problems());
        } else {
          responses[item.index()] = observationResponse(item);
        }
      }
    }
    for (int i = 0; i < entries.size() && problems.isEmpty(); i++) {
      if (responses[i] == null && entries.get(i).getResource() instanceof Condition) {
        try {
          responses[i] = condition(i, entries.get(i), resolved);
        } catch (InvalidInputException e) {
          problems.addAll(e.problems());
        }
      }
    }
    if (!problems.isEmpty()) {
      // Rolls back everything this transaction wrote.
      throw new InvalidInputException(FhirPaths.translate(problems));
    }
    return response(Bundle.BundleType.TRANSACTIONRESPONSE, responses);
  }

  public Bundle batch(Bundle bundle) {
    List<BundleEntryComponent> entries = bundle.getEntry();
    BundleEntryResponseComponent[] responses = new BundleEntryResponseComponent[entries.size()];
    Resolved resolved = new Resolved();
    for (Problem p : markSkipped(entries, responses, resolved)) {
      responses[Integer.parseInt(p.field().replaceAll("^entry\\[(\\d+)].*", "$1"))] = failed(400, List.of(p));
    }
    // Patients first, so Observations and Conditions of the same batch can refer to them.
    for (int pass = 0; pass < 3; pass++) {
      for (int i = 0; i < entries.size(); i++) {
        Resource r = entries.get(i).getResource();
        boolean mine = switch (pass) {
          case 0 -> r instanceof Patient;
          case 1 -> r instanceof Observation;
          default -> r instanceof Condition;
        };
        if (responses[i] != null || !mine) {
          continue;
        }
        int at = i;
        int thisPass = pass;
        try {
          responses[i] = tx.execute(status -> switch (thisPass) {
            case 0 -> patient(at, entries.get(at), resolved);
            case 1 -> batchObservation(at, entries.get(at), resolved);
            default -> condition(at, entries.get(at), resolved);
          });
        } catch (InvalidInputException e) {
          responses[i] = failed(e.status(), FhirPaths.translate(e.problems()));
        } catch (ca.uhn.fhir.parser.DataFormatException e) {
          // HAPI refuses to encode the resource for storage (an extension without url ...): this entry fails, and
          // the entries already stored stay stored, as their responses say.
          responses[i] = failed(400, List.of(new Problem("entry[" + i + "].resource", e.getMessage())));
        }
      }
    }
    return response(Bundle.BundleType.BATCHRESPONSE, responses);
  }

  private BundleEntryResponseComponent batchObservation(int i, BundleEntryComponent entry, Resolved resolved) {
    List<Problem> problems = new ArrayList<>();
    BundleEntryResponseComponent[] one = new BundleEntryResponseComponent[i + 1];
    Optional<RawReading> raw = observation(i, entry, resolved, problems, one);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    if (raw.isEmpty()) {
      return one[i];
    }
    ItemOutcome item = ingest.ingest(List.of(raw.get())).items().getFirst();
    if (item.status() == ItemOutcome.Status.REJECTED) {
      throw new InvalidInputException(item.problems());
    }
    return observationResponse(item);
  }

  /**
   * Entries Vigil does not manage: skipped, with a warning, and remembered so references to them are kept as
   * text. Returns the entries that cannot be processed at all (no resource, or text FHIR forbids).
   */
  private List<Problem> markSkipped(List<BundleEntryComponent> entries, BundleEntryResponseComponent[] responses,
      Resolved resolved) {
    List<Problem> unusable = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      BundleEntryComponent e = entries.get(i);
      Resource r = e.getResource();
      String field = "entry[" + i + "]";
      if (r == null) {
        unusable.add(new Problem(field + ".resource",
            "only entries that carry a resource (POST or PUT) are supported"));
        responses[i] = new BundleEntryResponseComponent();
        continue;
      }
      boolean managed = r instanceof Patient || r instanceof Observation || r instanceof Condition;
      List<Problem> text = managed ? FhirValues.problems(r, field + ".resource") : List.of();
      if (!text.isEmpty()) {
        // Text FHIR forbids (and PostgreSQL cannot store) in an entry Vigil would store: refused.
        unusable.addAll(text);
        responses[i] = new BundleEntryResponseComponent();
        continue;
      }
      if (!managed) {
        String type = r.fhirType();
        if (e.hasFullUrl()) {
          resolved.skipped.put(e.getFullUrl(), type);
        }
        responses[i] = skipped(field, type + " is not managed by Vigil yet; the entry was skipped and nothing of it "
            + "was stored");
      }
    }
    return unusable;
  }

  private BundleEntryResponseComponent patient(int i, BundleEntryComponent entry, Resolved resolved) {
    String field = "entry[" + i + "].resource";
    Patient p = (Patient) entry.getResource();
    HTTPVerb method = entry.getRequest().getMethod();
    String url = entry.getRequest().getUrl();
    Patient stored;
    boolean created;
    if (method == HTTPVerb.PUT && url != null && url.startsWith("Patient/")) {
      String id = url.substring("Patient/".length());
      created = patients.read(id).isEmpty();
      stored = patients.update(id, p, field);
    } else if (method == HTTPVerb.PUT && url != null && url.startsWith("Patient?")) {
      Optional<String> existing = byIdentifierQuery(field, url.substring("Patient?".length()));
      created = existing.isEmpty();
      stored = existing.isPresent() ? patients.update(existing.get(), p, field) : patients.create(p, field);
    } else if (method == HTTPVerb.POST || method == null) {
      Optional<String> existing = entry.getRequest().hasIfNoneExist()
          ? byIdentifierQuery(field, entry.getRequest().getIfNoneExist())
          : existingByIdentifiers(p);
      created = existing.isEmpty();
      // Re-sending a hospital export must not duplicate the member: an identifier already known is the same member.
      stored = existing.isPresent() ? patients.readOrThrow(existing.get()) : patients.create(p, field);
    } else {
      throw InvalidInputException.of("entry[" + i + "].request.method",
          method.toCode() + " of Patient is not supported in a Bundle (use POST or PUT)");
    }
    String id = stored.getIdElement().getIdPart();
    if (entry.hasFullUrl()) {
      resolved.ids.put(entry.getFullUrl(), id);
    }
    resolved.ids.put("Patient/" + id, id);
    for (Identifier ident : stored.getIdentifier()) {
      resolved.ids.put("identifier:" + ident.getSystem() + "|" + ident.getValue(), id);
    }
    return new BundleEntryResponseComponent()
        .setStatus(created ? "201 Created" : "200 OK")
        .setLocation("Patient/" + id + "/_history/" + stored.getMeta().getVersionId())
        .setEtag("W/\"" + stored.getMeta().getVersionId() + "\"");
  }

  private Optional<String> byIdentifierQuery(String field, String query) {
    Result<String> r = references.resolve(field, "Patient?" + query, Map.of());
    return r instanceof Result.Ok<String> ok ? Optional.of(ok.value()) : Optional.empty();
  }

  private Optional<String> existingByIdentifiers(Patient p) {
    for (Identifier ident : p.getIdentifier()) {
      if (ident.hasSystem() && ident.hasValue()) {
        Optional<String> owner = patients.idByIdentifier(ident.getSystem(), ident.getValue());
        if (owner.isPresent()) {
          return owner;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The raw reading of an Observation entry, or empty when the entry is skipped (its response is set) or has
   * problems (added to {@code problems}).
   */
  private Optional<RawReading> observation(int i, BundleEntryComponent entry, Resolved resolved,
      List<Problem> problems, BundleEntryResponseComponent[] responses) {
    String field = "entry[" + i + "].resource";
    Observation o = (Observation) entry.getResource();
    if (entry.getRequest().getMethod() != null && entry.getRequest().getMethod() != HTTPVerb.POST) {
      problems.add(new Problem("entry[" + i + "].request.method",
          "Observations are created with POST (Vigil assigns their ids)"));
      return Optional.empty();
    }
    if (o.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
        || o.getStatus() == Observation.ObservationStatus.CANCELLED) {
      responses[i] = skipped("entry[" + i + "]", "an Observation with status " + o.getStatus().toCode()
          + " is not a measurement; skipped");
      return Optional.empty();
    }
    Optional<String> code = observations.managedCode(o.getCode());
    if (code.isEmpty()) {
      responses[i] = skipped("entry[" + i + "]", ObservationMapper.loinc(o.getCode())
          .map(c -> "LOINC " + c + " is not an observation Vigil manages yet")
          .orElse("the Observation has no LOINC code") + "; the entry was skipped and nothing of it was stored");
      return Optional.empty();
    }
    Result<String> patient = resolved.member(references, field + ".subject", o.getSubject().getReference());
    if (patient instanceof Result.Err<String> err) {
      problems.add(err.problem());
      return Optional.empty();
    }
    String patientId = ((Result.Ok<String>) patient).value();
    keepOnlyResolvableReferences(o, resolved);
    return switch (observations.toRaw(i, field, o, patientId, code.get())) {
      case Result.Ok<RawReading> ok -> Optional.of(ok.value());
      case Result.Err<RawReading> err -> {
        problems.add(err.problem());
        yield Optional.empty();
      }
    };
  }

  /**
   * References to entries Vigil skipped (or to resources it does not hold) become text: the stored Observation
   * keeps what it referred to without a dangling link.
   */
  private void keepOnlyResolvableReferences(Resource o, Resolved resolved) {
    Reference subject = o instanceof Observation obs ? obs.getSubject() : o instanceof Condition c ? c.getSubject() : null;
    for (Reference ref : fhir.newTerser().getAllPopulatedChildElementsOfType(o, Reference.class)) {
      String target = ref.getReference();
      if (target == null || ref == subject) {
        continue;
      }
      String mapped = resolved.ids.get(target);
      if (mapped != null) {
        ref.setReference("Patient/" + mapped);
        ref.setResource(null);
      } else if (target.startsWith("urn:") || target.contains("?")) {
        String type = resolved.skipped.getOrDefault(target, "referenced resource");
        // The parser links in-bundle references to their resources; unlink too, or encoding restores the URL.
        ref.setReference(null);
        ref.setResource(null);
        if (!ref.hasDisplay()) {
          ref.setDisplay(type + " (not stored by Vigil)");
        }
      }
    }
  }

  /** A Condition entry: stored (and the member re-judged) when Vigil manages its code, skipped otherwise. */
  private BundleEntryResponseComponent condition(int i, BundleEntryComponent entry, Resolved resolved) {
    String field = "entry[" + i + "].resource";
    Condition c = (Condition) entry.getResource();
    if (conditions.managedCondition(c).isEmpty()) {
      return skipped("entry[" + i + "]", "no code of this Condition is one Vigil manages yet; the entry was skipped"
          + " and nothing of it was stored");
    }
    Result<String> patient = references.resolve(field + ".subject", c.getSubject().getReference(), resolved.ids);
    if (patient instanceof Result.Err<String> err) {
      throw new InvalidInputException(List.of(err.problem()));
    }
    keepOnlyResolvableReferences(c, resolved);
    Condition stored = conditions.record(((Result.Ok<String>) patient).value(), c, field);
    return new BundleEntryResponseComponent().setStatus("201 Created")
        .setLocation("Condition/" + stored.getIdElement().getIdPart() + "/_history/1").setEtag("W/\"1\"");
  }

  private static BundleEntryResponseComponent observationResponse(ItemOutcome item) {
    return new BundleEntryResponseComponent()
        .setStatus(item.status() == ItemOutcome.Status.STORED ? "201 Created" : "200 OK")
        .setLocation("Observation/" + item.observationId() + "/_history/1")
        .setEtag("W/\"1\"");
  }

  private static BundleEntryResponseComponent skipped(String field, String reason) {
    return new BundleEntryResponseComponent().setStatus("200 OK")
        .setOutcome(FhirErrorInterceptor.outcome(List.of(new Problem(field, reason)), IssueSeverity.WARNING));
  }

  private static BundleEntryResponseComponent failed(int status, List<Problem> problems) {
    OperationOutcome oo = FhirErrorInterceptor.outcome(problems, IssueSeverity.ERROR);
    return new BundleEntryResponseComponent()
        .setStatus(status + (status == 400 ? " Bad Request" : status == 409 ? " Conflict" : " Unprocessable Entity"))
        .setOutcome(oo);
  }

  private static Bundle response(Bundle.BundleType type, BundleEntryResponseComponent[] responses) {
    Bundle out = new Bundle().setType(type);
    for (BundleEntryResponseComponent r : responses) {
      out.addEntry().setResponse(r);
    }
    return out;
  }
}
