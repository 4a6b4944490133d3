package org.vigil.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.List;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** HAPI FHIR's plain server at {@code /fhir}, with Vigil's providers and strict parsing. */
@Configuration(proxyBeanMethods = false)
public class FhirConfig {

  /** One context for the whole server: building it scans every model class, which takes seconds. */
  @Bean
  FhirContext fhirContext() {
    FhirContext ctx = FhirContext.forR4();
    // Unknown elements and malformed values are errors, not silently dropped data.
    ctx.setParserErrorHandler(new StrictErrorHandler());
    return ctx;
  }

  @Bean
  ServletRegistrationBean<RestfulServer> fhirServlet(
      FhirContext ctx, PatientProvider patients, ObservationProvider observations,
      DetectedIssueProvider issues, ConditionProvider conditions, RiskAssessmentProvider risks,
      ConsentProvider consents,
      BundleProvider bundles, org.vigil.server.audit.AuditEventProvider audits,
      FhirErrorInterceptor errors, org.vigil.server.security.FhirAccessInterceptor access) {
    RestfulServer server = new RestfulServer(ctx);
    server.setServerName("Vigil FHIR");
    server.setImplementationDescription("Vigil — proactive management of the Five Highs");
    server.setResourceProviders(List.of(patients, observations, conditions, issues, risks, consents, audits));
    server.setPlainProviders(bundles);
    server.setDefaultResponseEncoding(EncodingEnum.JSON);
    server.setDefaultPrettyPrint(false);
    server.registerInterceptor(errors);
    server.registerInterceptor(access);
    server.registerInterceptor(new CapabilityInterceptor());
    ServletRegistrationBean<RestfulServer> reg = new ServletRegistrationBean<>(server, "/fhir/*");
    reg.setName("fhir");
    reg.setLoadOnStartup(1);
    return reg;
  }
}
