package org.vigil.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;
import org.vigil.engine.units.Problem;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;

/** Vigil's errors as FHIR OperationOutcomes: one issue per problem, its field in {@code expression}. */
@Component
@Interceptor
public class FhirErrorInterceptor {
  private final FhirContext ctx;

  public FhirErrorInterceptor(FhirContext ctx) {
    this.ctx = ctx;
  }

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException convert(RequestDetails request, Throwable error) {
    Throwable t = error;
    while (t != null && !(t instanceof InvalidInputException) && !(t instanceof NotFoundException)
        && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof InvalidInputException e) {
      OperationOutcome oo = outcome(e.problems(), IssueSeverity.ERROR);
      BaseServerResponseException ex = e.status() == 400
          ? new InvalidRequestException(e.getMessage(), oo)
          : new UnprocessableEntityException(ctx, oo);
      if (e.status() != 400 && e.status() != 422) {
        return new BaseServerResponseException(e.status(), e.getMessage(), oo) {
          private static final long serialVersionUID = 1L;
        };
      }
      return ex;
    }
    if (t instanceof NotFoundException e) {
      return new ResourceNotFoundException(e.getMessage());
    }
    return null;
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
