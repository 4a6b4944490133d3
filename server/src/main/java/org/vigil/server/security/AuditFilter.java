package org.vigil.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.vigil.server.users.Role;

/**
 * Writes the audit record of every authenticated request for personal data (REST, FHIR, pages) once it has been
 * answered: who, role, tenant, which members ({@link Access#touchedPatients()}), what, purpose and outcome,
 * including refusals. The purpose is the caller's {@code X-Purpose-Of-Use} header (an HL7 v3 PurposeOfUse code) or
 * the role's usual one.
 */
public class AuditFilter extends OncePerRequestFilter {
  static final Set<String> PURPOSES = Set.of("TREAT", "ETREAT", "HOPERAT", "HPAYMT", "HRESCH", "PATRQT", "PUBHLTH",
      "HMARKT", "HDIRECT", "CAREMGT");

  private final AccessPolicy policy;
  private final AccessLog log;

  public AuditFilter(AccessPolicy policy, AccessLog log) {
    this.policy = policy;
    this.log = log;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String p = request.getRequestURI().substring(request.getContextPath().length());
    return !(p.startsWith("/api/") || (p.startsWith("/fhir") && !p.startsWith("/fhir/metadata"))
        || p.equals("/") || p.startsWith("/worklist") || p.startsWith("/ui/") || p.startsWith("/members/")
        || p.startsWith("/me") || p.startsWith("/doctor") || p.startsWith("/outbox"));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } finally {
      Optional<Access> access = policy.of(request);
      access.ifPresent(a -> record(request, response, a));
    }
  }

  private void record(HttpServletRequest request, HttpServletResponse response, Access a) {
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    String path = pattern instanceof String s ? s : request.getRequestURI();
    String what = request.getAttribute(FhirAccessInterceptor.OPERATION) instanceof String op ? op
        : request.getMethod() + " " + path;
    String action = a.deniedBecause() != null ? "denied" : path.startsWith("/api/v1/export") ? "export"
        : switch (request.getMethod()) {
      case "GET", "HEAD" -> a.touchedPatients().size() > 1 ? "search" : "read";
      case "POST" -> "create";
      case "PUT", "PATCH" -> "update";
      case "DELETE" -> "delete";
      default -> request.getMethod().toLowerCase(Locale.ROOT);
    };
    String outcome = Integer.toString(response.getStatus())
        + (a.deniedBecause() != null ? " " + a.deniedBecause() : "");
    String purpose = purpose(request.getHeader("X-Purpose-Of-Use"), a.role());
    if (a.touchedPatients().isEmpty()) {
      log.record(a.principal(), null, action, what, purpose, outcome);
    } else {
      for (String patient : a.touchedPatients()) {
        log.record(a.principal(), patient, action, what, purpose, outcome);
      }
    }
  }

  static String purpose(String header, Role role) {
    if (header != null && PURPOSES.contains(header.strip().toUpperCase(Locale.ROOT))) {
      return header.strip().toUpperCase(Locale.ROOT);
    }
    return switch (role) {
      case MEMBER -> "PATRQT";
      case MANAGER, DOCTOR -> "TREAT";
      case OPERATOR -> "HOPERAT";
      case INSURER -> "HPAYMT";
    };
  }
}
