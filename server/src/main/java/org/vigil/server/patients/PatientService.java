package org.vigil.server.patients;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.engine.units.Problem;
import org.vigil.server.patients.PatientRepository.PatientRow;
import org.vigil.server.patients.PatientRepository.StoredPatient;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;

/** Members as FHIR Patients. Validates, keeps identifiers unique, versions every write. */
@Service
public class PatientService {
  /** The tag system naming a member's tenant (city, region, organization); it decides the guideline profile. */
  public static final String TENANT_TAG = "http://vigil.health/fhir/CodeSystem/tenant";
  /** The extension naming a member's service tier: basic, professional or premium. */
  public static final String TIER_EXTENSION = "http://vigil.health/fhir/StructureDefinition/service-tier";
  private static final java.util.Set<String> TIERS = java.util.Set.of("basic", "professional", "premium");

  /**
   * The longest identifier system or value and tenant code, and all of a member's names together: PostgreSQL
   * indexes them, and an index entry holds at most 2,704 bytes (longer ones used to fail the write with a 500).
   */
  static final int MAX_TEXT = 256;
  static final int MAX_NAMES = 800;

  /** FHIR's id grammar. */
  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  private final PatientRepository repository;
  private final FhirContext fhir;
  private final Clock clock;

  public PatientService(PatientRepository repository, FhirContext fhir, Clock clock) {
    this.repository = repository;
    this.fhir = fhir;
    this.clock = clock;
  }

  /** A new member with a server-assigned id. */
  @Transactional
  public Patient create(Patient patient, String field) {
    return write(UUID.randomUUID().toString(), patient, field);
  }

  /** Creates or replaces the member with a client-chosen id (FHIR update-as-create). */
  @Transactional
  public Patient update(String id, Patient patient, String field) {
    if (id == null || !FHIR_ID.matcher(id).matches()) {
      throw InvalidInputException.of(field + ".id", "'" + id + "' is not a valid FHIR id ([A-Za-z0-9-.]{1,64})");
    }
    if (patient.hasIdElement() && patient.getIdElement().hasIdPart()
        && !patient.getIdElement().getIdPart().equals(id)) {
      throw InvalidInputException.of(field + ".id",
          "the resource id '" + patient.getIdElement().getIdPart() + "' differs from the URL id '" + id + "'");
    }
    return write(id, patient, field);
  }

  public Optional<Patient> read(String id) {
    return repository.find(id).map(this::toResource);
  }

  public Patient readOrThrow(String id) {
    return read(id).orElseThrow(() -> new NotFoundException("Patient/" + id + " is not known"));
  }

  public Optional<String> idByIdentifier(String system, String value) {
    return repository.ownerOf(system, value);
  }

  public Page<Patient> search(String system, String value, String name, int offset, int count) {
    Page<StoredPatient> page = repository.search(system, value, name, offset, count);
    return new Page<>(page.items().stream().map(this::toResource).toList(), page.total());
  }

  /** Locks the members for this transaction and returns those that exist (see {@link PatientRepository}). */
  public Set<String> lockExisting(java.util.Collection<String> ids) {
    return repository.lockExisting(ids);
  }

  private Patient write(String id, Patient patient, String field) {
    List<Problem> problems = new ArrayList<>();
    List<PatientRepository.Identifier> identifiers = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < patient.getIdentifier().size(); i++) {
      Identifier ident = patient.getIdentifier().get(i);
      String f = field + ".identifier[" + i + "]";
      if (!ident.hasSystem() || !ident.hasValue()) {
        problems.add(new Problem(f, "an identifier needs both system and value"));
        continue;
      }
      if (ident.getSystem().length() > MAX_TEXT || ident.getValue().length() > MAX_TEXT) {
        problems.add(new Problem(f, "an identifier's system and value may have at most " + MAX_TEXT
            + " characters each"));
        continue;
      }
      if (!seen.add(ident.getSystem() + "|" + ident.getValue())) {
        continue;
      }
      repository.ownerOf(ident.getSystem(), ident.getValue())
          .filter(owner -> !owner.equals(id))
          .ifPresent(owner -> problems.add(new Problem(f,
              "identifier " + ident.getSystem() + "|" + ident.getValue() + " already belongs to another patient")));
      identifiers.add(new PatientRepository.Identifier(ident.getSystem(), ident.getValue()));
    }
    LocalDate birth = null;
    if (patient.hasBirthDateElement()) {
      birth = earliestDay(patient.getBirthDateElement().getValueAsString());
      if (birth.isAfter(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))) {
        problems.add(new Problem(field + ".birthDate", "birth date " + birth + " is in the future"));
      }
    }
    var tenantTag = patient.getMeta().getTag().stream().filter(t -> TENANT_TAG.equals(t.getSystem())).findFirst();
    if (tenantTag.isPresent() && !tenantTag.get().hasCode()) {
      problems.add(new Problem(field + ".meta.tag", "the tenant tag needs a code"));
    }
    String tenant = tenantTag.filter(org.hl7.fhir.r4.model.Coding::hasCode)
        .map(org.hl7.fhir.r4.model.Coding::getCode).orElse("default");
    if (tenant.length() > MAX_TEXT) {
      problems.add(new Problem(field + ".meta.tag", "the tenant code may have at most " + MAX_TEXT + " characters"));
    }
    if (nameSearch(patient).length() > MAX_NAMES) {
      problems.add(new Problem(field + ".name", "the names may have at most " + MAX_NAMES + " characters in all"));
    }
    String tier = "professional";
    var tierExts = patient.getExtensionsByUrl(TIER_EXTENSION);
    var tierExt = tierExts.size() == 1 ? tierExts.getFirst() : null;
    if (tierExts.size() > 1) {
      problems.add(new Problem(field + ".extension", "the service tier is given " + tierExts.size() + " times"));
    } else if (tierExt != null) {
      String code = tierExt.getValue() == null ? null : tierExt.getValue().primitiveValue();
      if (code == null || !TIERS.contains(code)) {
        problems.add(new Problem(field + ".extension", "service tier '" + code + "' is not one of " + TIERS));
      } else {
        tier = code;
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    Instant now = clock.instant();
    Patient stored = patient.copy();
    stored.setId(id);
    String json = encode(stored);
    int version = repository.upsert(new PatientRow(id, json, nameSearch(patient), birth,
        patient.hasGender() ? patient.getGender().toCode() : null, identifiers, tenant, tier), now);
    stored.getMeta().setVersionId(Integer.toString(version)).setLastUpdated(Date.from(now));
    repository.storeResource(id, encode(stored));
    return stored;
  }

  /** FHIR dates may be a year, a month or a day; the earliest day they cover. */
  private static LocalDate earliestDay(String date) {
    return switch (date.length()) {
      case 4 -> LocalDate.of(Integer.parseInt(date), 1, 1);
      case 7 -> java.time.YearMonth.parse(date).atDay(1);
      default -> LocalDate.parse(date.substring(0, 10));
    };
  }

  private String encode(Patient p) {
    return parser().encodeResourceToString(p);
  }

  private Patient toResource(StoredPatient s) {
    Patient p = parser().parseResource(Patient.class, s.resourceJson());
    p.setId(s.id());
    p.getMeta().setVersionId(Integer.toString(s.version())).setLastUpdated(Date.from(s.updatedAt()));
    return p;
  }

  private IParser parser() {
    return fhir.newJsonParser();
  }

  /** " family given text ..." lower-case: every part a `name` search can start with. */
  static String nameSearch(Patient p) {
    StringBuilder sb = new StringBuilder(" ");
    for (HumanName n : p.getName()) {
      if (n.hasFamily()) {
        sb.append(n.getFamily()).append(' ');
      }
      for (StringType g : n.getGiven()) {
        sb.append(g.getValue()).append(' ');
      }
      if (n.hasText()) {
        for (String part : n.getText().split("\\s+")) {
          sb.append(part).append(' ');
        }
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }
}
