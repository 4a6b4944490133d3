package org.vigil.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;

/** Completes HAPI's generated CapabilityStatement: Vigil's name, and batch beside transaction. */
@Interceptor
class CapabilityInterceptor {
  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void complete(IBaseConformance conformance) {
    if (conformance instanceof CapabilityStatement cs) {
      cs.setName("Vigil");
      cs.setPublisher("Vigil");
      cs.getSoftware().setName("Vigil");
      for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
        boolean hasBatch = rest.getInteraction().stream()
            .anyMatch(i -> i.getCode() == SystemRestfulInteraction.BATCH);
        if (!hasBatch) {
          rest.addInteraction().setCode(SystemRestfulInteraction.BATCH);
        }
      }
    }
  }
}
