package org.vigil.server.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated {@link VigilPrincipal}, from a verified token or the demo sign-in. */
public final class VigilAuthentication extends AbstractAuthenticationToken {
  private final VigilPrincipal principal;
  private final transient Object credentials;

  public VigilAuthentication(VigilPrincipal principal, Object credentials) {
    super(List.of(new SimpleGrantedAuthority("ROLE_" + principal.role().name())));
    this.principal = principal;
    this.credentials = credentials;
    setAuthenticated(true);
  }

  @Override
  public VigilPrincipal getPrincipal() {
    return principal;
  }

  @Override
  public Object getCredentials() {
    return credentials;
  }
}
