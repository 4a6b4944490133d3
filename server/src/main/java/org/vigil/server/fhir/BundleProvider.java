package org.vigil.server.fhir;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;
import org.vigil.server.web.InvalidInputException;

/** {@code POST /fhir} with a Bundle of type transaction (all or nothing) or batch (entry by entry). */
@Component
public class BundleProvider {
  private final BundleProcessor processor;

  public BundleProvider(BundleProcessor processor) {
    this.processor = processor;
  }

  @Transaction
  public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
    // Tells FhirErrorInterceptor the body was parsed: a failure from here on is Vigil's, not the client's.
    request.setResource(bundle);
    return switch (bundle.getType()) {
      case TRANSACTION -> processor.transaction(bundle);
      case BATCH -> processor.batch(bundle);
      case null -> throw new InvalidInputException(400, java.util.List.of(
          new org.vigil.engine.units.Problem("Bundle.type", "is missing (transaction or batch)")));
      default -> throw new InvalidInputException(400, java.util.List.of(new org.vigil.engine.units.Problem(
          "Bundle.type", "'" + bundle.getType().toCode() + "' cannot be posted; use transaction or batch")));
    };
  }
}
