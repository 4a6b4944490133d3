package org.vigil.server.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.vigil.server.users.CurrentUser;
import org.vigil.server.users.Role;
import org.vigil.server.users.User;
import org.vigil.server.users.UserService;
import org.vigil.server.web.InvalidInputException;

/**
 * The demo sign-in: lists the demo users of each role so a newcomer can look around without an identity
 * provider. Only users marked demo can sign in here; real sign-in (OIDC) replaces it.
 */
@Controller
public class LoginPage {
  private final UserService users;

  public LoginPage(UserService users) {
    this.users = users;
  }

  @GetMapping("/login")
  String login(Model model) {
    Map<Role, List<User>> byRole = new LinkedHashMap<>();
    for (Role r : List.of(Role.MANAGER, Role.DOCTOR, Role.MEMBER, Role.OPERATOR)) {
      List<User> of = users.list(Optional.of(r), true);
      if (!of.isEmpty()) {
        byRole.put(r, r == Role.MEMBER ? of.subList(0, Math.min(8, of.size())) : of);
      }
    }
    model.addAttribute("byRole", byRole);
    return "login";
  }

  @PostMapping("/login")
  String signIn(@RequestParam String userId, HttpServletRequest request) {
    User u = users.find(userId).filter(User::demo).orElseThrow(() ->
        InvalidInputException.of("userId", "'" + userId + "' is not a demo user"));
    request.getSession(true).invalidate();
    request.getSession(true).setAttribute(CurrentUser.SESSION_KEY, u.id());
    return "redirect:" + home(u.role());
  }

  @PostMapping("/logout")
  String signOut(HttpServletRequest request) {
    var s = request.getSession(false);
    if (s != null) {
      s.invalidate();
    }
    return "redirect:/login";
  }

  static String home(Role role) {
    return switch (role) {
      case MANAGER -> "/worklist?mine=true";
      case DOCTOR -> "/doctor";
      case MEMBER -> "/me";
      case OPERATOR -> "/worklist";
    };
  }
}
