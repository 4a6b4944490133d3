package org.vigil.server.audit;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;

/**
 * The audit log as FHIR R4 AuditEvent, for operators reviewing who touched whose data: read by {@code seq}, search
 * by {@code patient} / {@code entity}, {@code agent} (the user id), {@code date} range, {@code action} (C, R, U, D,
 * E) and {@code subtype} (Vigil's action: read, search, create, update, delete, export, login, denied), paged with
 * {@code _offset} and {@code _count} like the other providers, oldest first so pages stay put while entries arrive.
 * Operators only: the audit names members and who looked at them, so the security layer (org.vigil.server.security)
 * must let no other role reach {@code /fhir/AuditEvent}; this provider does not check roles itself.
 */
@Component
public class AuditEventProvider implements IResourceProvider {
  public static final String ACTION_SYSTEM = "http://vigil.health/fhir/CodeSystem/audit-action";
  public static final String USER_SYSTEM = "http://vigil.health/fhir/NamingSystem/user";
  public static final String ROLE_SYSTEM = "http://vigil.health/fhir/CodeSystem/role";
  public static final String TENANT_SYSTEM = "http://vigil.health/fhir/CodeSystem/tenant";
  public static final String PURPOSE_SYSTEM = "http://vigil.health/fhir/CodeSystem/purpose";
  public static final String HASH_EXTENSION = "http://vigil.health/fhir/StructureDefinition/audit-hash";
  static final String EVENT_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/audit-event-type";
  static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
  static final String INTERACTION_SYSTEM = "http://hl7.org/fhir/restful-interaction";
  static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

  /** Paging as org.vigil.server.fhir.Paging (package-private there): 50 by default, at most 1000. */
  static final int DEFAULT_COUNT = 50;
  static final int MAX_COUNT = 1000;

  /** Vigil's actions and the FHIR action each one is; every other action is E (execute). */
  private static final Map<String, AuditEventAction> ACTIONS = Map.of(
      AuditEntry.CREATE, AuditEventAction.C,
      AuditEntry.READ, AuditEventAction.R,
      AuditEntry.EXPORT, AuditEventAction.R,
      AuditEntry.UPDATE, AuditEventAction.U,
      AuditEntry.DELETE, AuditEventAction.D);
  private static final Map<String, String> PURPOSES = Map.of(
      "treatment", "TREAT", "operations", "HOPERAT", "payment", "HPAYMT", "research", "HRESCH");
  private static final Pattern FHIR_REFERENCE = Pattern.compile("[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}");

  private final JdbcClient jdbc;

  public AuditEventProvider(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Class<AuditEvent> getResourceType() {
    return AuditEvent.class;
  }

  @Read
  public AuditEvent read(@IdParam IdType id) {
    long seq;
    try {
      seq = Long.parseLong(id.getIdPart());
    } catch (NumberFormatException e) {
      throw new NotFoundException("AuditEvent/" + id.getIdPart() + " is not known");
    }
    // An operator reads their own tenant's audit log (ADR 0014); the tenant is never the caller's choice.
    String tenant = org.vigil.server.security.AccessPolicy.principal()
        .map(org.vigil.server.security.VigilPrincipal::tenant).orElse(null);
    return query(tenant == null ? "seq = ?" : "seq = ? and tenant = ?",
        tenant == null ? List.of(seq) : List.of(seq, tenant), 1, 0).stream().findFirst()
        .orElseThrow(() -> new NotFoundException("AuditEvent/" + id.getIdPart() + " is not known"));
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceParam patient,
      @OptionalParam(name = AuditEvent.SP_ENTITY) ReferenceParam entity,
      @OptionalParam(name = AuditEvent.SP_AGENT) ReferenceParam agent,
      @OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
      @OptionalParam(name = AuditEvent.SP_ACTION) TokenOrListParam action,
      @OptionalParam(name = AuditEvent.SP_SUBTYPE) TokenOrListParam subtype,
      @Offset Integer offset,
      @Count Integer count) {
    int off = offset(offset);
    int cnt = count(count);
    List<String> where = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    org.vigil.server.security.AccessPolicy.principal().ifPresent(p -> {
      where.add("tenant = ?");
      params.add(p.tenant());
    });
    if (patient != null) {
      if (patient.getResourceType() != null && !patient.getResourceType().equals("Patient")) {
        throw InvalidInputException.of("patient", "must refer to a Patient");
      }
      where.add("patient_id = ?");
      params.add(patient.getIdPart());
    }
    if (entity != null) {
      String type = entity.getResourceType();
      if (type == null || type.equals("Patient")) {
        where.add("patient_id = ?");
        params.add(entity.getIdPart());
      } else {
        where.add("resource = ?");
        params.add(type + "/" + entity.getIdPart());
      }
    }
    if (agent != null) {
      where.add("actor = ?");
      params.add(agent.getIdPart());
    }
    if (date != null) {
      if (date.getLowerBoundAsInstant() != null) {
        where.add("at >= ?");
        params.add(utc(date.getLowerBoundAsInstant()));
      }
      if (date.getUpperBoundAsInstant() != null) {
        where.add("at <= ?");
        params.add(utc(date.getUpperBoundAsInstant()));
      }
    }
    if (action != null) {
      where.add(actionCondition(action, params));
    }
    if (subtype != null) {
      Set<String> codes = new LinkedHashSet<>();
      for (TokenParam t : subtype.getValuesAsQueryTokens()) {
        if (t.getSystem() != null && !t.getSystem().isBlank() && !t.getSystem().equals(ACTION_SYSTEM)) {
          throw InvalidInputException.of("subtype", "only Vigil's actions (" + ACTION_SYSTEM + ") are searchable");
        }
        codes.add(t.getValue());
      }
      if (!codes.isEmpty()) {
        where.add("action in (" + String.join(", ", codes.stream().map(c -> "?").toList()) + ")");
        params.addAll(codes);
      }
    }
    String w = where.isEmpty() ? "true" : String.join(" and ", where);
    int total = jdbc.sql("select count(*) from audit_event where " + w).params(params).query(Integer.class).single();
    List<AuditEvent> page = cnt == 0 ? List.of() : query(w, params, cnt, off);
    SimpleBundleProvider p = new SimpleBundleProvider(List.copyOf(page));
    p.setCurrentPageOffset(off);
    p.setCurrentPageSize(cnt);
    p.setSize(total);
    return p;
  }

  private static OffsetDateTime utc(Date d) {
    return OffsetDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC);
  }

  /** {@code action=C,R,...}: each FHIR code as the Vigil actions it stands for. */
  private static String actionCondition(TokenOrListParam tokens, List<Object> params) {
    List<String> any = new ArrayList<>();
    for (TokenParam t : tokens.getValuesAsQueryTokens()) {
      AuditEventAction a;
      try {
        a = AuditEventAction.fromCode(t.getValue());
      } catch (org.hl7.fhir.exceptions.FHIRException | IllegalArgumentException e) {
        throw InvalidInputException.of("action", "'" + t.getValue() + "' is not one of C, R, U, D, E");
      }
      if (a == null || a == AuditEventAction.NULL) {
        throw InvalidInputException.of("action", "'" + t.getValue() + "' is not one of C, R, U, D, E");
      }
      List<String> mapped = ACTIONS.entrySet().stream().filter(e -> e.getValue() == a).map(Map.Entry::getKey)
          .sorted().toList();
      if (a == AuditEventAction.E) {
        any.add("action not in (" + String.join(", ", ACTIONS.keySet().stream().map(k -> "?").toList()) + ")");
        params.addAll(ACTIONS.keySet().stream().sorted().toList());
      } else {
        any.add("action in (" + String.join(", ", mapped.stream().map(k -> "?").toList()) + ")");
        params.addAll(mapped);
      }
    }
    return "(" + String.join(" or ", any) + ")";
  }

  private List<AuditEvent> query(String where, List<Object> params, int limit, int offset) {
    List<Object> all = new ArrayList<>(params);
    all.add(limit);
    all.add(offset);
    return jdbc.sql("select " + AuditRow.COLUMNS + " from audit_event where " + where
            + " order by seq limit ? offset ?")
        .params(all)
        .query((rs, n) -> {
          try {
            return toFhir(AuditRow.read(rs));
          } catch (AuditRow.Invalid e) {
            return unreadable(e.seq, e.getMessage());
          }
        })
        .list();
  }

  static AuditEvent toFhir(AuditRow row) {
    AuditEntry e = row.entry();
    AuditEvent a = new AuditEvent();
    a.setId(new IdType("AuditEvent", Long.toString(row.seq())));
    if (!e.tenant().isEmpty()) {
      a.getMeta().addTag(TENANT_SYSTEM, e.tenant(), null);
    }
    a.setType(switch (e.action()) {
      case AuditEntry.LOGIN -> new Coding(DICOM, "110114", "User Authentication");
      case AuditEntry.EXPORT -> new Coding(DICOM, "110106", "Export");
      default -> new Coding(EVENT_TYPE_SYSTEM, "rest", "RESTful Operation");
    });
    a.addSubtype(new Coding(ACTION_SYSTEM, e.action(), null));
    String interaction = switch (e.action()) {
      case AuditEntry.READ -> "read";
      case AuditEntry.SEARCH -> "search-type";
      case AuditEntry.CREATE -> "create";
      case AuditEntry.UPDATE -> "update";
      case AuditEntry.DELETE -> "delete";
      default -> null;
    };
    if (interaction != null) {
      a.addSubtype(new Coding(INTERACTION_SYSTEM, interaction, null));
    }
    if (e.action().equals(AuditEntry.LOGIN)) {
      a.addSubtype(new Coding(DICOM, "110122", "Login"));
    }
    a.setAction(ACTIONS.getOrDefault(e.action(), AuditEventAction.E));
    a.setRecorded(Date.from(e.at()));
    a.setOutcome(outcome(e.outcome()));
    a.setOutcomeDesc(e.outcome());
    CodeableConcept purpose = new CodeableConcept().setText(e.purpose());
    purpose.addCoding(new Coding(PURPOSE_SYSTEM, e.purpose(), null));
    if (PURPOSES.containsKey(e.purpose())) {
      purpose.addCoding(new Coding(ACT_REASON, PURPOSES.get(e.purpose()), null));
    }
    a.addPurposeOfEvent(purpose);
    var agent = a.addAgent();
    agent.setWho(new Reference().setIdentifier(new Identifier().setSystem(USER_SYSTEM).setValue(e.actor()))
        .setDisplay(e.actor()));
    agent.addRole(new CodeableConcept(new Coding(ROLE_SYSTEM, e.role(), null)).setText(e.role()));
    agent.setRequestor(true);
    a.getSource().setSite("Vigil").setObserver(new Reference().setDisplay("Vigil"))
        .addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));
    if (e.patientId() != null) {
      a.addEntity().setWhat(new Reference("Patient/" + e.patientId()))
          .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
          .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
    }
    var what = a.addEntity().setName(e.resource());
    if (FHIR_REFERENCE.matcher(e.resource()).matches()) {
      what.setWhat(new Reference(e.resource()));
    }
    if (e.detail() != null) {
      e.detail().forEach((k, v) -> what.addDetail().setType(k).setValue(new StringType(v)));
    }
    a.addExtension(HASH_EXTENSION, new StringType(AuditHash.hex(row.hash())));
    return a;
  }

  /** A row whose values are not an entry (it was tampered with): shown as such, for the operator to look at. */
  private static AuditEvent unreadable(long seq, String why) {
    AuditEvent a = new AuditEvent();
    a.setId(new IdType("AuditEvent", Long.toString(seq)));
    a.setType(new Coding(EVENT_TYPE_SYSTEM, "rest", "RESTful Operation"));
    a.setRecorded(new Date(0));
    a.setOutcome(AuditEventOutcome._12);
    a.setOutcomeDesc("unreadable audit entry: " + why + " (run ./vigil audit verify)");
    a.getSource().setSite("Vigil").setObserver(new Reference().setDisplay("Vigil"));
    return a;
  }

  /** HTTP 2xx/3xx = success, 4xx = minor failure (refused), 5xx = serious failure; other words as given. */
  static AuditEventOutcome outcome(String outcome) {
    if (outcome.length() == 3 && outcome.chars().allMatch(Character::isDigit)) {
      return switch (outcome.charAt(0)) {
        case '1', '2', '3' -> AuditEventOutcome._0;
        case '4' -> AuditEventOutcome._4;
        default -> AuditEventOutcome._8;
      };
    }
    return switch (outcome) {
      case "ok", "success" -> AuditEventOutcome._0;
      default -> AuditEventOutcome._4;
    };
  }

  private static int count(Integer count) {
    if (count == null) {
      return DEFAULT_COUNT;
    }
    if (count < 0 || count > MAX_COUNT) {
      throw InvalidInputException.of("_count", "must be between 0 and " + MAX_COUNT);
    }
    return count;
  }

  private static int offset(Integer offset) {
    if (offset == null) {
      return 0;
    }
    if (offset < 0) {
      throw InvalidInputException.of("_offset", "must not be negative");
    }
    return offset;
  }
}
