package org.vigil.server.security;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in and hardening settings ({@code vigil.security.*}).
 *
 * @param issuerUri an OpenID Connect issuer whose tokens Vigil accepts; unset = the built-in local issuer (demo and
 *     development only; its key lives under the data dir)
 * @param audience when set, tokens must name this audience
 * @param demoLogin whether {@code /login} lists and signs in the demo users (on in demo mode)
 * @param rateLimit requests per client (token subject, else address)
 * @param maxBodyBytes the largest request body accepted (413 above it)
 */
@ConfigurationProperties("vigil.security")
public record SecurityProperties(
    URI issuerUri,
    String audience,
    @DefaultValue("true") boolean demoLogin,
    @DefaultValue RateLimit rateLimit,
    @DefaultValue("33554432") long maxBodyBytes,
    @DefaultValue("PT12H") Duration sessionTokenTtl) {

  /**
   * A token bucket per client.
   *
   * @param perSecond sustained requests per second
   * @param burst requests allowed at once
   */
  public record RateLimit(@DefaultValue("true") boolean enabled, @DefaultValue("200") int perSecond,
      @DefaultValue("1000") int burst) {}
}
