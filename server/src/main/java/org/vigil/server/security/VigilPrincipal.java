package org.vigil.server.security;

import java.security.Principal;
import org.vigil.server.users.Role;

/**
 * Who is asking, as established once per request from a bearer token or the demo sign-in: the subject (a user id;
 * for a member, the member's patient id), the role and the tenant. Every access decision starts here.
 *
 * @param organization the insurer's organization (for consent to share with a named insurer), else null
 */
public record VigilPrincipal(String subject, Role role, String tenant, String organization) implements Principal {
  @Override
  public String getName() {
    return subject;
  }

  public boolean is(Role... roles) {
    for (Role r : roles) {
      if (role == r) {
        return true;
      }
    }
    return false;
  }

  /** Staff look after members: managers, doctors, operators. */
  public boolean staff() {
    return is(Role.MANAGER, Role.DOCTOR, Role.OPERATOR);
  }
}
