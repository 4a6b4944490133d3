package org.vigil.server.config;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Prints the URL once the server answers, so the launcher's user knows where to go. */
@Component
class ReadyBanner {
  private final VigilProperties props;

  ReadyBanner(VigilProperties props) {
    this.props = props;
  }

  @EventListener
  void ready(ApplicationReadyEvent event) {
    if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
      int port = web.getWebServer().getPort();
      System.out.printf("%nVigil is ready at http://localhost:%d  (profile %s%s)%n"
              + "  worklist  http://localhost:%d/%n  FHIR      http://localhost:%d/fhir/metadata%n"
              + "  API docs  http://localhost:%d/swagger-ui.html%n  health    http://localhost:%d/actuator/health%n%n",
          port, props.profile(), props.demo().enabled() ? ", demo population streaming" : "",
          port, port, port, port);
    }
  }
}
