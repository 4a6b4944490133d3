package org.vigil.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** A client over its rate gets 429 with Retry-After and a problem naming the client; others are not affected. */
class RateLimitFilterTest {
  private MockHttpServletResponse call(RateLimitFilter f, String address) throws Exception {
    MockHttpServletRequest req = new MockHttpServletRequest("GET", "/api/v1/alerts");
    req.setRemoteAddr(address);
    MockHttpServletResponse res = new MockHttpServletResponse();
    f.doFilter(req, res, new MockFilterChain());
    return res;
  }

  @Test
  void aBurstIsAllowedThenTheClientWaits() throws Exception {
    RateLimitFilter f = new RateLimitFilter(new SecurityProperties.RateLimit(true, 1, 5));
    for (int i = 0; i < 5; i++) {
      assertThat(call(f, "10.0.0.1").getStatus()).isEqualTo(200);
    }
    MockHttpServletResponse over = call(f, "10.0.0.1");
    assertThat(over.getStatus()).isEqualTo(429);
    assertThat(over.getHeader("Retry-After")).isEqualTo("1");
    assertThat(over.getContentType()).startsWith("application/problem+json");
    assertThat(over.getContentAsString()).contains("\"field\":\"client\"");
    assertThat(call(f, "10.0.0.2").getStatus()).as("another client has its own bucket").isEqualTo(200);
  }

  @Test
  void tokensRefillAtTheSustainedRate() {
    RateLimitFilter.Bucket b = new RateLimitFilter.Bucket(2);
    long t = System.nanoTime();
    assertThat(b.take(10, 2, t)).isZero();
    assertThat(b.take(10, 2, t)).isZero();
    assertThat(b.take(10, 2, t)).isGreaterThan(0);
    assertThat(b.take(10, 2, t + 100_000_000L)).as("a tenth of a second later, one token at 10/s").isZero();
  }

  @Test
  void offMeansOff() throws Exception {
    RateLimitFilter f = new RateLimitFilter(new SecurityProperties.RateLimit(false, 1, 1));
    for (int i = 0; i < 10; i++) {
      assertThat(call(f, "10.0.0.3").getStatus()).isEqualTo(200);
    }
  }
}
