package org.vigil.server.users;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vigil.engine.units.Problem;
import org.vigil.server.security.AccessPolicy;
import org.vigil.server.security.VigilPrincipal;
import org.vigil.server.web.InvalidInputException;

/**
 * Who is acting, decided once per request by authentication (a verified bearer token, or the demo sign-in's
 * session; ADR 0014). The optional {@code by} field some request bodies still carry may only name the caller
 * itself: it is checked, never trusted.
 */
@Component
public class CurrentUser {
  private final UserService users;

  public CurrentUser(UserService users) {
    this.users = users;
  }

  /** The authenticated caller as a user: their record when they have one, else one made from the token. */
  public Optional<User> signedIn() {
    return AccessPolicy.principal().map(p -> users.find(p.subject())
        .filter(u -> u.role() == p.role() && u.tenant().equals(p.tenant()))
        .orElse(new User(p.subject(), p.subject(), p.role(), p.tenant(), "en", null, false)));
  }

  /** The actor's id: always the authenticated caller; a {@code by} naming someone else is refused. */
  public String actor(String claimed) {
    VigilPrincipal p = AccessPolicy.principal().orElseThrow(() -> new InvalidInputException(401,
        List.of(new Problem("Authorization", "sign in or send a bearer token"))));
    if (claimed != null && !claimed.isBlank() && !claimed.strip().equals(p.subject())) {
      throw new InvalidInputException(403, List.of(new Problem("by",
          "names someone else; the actor is the authenticated caller " + p.subject())));
    }
    return p.subject();
  }

  /** The acting user, who must hold one of the roles (403 naming the role otherwise). */
  public User require(String claimed, Role... roles) {
    actor(claimed);
    User user = signedIn().orElseThrow();
    List<Role> allowed = Arrays.asList(roles);
    if (!allowed.contains(user.role())) {
      String names = String.join(" or ", allowed.stream().map(Role::code).toList());
      throw new InvalidInputException(403, List.of(new Problem("role",
          user.id() + " is a " + user.role().code() + "; this action needs a " + names)));
    }
    return user;
  }
}
