package org.vigil.server.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.vigil.server.config.VigilProperties;
import org.vigil.server.users.Role;

/**
 * Authentication and the request-level defences (ADR 0014). Every {@code /api} and {@code /fhir} call needs a bearer
 * JWT from the configured OpenID Connect issuer (or, in demo and development mode, the built-in local issuer), or the
 * session of a user signed in on the demo {@code /login} page (then with a CSRF token). {@code /actuator/health},
 * the sign-in page, static files and the API description are open. What each caller may then see is decided by
 * {@link AccessInterceptor} and {@link FhirAccessInterceptor}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

  /**
   * Calls with a bearer token: stateless (no session is ever created for them, so API clients cannot fill the
   * server's memory with sessions) and no CSRF (nothing ambient to forge).
   */
  @Bean
  @org.springframework.core.annotation.Order(1)
  SecurityFilterChain bearer(HttpSecurity http, SecurityProperties props, JwtDecoder decoder, AccessPolicy policy,
      AccessLog accessLog) throws Exception {
    RequestMatcher bearer = request -> {
      String h = request.getHeader("Authorization");
      return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7);
    };
    http.securityMatcher(bearer)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(c -> c.disable());
    return common(http, props, decoder, policy, accessLog);
  }

  /** Everything else: the demo sign-in's session for pages (and their API calls, with the page's CSRF token). */
  @Bean
  @org.springframework.core.annotation.Order(2)
  SecurityFilterChain session(HttpSecurity http, SecurityProperties props, JwtDecoder decoder, AccessPolicy policy,
      AccessLog accessLog) throws Exception {
    http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
        .csrf(c -> c.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse()));
    return common(http, props, decoder, policy, accessLog);
  }

  private SecurityFilterChain common(HttpSecurity http, SecurityProperties props, JwtDecoder decoder,
      AccessPolicy policy, AccessLog accessLog) throws Exception {
    http.authorizeHttpRequests(a -> a
            .requestMatchers("/actuator/health", "/actuator/health/**", "/login", "/oauth2/jwks", "/css/**",
                "/js/**", "/webjars/**", "/favicon.ico", "/error", "/v3/api-docs", "/v3/api-docs/**",
                "/swagger-ui/**", "/swagger-ui.html").permitAll()
            .anyRequest().authenticated())
        .oauth2ResourceServer(o -> o
            .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(SecurityConfig::toAuthentication))
            .authenticationEntryPoint((req, res, e) -> unauthorized(req, res, e.getMessage())))
        .exceptionHandling(e -> e
            .authenticationEntryPoint((req, res, ex) -> {
              if (api(req)) {
                unauthorized(req, res, "send a bearer token (Authorization: Bearer ...)");
              } else {
                res.sendRedirect(req.getContextPath() + "/login");
              }
            })
            .accessDeniedHandler((req, res, ex) -> Problems.write(req, res, 403, "Not allowed", "X-XSRF-TOKEN",
                "a signed-in page must send its CSRF token; API clients send a bearer token instead")))
        .logout(l -> l.disable())
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        .requestCache(r -> r.disable())
        .headers(h -> h
            .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self';"
                + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self';"
                + " form-action 'self'; frame-ancestors 'none'"))
            .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
            .frameOptions(f -> f.deny()))
        .addFilterBefore(new BodySizeFilter(props.maxBodyBytes()), BearerTokenAuthenticationFilter.class)
        .addFilterAfter(new RateLimitFilter(props.rateLimit()), BearerTokenAuthenticationFilter.class)
        .addFilterAfter(new AuditFilter(policy, accessLog), AuthorizationFilter.class);
    return http.build();
  }

  private static boolean api(HttpServletRequest req) {
    String p = req.getRequestURI().substring(req.getContextPath().length());
    return p.startsWith("/api/") || p.startsWith("/fhir") || p.startsWith("/ui/");
  }

  private static void unauthorized(HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res,
      String reason) throws java.io.IOException {
    res.setHeader("WWW-Authenticate", "Bearer");
    Problems.write(req, res, 401, "Not signed in", "Authorization", reason == null ? "invalid token" : reason);
  }

  /** Maps a verified token to Vigil's caller: {@code sub}, {@code role}, {@code tenant}, optionally {@code org}. */
  static AbstractAuthenticationToken toAuthentication(Jwt jwt) {
    String roleClaim = jwt.getClaimAsString("role");
    Role role = roleClaim == null ? null : Role.parse(roleClaim).orElse(null);
    if (role == null) {
      throw new InvalidBearerTokenException("the token's 'role' claim must be one of member, manager, doctor,"
          + " operator, insurer");
    }
    String tenant = jwt.getClaimAsString("tenant");
    if (tenant == null || tenant.isBlank()) {
      throw new InvalidBearerTokenException("the token has no 'tenant' claim");
    }
    if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
      throw new InvalidBearerTokenException("the token has no 'sub' claim");
    }
    return new VigilAuthentication(new VigilPrincipal(jwt.getSubject(), role, tenant, jwt.getClaimAsString("org")),
        jwt);
  }

  @Bean
  LocalIssuer localIssuer(VigilProperties vigil) {
    return LocalIssuer.at(vigil.dataDir());
  }

  @Bean
  JwtDecoder jwtDecoder(SecurityProperties props, LocalIssuer local) {
    NimbusJwtDecoder decoder;
    OAuth2TokenValidator<Jwt> validator;
    if (props.issuerUri() != null) {
      decoder = NimbusJwtDecoder.withIssuerLocation(props.issuerUri().toString()).build();
      validator = JwtValidators.createDefaultWithIssuer(props.issuerUri().toString());
    } else {
      decoder = NimbusJwtDecoder.withPublicKey(local.publicKey()).build();
      validator = JwtValidators.createDefaultWithIssuer(LocalIssuer.ISSUER);
    }
    if (props.audience() != null && !props.audience().isBlank()) {
      OAuth2TokenValidator<Jwt> audience = jwt -> jwt.getAudience() != null
          && jwt.getAudience().contains(props.audience()) ? OAuth2TokenValidatorResult.success()
          : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
              "the token is not for audience " + props.audience(), null));
      validator = new DelegatingOAuth2TokenValidator<>(List.of(validator, audience));
    }
    decoder.setJwtValidator(validator);
    return decoder;
  }

}
