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

  /**
   * A user to create or replace.
   *
   * @param tenant must be the caller's own (or absent)
   * @param careTeam for a doctor: the managers whose panels the doctor looks after
   */
  public record UserBody(String displayName, String role, String tenant, String locale, String email,
      List<String> careTeam) {}

  public record AssignBody(String managerId, String by, String reason) {}

  @GetMapping("/users")
  @Operation(summary = "Users, optionally of one role")
  public List<User> list(@RequestParam(required = false) String role) {
    return users.list(role == null ? Optional.empty() : Optional.of(parse(role)), false);
  }

  @PutMapping("/users/{id}")
  @Operation(summary = "Create or replace a user")
  public User save(@PathVariable String id, @RequestBody UserBody b) {
    String tenant = current.signedIn().orElseThrow().tenant();
    if (b.tenant() != null && !b.tenant().equals(tenant)) {
      throw new InvalidInputException(403, List.of(new org.vigil.engine.units.Problem("tenant",
          "users are created in the caller's own tenant")));
    }
    users.find(id).filter(u -> !u.tenant().equals(tenant)).ifPresent(u -> {
      throw new InvalidInputException(409, List.of(new org.vigil.engine.units.Problem("id",
          "id '" + id + "' cannot be used")));
    });
    Role role = parse(b.role());
    if (b.careTeam() != null && role != Role.DOCTOR) {
      throw InvalidInputException.of("careTeam", "only a doctor has a care team");
    }
    User saved = users.save(new User(id, b.displayName(), role, tenant, b.locale() == null ? "en" : b.locale(),
        b.email(), false));
    if (b.careTeam() != null) {
      users.setCareTeam(id, b.careTeam());
    }
    return saved;
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
