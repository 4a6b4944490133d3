package org.vigil.server.security;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The local issuer's public keys, so other services can verify tokens it signs. */
@RestController
public class JwksController {
  private final LocalIssuer issuer;
  private final SecurityProperties props;

  public JwksController(LocalIssuer issuer, SecurityProperties props) {
    this.issuer = issuer;
    this.props = props;
  }

  @GetMapping(value = "/oauth2/jwks", produces = "application/json")
  Map<String, Object> jwks() {
    if (props.issuerUri() != null) {
      return Map.of("keys", java.util.List.of());
    }
    return issuer.publicKeys().toJSONObject(true);
  }
}
