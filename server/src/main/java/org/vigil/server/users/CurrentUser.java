package org.vigil.server.users;

import jakarta.servlet.http.HttpSession;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.vigil.engine.units.Problem;
import org.vigil.server.web.InvalidInputException;

/**
 * Who is acting, decided once per request. Until sign-in with an identity provider exists (issue 6), a person is
 * the demo user signed in on {@code /login} (kept in the session); an API client without a session names itself
 * with {@code by}. Role checks resolve that name to a user, so a doctor's decision is always a doctor's.
 */
@Component
public class CurrentUser {
  /** The session attribute holding the signed-in user's id. */
  public static final String SESSION_KEY = "vigil.user";

  private final UserService users;

  public CurrentUser(UserService users) {
    this.users = users;
  }

  /** The signed-in user of this request's session, if any. */
  public Optional<User> signedIn() {
    if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs)) {
      return Optional.empty();
    }
    HttpSession session = attrs.getRequest().getSession(false);
    Object id = session == null ? null : session.getAttribute(SESSION_KEY);
    return id instanceof String s ? users.find(s) : Optional.empty();
  }

  /** The actor's id: the signed-in user, else the name the client gave, else {@code anonymous}. */
  public String actor(String claimed) {
    return signedIn().map(User::id)
        .orElse(claimed == null || claimed.isBlank() ? "anonymous" : claimed.strip());
  }

  /**
   * The acting user, who must hold one of the roles: the signed-in user, else the user the client named.
   * Refused with 403 naming the field when nobody or somebody else acts.
   */
  public User require(String claimed, Role... roles) {
    List<Role> allowed = Arrays.asList(roles);
    Optional<User> user = signedIn().or(() -> claimed == null || claimed.isBlank() ? Optional.empty()
        : users.find(claimed.strip()));
    String names = String.join(" or ", allowed.stream().map(Role::code).toList());
    if (user.isEmpty()) {
      throw new InvalidInputException(403, List.of(new Problem("by",
          "this action needs a signed-in " + names + " (or 'by' naming one)")));
    }
    if (!allowed.contains(user.get().role())) {
      throw new InvalidInputException(403, List.of(new Problem("by",
          user.get().id() + " is a " + user.get().role().code() + "; this action needs a " + names)));
    }
    return user.get();
  }
}
