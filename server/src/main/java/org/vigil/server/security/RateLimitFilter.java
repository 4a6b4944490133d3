package org.vigil.server.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per client: the token's subject (or the signed-in user), else the remote address. Over the limit
 * answers 429 with Retry-After. Buckets of idle clients are forgotten after ten minutes.
 */
public class RateLimitFilter extends OncePerRequestFilter {
  private final SecurityProperties.RateLimit limit;
  private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
      .maximumSize(100_000).build();

  public RateLimitFilter(SecurityProperties.RateLimit limit) {
    this.limit = limit;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!limit.enabled()) {
      chain.doFilter(request, response);
      return;
    }
    String client = AccessPolicy.principal().map(p -> p.tenant() + "/" + p.subject())
        .orElse("addr:" + request.getRemoteAddr());
    Bucket b = buckets.get(client, k -> new Bucket(limit.burst()));
    double wait = b.take(limit.perSecond(), limit.burst(), System.nanoTime());
    if (wait > 0) {
      response.setHeader("Retry-After", Long.toString((long) Math.ceil(wait)));
      Problems.write(request, response, 429, "Too many requests", "client",
          "more than " + limit.perSecond() + " requests per second; retry after " + (long) Math.ceil(wait) + " s");
      return;
    }
    chain.doFilter(request, response);
  }

  /** Tokens refill continuously at the sustained rate, up to the burst. */
  static final class Bucket {
    private double tokens;
    private long at;

    Bucket(int burst) {
      this.tokens = burst;
      this.at = System.nanoTime();
    }

    /** Takes a token; returns 0, or the seconds until one is available. */
    synchronized double take(int perSecond, int burst, long now) {
      tokens = Math.min(burst, tokens + (now - at) / 1e9 * perSecond);
      at = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (1 - tokens) / perSecond;
    }
  }
}
