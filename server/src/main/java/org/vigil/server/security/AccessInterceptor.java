package org.vigil.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.vigil.engine.units.Problem;
import org.vigil.server.users.Role;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;

/**
 * Applies {@link AccessRules} to every REST call and page before its handler runs: the caller's role must be
 * allowed, and the member the request names must be one the caller may see. Refusals answer 403 naming the reason,
 * or 404 where even the member's existence is private (another tenant, or a member or insurer asking about someone
 * else); they are recorded for the audit log.
 */
@Component
public class AccessInterceptor implements HandlerInterceptor {
  /** Paths that are not personal data and need no rule (documentation, sign-in, keys, errors). */
  static final List<String> OPEN = List.of("/v3/api-docs", "/swagger-ui", "/login", "/logout", "/oauth2/jwks",
      "/error", "/actuator");

  private final AccessPolicy policy;
  private final JdbcClient jdbc;

  public AccessInterceptor(AccessPolicy policy, JdbcClient jdbc) {
    this.policy = policy;
    this.jdbc = jdbc;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod)) {
      return true;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (OPEN.stream().anyMatch(path::startsWith)) {
      return true;
    }
    Access access = policy.of(request).orElseThrow(() -> new InvalidInputException(401,
        List.of(new Problem("Authorization", "sign in or send a bearer token"))));
    request.setAttribute("vigil.tenant", access.tenant()); // the caller's tenant, for handlers that need only it
    Optional<Map.Entry<AccessRules.Rule, String>> found = AccessRules.find(request.getMethod(), path);
    if (found.isEmpty()) {
      access.denied("no access rule");
      throw new InvalidInputException(403, List.of(new Problem("endpoint",
          request.getMethod() + " " + path + " has no access rule; refused")));
    }
    AccessRules.Rule rule = found.get().getKey();
    String id = found.get().getValue();
    Role role = access.role();
    if (!rule.roles().contains(role)) {
      access.denied("role not allowed");
      throw new InvalidInputException(403, List.of(new Problem("role", "a " + role.code() + " may not "
          + request.getMethod() + " " + rule.pattern().getPatternString())));
    }
    String patient = switch (rule.subject()) {
      case NONE -> null;
      case PATIENT -> id;
      case ALERT -> lookup("select patient_id from alert where id = ?", id);
      case FOLLOW_UP -> lookup("select patient_id from follow_up where id = ?", id);
    };
    if (rule.subject() != AccessRules.Subject.NONE) {
      if (patient == null || !access.canSee(patient)) {
        boolean sameTenant = patient != null && access.tenant().equals(access.tenantOf(patient));
        if (!sameTenant || role == Role.MEMBER || role == Role.INSURER) {
          access.denied("member not visible");
          throw new NotFoundException(rule.subject().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
              + " " + id + " not found");
        }
        access.touched(patient);
        access.denied("member not in the caller's care");
        throw new InvalidInputException(403, List.of(new Problem("id",
            "member " + patient + " is not in your care (" + role.code() + " " + access.principal().subject() + ")")));
      }
      access.touched(patient);
    }
    return true;
  }

  private String lookup(String sql, String id) {
    long n;
    try {
      n = Long.parseLong(id);
    } catch (NumberFormatException e) {
      return null;
    }
    return jdbc.sql(sql).param(n).query(String.class).optional().orElse(null);
  }
}
