package org.vigil.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.springframework.stereotype.Component;
import org.vigil.server.users.Role;

/**
 * The FHIR side of {@link AccessInterceptor} (ADR 0014): which roles may use which interaction, and — for every
 * response, single resources, search pages, {@code _include}d resources and Bundles alike — only members the caller
 * may see. A read of someone the caller may not see answers 404 (existence is private); search results leave them
 * out, and withhold the total when they did.
 */
@Component
@Interceptor
public class FhirAccessInterceptor {
  /** Request attribute naming the FHIR interaction, for the audit record. */
  public static final String OPERATION = FhirAccessInterceptor.class.getName() + ".operation";

  private static final Set<RestOperationTypeEnum> WRITES = EnumSet.of(RestOperationTypeEnum.CREATE,
      RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.DELETE, RestOperationTypeEnum.PATCH,
      RestOperationTypeEnum.TRANSACTION, RestOperationTypeEnum.BATCH, RestOperationTypeEnum.META_ADD,
      RestOperationTypeEnum.META_DELETE);

  private final AccessPolicy policy;

  public FhirAccessInterceptor(AccessPolicy policy) {
    this.policy = policy;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void incoming(RequestDetails request, RestOperationTypeEnum operation) {
    String type = request.getResourceName();
    if (request instanceof ServletRequestDetails s) {
      s.getServletRequest().setAttribute(OPERATION, "FHIR " + operation.getCode()
          + (type == null ? "" : " " + type));
    }
    if (operation == RestOperationTypeEnum.METADATA) {
      return;
    }
    Access access = access(request);
    Role role = access.role();
    if ("AuditEvent".equals(type) && role != Role.OPERATOR) {
      deny(access, "the audit log is for operators");
    }
    if (WRITES.contains(operation)) {
      boolean allowed = switch (type == null ? "Bundle" : type) {
        case "Patient", "Bundle" -> role == Role.OPERATOR;
        case "Observation" -> role == Role.OPERATOR || role == Role.MEMBER;
        case "Condition" -> access.principal().staff();
        case "Consent" -> role != Role.INSURER;
        default -> false;
      };
      if (!allowed) {
        deny(access, "a " + role.code() + " may not " + operation.getCode() + " "
            + (type == null ? "Bundles" : type));
      }
    }
  }

  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public boolean outgoing(RequestDetails request, ResponseDetails response) {
    IBaseResource resource = response.getResponseResource();
    if (resource == null) {
      return true;
    }
    Access access = access(request);
    if (resource instanceof Bundle bundle) {
      List<String> patients = new ArrayList<>();
      for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
        String p = patientOf(e.getResource());
        if (p != null) {
          patients.add(p);
        }
      }
      Set<String> visible = access.visible(patients);
      boolean removed = bundle.getEntry().removeIf(e -> {
        String p = patientOf(e.getResource());
        return p != null && !visible.contains(p);
      });
      if (removed && bundle.getType() == Bundle.BundleType.SEARCHSET) {
        bundle.setTotalElement(null);
      }
      access.touchedAll(visible);
      return true;
    }
    String p = patientOf(resource);
    if (p != null) {
      if (!access.canSee(p)) {
        access.denied("member not visible");
        throw new ResourceNotFoundException(resource.getIdElement().toUnqualifiedVersionless());
      }
      access.touched(p);
    }
    return true;
  }

  private Access access(RequestDetails request) {
    var access = request instanceof ServletRequestDetails s ? policy.of(s.getServletRequest()) : policy.current();
    return access.orElseThrow(() -> new AuthenticationException("send a bearer token"));
  }

  private static void deny(Access access, String why) {
    access.denied(why);
    throw new ForbiddenOperationException(why);
  }

  /** The member a resource is about, or null. */
  static String patientOf(IBaseResource r) {
    Reference ref = switch (r) {
      case null -> null;
      case Patient p -> {
        yield new Reference("Patient/" + p.getIdElement().getIdPart());
      }
      case Observation o -> o.getSubject();
      case Condition c -> c.getSubject();
      case DetectedIssue d -> d.getPatient();
      case RiskAssessment ra -> ra.getSubject();
      case Consent c -> c.getPatient();
      // AuditEvent: operators only, scoped to their tenant by the provider; entries outlive the members they name.
      default -> null;
    };
    if (ref == null || ref.getReferenceElement().getIdPart() == null) {
      return null;
    }
    return ref.getReferenceElement().getIdPart();
  }
}
