package org.vigil.server.users;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.server.web.InvalidInputException;

/** Users (members, managers, doctors, operators) and panels with their history. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "People", description = "Users, roles and panels")
public class UsersController {
  private final UserService users;
  private final CurrentUser current;

  public UsersController(UserService users, CurrentUser current) {
    this.users = users;
    this.current = current;
  }

  public record UserBody(String displayName, String role, String tenant, String locale, String email) {}

  public record AssignBody(String managerId, String by, String reason) {}

  @GetMapping("/users")
  @Operation(summary = "Users, optionally of one role")
  public List<User> list(@RequestParam(required = false) String role) {
    return users.list(role == null ? Optional.empty() : Optional.of(parse(role)), false);
  }

  @PutMapping("/users/{id}")
  @Operation(summary = "Create or replace a user")
  public User save(@PathVariable String id, @RequestBody UserBody b) {
    return users.save(new User(id, b.displayName(), parse(b.role()), b.tenant() == null ? "default" : b.tenant(),
        b.locale() == null ? "en" : b.locale(), b.email(), false));
  }

  @PostMapping("/patients/{id}/manager")
  @Operation(summary = "Assign or reassign the member to a manager (the previous assignment is kept as history)")
  public UserService.Assignment assign(@PathVariable String id, @RequestBody AssignBody b) {
    if (b.managerId() == null) {
      throw InvalidInputException.of("managerId", "is required");
    }
    return users.assign(id, b.managerId(), current.actor(b.by()), b.reason());
  }

  @GetMapping("/patients/{id}/manager/history")
  @Operation(summary = "Every assignment of the member, current last")
  public List<UserService.Assignment> history(@PathVariable String id) {
    return users.history(id);
  }

  private static Role parse(String role) {
    return Role.parse(role == null ? "" : role).orElseThrow(() -> InvalidInputException.of("role",
        "'" + role + "' is not one of member, manager, doctor, operator"));
  }
}
