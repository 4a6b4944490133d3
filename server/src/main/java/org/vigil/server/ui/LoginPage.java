package org.vigil.server.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.vigil.server.security.SecurityProperties;
import org.vigil.server.security.VigilAuthentication;
import org.vigil.server.security.VigilPrincipal;
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
  private final SecurityProperties security;
  private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

  public LoginPage(UserService users, SecurityProperties security) {
    this.users = users;
    this.security = security;
  }

  @GetMapping("/login")
  String login(Model model) {
    Map<Role, List<User>> byRole = new LinkedHashMap<>();
    for (Role r : security.demoLogin() ? List.of(Role.MANAGER, Role.DOCTOR, Role.MEMBER, Role.OPERATOR)
        : List.<Role>of()) {
      List<User> of = users.list(Optional.of(r), true);
      if (!of.isEmpty()) {
        byRole.put(r, r == Role.MEMBER ? of.subList(0, Math.min(8, of.size())) : of);
      }
    }
    model.addAttribute("byRole", byRole);
    return "login";
  }

  @PostMapping("/login")
  String signIn(@RequestParam String userId, HttpServletRequest request, HttpServletResponse response) {
    if (!security.demoLogin()) {
      throw InvalidInputException.of("userId", "demo sign-in is off; sign in with your identity provider");
    }
    User u = users.find(userId).filter(User::demo).orElseThrow(() ->
        InvalidInputException.of("userId", "not a demo user"));
    var old = request.getSession(false);
    if (old != null) {
      old.invalidate();   // a new session id after sign-in (no session fixation)
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new VigilAuthentication(new VigilPrincipal(u.id(), u.role(), u.tenant(), null), null));
    SecurityContextHolder.setContext(context);
    sessions.saveContext(context, request, response);
    return "redirect:" + home(u.role());
  }

  @PostMapping("/logout")
  String signOut(HttpServletRequest request) {
    var s = request.getSession(false);
    if (s != null) {
      s.invalidate();
    }
    SecurityContextHolder.clearContext();
    return "redirect:/login";
  }

  static String home(Role role) {
    return switch (role) {
      case MANAGER -> "/worklist?mine=true";
      case DOCTOR -> "/doctor";
      case MEMBER -> "/me";
      case OPERATOR -> "/worklist";
      case INSURER -> "/login";
    };
  }
}
