package org.vigil.server.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Gives each request its {@link Access}, built once from the authenticated caller. */
@Component
public class AccessPolicy {
  static final String ATTRIBUTE = Access.class.getName();

  private final JdbcClient jdbc;

  public AccessPolicy(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The caller of the current request, if authenticated. */
  public static Optional<VigilPrincipal> principal() {
    Authentication a = SecurityContextHolder.getContext().getAuthentication();
    return a != null && a.getPrincipal() instanceof VigilPrincipal p ? Optional.of(p) : Optional.empty();
  }

  /** This request's access (empty outside a request or when nobody is signed in). */
  public Optional<Access> current() {
    if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs)) {
      return principal().map(p -> new Access(p, jdbc));
    }
    return of(attrs.getRequest());
  }

  public Optional<Access> of(HttpServletRequest request) {
    Object a = request.getAttribute(ATTRIBUTE);
    if (a instanceof Access access) {
      return Optional.of(access);
    }
    Optional<Access> made = principal().map(p -> new Access(p, jdbc));
    made.ifPresent(m -> request.setAttribute(ATTRIBUTE, m));
    return made;
  }

  /** The current access, which must exist (any /api, /fhir or page request past authentication). */
  public Access require() {
    return current().orElseThrow(() -> new IllegalStateException("no authenticated caller in this request"));
  }

  /** An access for a principal outside a request (tests, background work acting for someone). */
  public Access forPrincipal(VigilPrincipal p) {
    return new Access(p, jdbc);
  }
}
