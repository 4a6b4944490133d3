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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.engine.units.Problem;
import org.vigil.server.patients.PatientRepository.PatientRow;
import org.vigil.server.patients.PatientRepository.StoredPatient;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;

/**
 * Members as FHIR Patients. Validates, keeps identifiers unique, versions every write. Direct identifiers are
 * sealed before they reach the database and opened when a resource is read (ADR 0013).
 */
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
  private final PatientVault vault;
  private final FhirContext fhir;
  private final Clock clock;

  public PatientService(PatientRepository repository, PatientVault vault, FhirContext fhir, Clock clock) {
    this.repository = repository;
    this.vault = vault;
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

  /** Whether the member exists, without reading (and decrypting) their record. */
  public boolean exists(String id) {
    return repository.tenantOf(id).isPresent();
  }

  public Patient readOrThrow(String id) {
    return read(id).orElseThrow(() -> new NotFoundException("Patient/" + id + " is not known"));
  }

  /** The member holding this identifier: in the caller's tenant, or in any tenant for background work. */
  public Optional<String> idByIdentifier(String system, String value) {
    return repository.ownerOf(system, identifierHashes(value, null));
  }

  /**
   * Members matching an identifier (system optional) and a name. A name matches whole name parts, case- and
   * accent-insensitively; several words must all match (ADR 0013: parts are stored as keyed hashes, so prefixes
   * cannot be searched).
   */
  public Page<Patient> search(String system, String value, String name, int offset, int count) {
    List<String> tenants = value == null && (name == null || name.isBlank()) ? List.of()
        : org.vigil.server.security.AccessPolicy.principal().map(p -> List.of(p.tenant()))
            .orElseGet(repository::tenants);
    List<byte[]> valueHashes = value == null ? null
        : tenants.stream().map(t -> vault.identifierHash(t, value)).toList();
    List<List<byte[]>> nameHashes = new ArrayList<>();
    if (name != null) {
      for (String word : PatientPii.queryTokens(name)) {
        nameHashes.add(tenants.stream().map(t -> vault.nameHash(t, word)).toList());
      }
    }
    Page<StoredPatient> page = repository.search(system, valueHashes, nameHashes, offset, count);
    return new Page<>(page.items().stream().map(this::toResource).toList(), page.total());
  }

  /** An identifier value's hash in every tenant that has members, and in {@code alsoTenant} when given. */
  private List<byte[]> identifierHashes(String value, String alsoTenant) {
    // Identifiers are unique within a tenant (hard isolation, ADR 0014): a caller looks only in their own.
    var caller = org.vigil.server.security.AccessPolicy.principal();
    if (caller.isPresent()) {
      return List.of(vault.identifierHash(caller.get().tenant(), value));
    }
    Set<String> tenants = new LinkedHashSet<>(repository.tenants());
    if (alsoTenant != null) {
      tenants.add(alsoTenant);
    }
    return tenants.stream().map(t -> vault.identifierHash(t, value)).toList();
  }

  /** Locks the members for this transaction and returns those that exist (see {@link PatientRepository}). */
  public Set<String> lockExisting(java.util.Collection<String> ids) {
    return repository.lockExisting(ids);
  }

  private Patient write(String id, Patient patient, String field) {
    List<Problem> problems = new ArrayList<>();
    String tagged = patient.getMeta().getTag().stream().filter(t -> TENANT_TAG.equals(t.getSystem()))
        .map(org.hl7.fhir.r4.model.Coding::getCode).findFirst().orElse(null);
    if (patient.getMeta().getTag().stream().anyMatch(t -> TENANT_TAG.equals(t.getSystem()) && !t.hasCode())) {
      problems.add(new Problem(field + ".meta.tag", "the tenant tag needs a code"));
    }
    // The tenant is the caller's (ADR 0014); a tag may only repeat it. Without a caller (demo, background) the tag.
    var caller = org.vigil.server.security.AccessPolicy.principal();
    String tenant = caller.map(org.vigil.server.security.VigilPrincipal::tenant)
        .orElse(tagged == null ? "default" : tagged);
    if (tagged != null && !tagged.equals(tenant)) {
      throw new InvalidInputException(403, List.of(new Problem(field + ".meta.tag",
          "tenant '" + tagged + "' is not the caller's tenant")));
    }
    String existingTenant = repository.tenantOf(id).orElse(tenant);
    if (!existingTenant.equals(tenant)) {
      // Ids are unique across tenants; another tenant's member is never overwritten (nor named).
      throw new InvalidInputException(409, List.of(new Problem(field + ".id",
          "id '" + id + "' cannot be used; let the server assign one (POST)")));
    }
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
      if (!seen.add(ident.getSystem() + "|" + PatientPii.normalizeIdentifier(ident.getValue()))) {
        continue;
      }
      // The refusal names the identifier the client sent in this request: echoing it back discloses nothing.
      repository.ownerOf(ident.getSystem(), identifierHashes(ident.getValue(), tenant))
          .filter(owner -> !owner.equals(id))
          .ifPresent(owner -> problems.add(new Problem(f,
              "identifier " + ident.getSystem() + "|" + ident.getValue() + " already belongs to another patient")));
      identifiers.add(new PatientRepository.Identifier(ident.getSystem(), vault.identifierHash(tenant,
          ident.getValue())));
    }
    LocalDate birth = null;
    if (patient.hasBirthDateElement()) {
      birth = earliestDay(patient.getBirthDateElement().getValueAsString());
      if (birth.isAfter(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))) {
        problems.add(new Problem(field + ".birthDate", "birth date " + birth + " is in the future"));
      }
    }
    if (tenant.length() > MAX_TEXT) {
      problems.add(new Problem(field + ".meta.tag", "the tenant code may have at most " + MAX_TEXT + " characters"));
    }
    if (nameLength(patient) > MAX_NAMES) {
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
    PatientVault.Sealed sealed = vault.seal(id, tenant, encode(stored));
    int version = repository.upsert(new PatientRow(id, sealed, birth,
        patient.hasGender() ? patient.getGender().toCode() : null, identifiers, tenant, tier), now);
    stored.getMeta().setVersionId(Integer.toString(version)).setLastUpdated(Date.from(now));
    // Only the clear half carries meta; the sealed identifiers are unchanged.
    repository.storeResource(id, PatientPii.split(encode(stored)).restJson());
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
    Patient p = parser().parseResource(Patient.class, vault.open(s.id(), s.tenant(), s.restJson(), s.pii()));
    p.setId(s.id());
    p.getMeta().setVersionId(Integer.toString(s.version())).setLastUpdated(Date.from(s.updatedAt()));
    return p;
  }

  private IParser parser() {
    return fhir.newJsonParser();
  }

  /** The characters of all a member's name parts together. */
  private static int nameLength(Patient p) {
    int n = 0;
    for (var name : p.getName()) {
      n += name.hasFamily() ? name.getFamily().length() + 1 : 0;
      for (var g : name.getGiven()) {
        n += g.getValue() == null ? 0 : g.getValue().length() + 1;
      }
      n += name.hasText() ? name.getText().length() + 1 : 0;
    }
    return n;
  }
}
