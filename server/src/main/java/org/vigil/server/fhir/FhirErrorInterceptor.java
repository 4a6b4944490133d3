package org.vigil.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;
import org.vigil.engine.units.Problem;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;

/**
 * Vigil's errors as FHIR OperationOutcomes: one issue per problem, its field in {@code expression}. HAPI's own
 * refusals (a body it cannot parse, an unknown element, a wrong JSON type) get an expression too, naming the
 * element when HAPI's message does, else the resource.
 *
 * <p>HAPI logs every refusal with the exception's message. Those messages quote what the client sent (a name in
 * the wrong place, an identifier that belongs to someone else), so the exception handed back to HAPI carries a
 * message with only the status, the fields and HAPI's message codes; the details go to the client in the
 * OperationOutcome and never to the log.
 */
@Component
@Interceptor
public class FhirErrorInterceptor {
  private static final List<Pattern> ELEMENT = List.of(
      Pattern.compile("\\[element=\"([^\"]{1,100})\"]"),
      Pattern.compile("[Ee]lement:? '([^']{1,100})'"),
      Pattern.compile("for element (\\S{1,100}) -"));
  private static final Pattern HAPI_CODE = Pattern.compile("HAPI-\\d{4}");

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException convert(RequestDetails request, Throwable error) {
    Throwable t = error;
    while (t != null && !(t instanceof InvalidInputException) && !(t instanceof NotFoundException)
        && !(t instanceof DataFormatException) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof InvalidInputException e) {
      return replacement(e.status(), e.problems(), null);
    }
    if (t instanceof NotFoundException e) {
      return replacement(404, List.of(new Problem(resource(request) + ".id", e.getMessage())), null);
    }
    if (t instanceof DataFormatException e) {
      return replacement(400, List.of(new Problem(element(resource(request), e.getMessage()), e.getMessage())),
          error instanceof BaseServerResponseException b ? b : null);
    }
    if (!(error instanceof BaseServerResponseException) && failedBeforeTheBodyWasParsed(request)) {
      // HAPI's parser can fail on malformed input with an unchecked exception of its own (a NullPointerException
      // for "extension": [true], often without message or stack trace once the JIT has seen it a few times); the
      // body is at fault, not the server.
      return replacement(400, List.of(new Problem(resource(request), "the body is not a valid FHIR resource (the"
          + " parser failed with " + error.getClass().getSimpleName() + ")")), null);
    }
    if (error instanceof BaseServerResponseException b && b.getStatusCode() >= 400 && b.getStatusCode() < 500) {
      String message = b.getMessage() == null ? "refused" : b.getMessage();
      return replacement(b.getStatusCode(), List.of(new Problem(element(resource(request), message), message)), b);
    }
    return null;
  }

  /**
   * The exception HAPI answers and logs: the OperationOutcome with every problem for the client, a message with
   * no value from the request for the log.
   */
  private static BaseServerResponseException replacement(int status, List<Problem> problems,
      BaseServerResponseException original) {
    OperationOutcome oo = outcome(problems, IssueSeverity.ERROR);
    Set<String> fields = new LinkedHashSet<>();
    Set<String> codes = new LinkedHashSet<>();
    for (Problem p : problems) {
      fields.add(p.field());
      Matcher m = HAPI_CODE.matcher(p.reason());
      while (m.find()) {
        codes.add(m.group());
      }
    }
    String message = "refused: " + problems.size() + " problem(s) at " + String.join(", ", fields)
        + (codes.isEmpty() ? "" : " " + codes) + " (details in the OperationOutcome sent to the client)";
    BaseServerResponseException out = switch (status) {
      case 400 -> new InvalidRequestException(message, oo);
      case 404 -> new ResourceNotFoundException(message, oo);
      case 422 -> new UnprocessableEntityException(message, oo);
      default -> new BaseServerResponseException(status, message, oo) {
        private static final long serialVersionUID = 1L;
      };
    };
    if (original != null && original.hasResponseHeaders()) {
      original.getResponseHeaders().forEach((name, values) -> values.forEach(v -> out.addResponseHeader(name, v)));
    }
    return out;
  }

  /**
   * Whether a write failed before its body became a resource: HAPI hands the parsed resource to the request
   * ({@link RequestDetails#getResource()}) before it calls a provider, and {@link BundleProvider} does the same
   * for a Bundle.
   */
  private static boolean failedBeforeTheBodyWasParsed(RequestDetails request) {
    return request != null && request.getResource() == null
        && (request.getRequestType() == RequestTypeEnum.POST || request.getRequestType() == RequestTypeEnum.PUT);
  }

  /** The resource the request is about ({@code Bundle} for a transaction or batch posted to the base). */
  private static String resource(RequestDetails request) {
    String name = request == null ? null : request.getResourceName();
    return name == null || name.isBlank() ? "Bundle" : name;
  }

  /** The element HAPI's message names, under the resource; the resource itself when it names none. */
  static String element(String resource, String message) {
    if (message != null) {
      if (message.contains("resource type found") || message.contains("'resourceType'")) {
        return resource + ".resourceType";
      }
      for (Pattern p : ELEMENT) {
        Matcher m = p.matcher(message);
        if (m.find()) {
          return resource + "." + m.group(1);
        }
      }
    }
    return resource;
  }

  static OperationOutcome outcome(List<Problem> problems, IssueSeverity severity) {
    OperationOutcome oo = new OperationOutcome();
    for (Problem p : problems) {
      oo.addIssue()
          .setSeverity(severity)
          .setCode(severity == IssueSeverity.WARNING ? IssueType.NOTSUPPORTED : IssueType.INVALID)
          .setDiagnostics(p.field() + ": " + p.reason())
          .setExpression(List.of(new StringType(p.field())));
    }
    return oo;
  }
}
