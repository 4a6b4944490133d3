package org.vigil.server.users;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.engine.units.Problem;
import org.vigil.server.patients.PatientService;
import org.vigil.server.web.InvalidInputException;
import org.vigil.server.web.NotFoundException;

/** Users and panels. Reassigning a member closes the old assignment (kept) and opens a new one. */
@Service
public class UserService {
  private final JdbcClient jdbc;
  private final PatientService patients;
  private final Clock clock;

  public UserService(JdbcClient jdbc, PatientService patients, Clock clock) {
    this.jdbc = jdbc;
    this.patients = patients;
    this.clock = clock;
  }

  public Optional<User> find(String id) {
    return jdbc.sql("select id, display_name, role, tenant, locale, email, demo from app_user where id = ?")
        .param(id).query((rs, n) -> new User(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3)).orElseThrow(),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7)))
        .optional();
  }

  public User get(String id) {
    return find(id).orElseThrow(() -> new NotFoundException("user " + id + " does not exist"));
  }

  public List<User> list(Optional<Role> role, boolean demoOnly) {
    // A caller sees the users of their own tenant (ADR 0014); the sign-in page and background work see all.
    String tenant = org.vigil.server.security.AccessPolicy.principal()
        .map(org.vigil.server.security.VigilPrincipal::tenant).orElse(null);
    return jdbc.sql("select id, display_name, role, tenant, locale, email, demo from app_user"
            + " where (cast(? as text) is null or role = ?) and (not ? or demo)"
            + " and (cast(? as text) is null or tenant = ?) order by role, id")
        .params(role.map(Role::code).orElse(null), role.map(Role::code).orElse(null), demoOnly, tenant, tenant)
        .query((rs, n) -> new User(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3)).orElseThrow(),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7)))
        .list();
  }

  /** The managers whose panels a doctor looks after (replaces the doctor's care team). */
  @org.springframework.transaction.annotation.Transactional
  public void setCareTeam(String doctorId, List<String> managerIds) {
    User doctor = get(doctorId);
    List<Problem> problems = new java.util.ArrayList<>();
    for (int i = 0; i < managerIds.size(); i++) {
      var m = find(managerIds.get(i));
      if (m.isEmpty() || m.get().role() != Role.MANAGER || !m.get().tenant().equals(doctor.tenant())) {
        problems.add(new Problem("careTeam[" + i + "]", "not a health manager of the doctor's tenant"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    jdbc.sql("delete from care_team where doctor_id = ?").param(doctorId).update();
    for (String m : new java.util.LinkedHashSet<>(managerIds)) {
      jdbc.sql("insert into care_team (doctor_id, manager_id) values (?, ?)").params(doctorId, m).update();
    }
  }

  /** The managers in a doctor's care team. */
  public List<String> careTeam(String doctorId) {
    return jdbc.sql("select manager_id from care_team where doctor_id = ? order by manager_id").param(doctorId)
        .query(String.class).list();
  }

  /** Creates or replaces a user. */
  public User save(User u) {
    if (u.id() == null || u.id().isBlank() || u.displayName() == null || u.displayName().isBlank()) {
      throw new InvalidInputException(List.of(new Problem("id", "id and displayName are required")));
    }
    jdbc.sql("""
            insert into app_user (id, display_name, role, tenant, locale, email, demo) values (?, ?, ?, ?, ?, ?, ?)
            on conflict (id) do update set display_name = excluded.display_name, role = excluded.role,
              tenant = excluded.tenant, locale = excluded.locale, email = excluded.email, demo = excluded.demo""")
        .params(u.id(), u.displayName(), u.role().code(), u.tenant(), u.locale(), u.email(), u.demo())
        .update();
    return u;
  }

  /** An assignment of a member to a manager, current or past. */
  public record Assignment(long id, String managerId, String patientId, Instant from, Instant to, String assignedBy,
      String reason) {}

  /** Assigns (or reassigns) a member to a manager; the previous assignment is closed and kept. */
  @Transactional
  public Assignment assign(String patientId, String managerId, String by, String reason) {
    patients.readOrThrow(patientId);
    User manager = get(managerId);
    if (manager.role() != Role.MANAGER) {
      throw InvalidInputException.of("managerId", managerId + " is a " + manager.role().code() + ", not a manager");
    }
    String tier = jdbc.sql("select tier from patient where id = ?").param(patientId).query(String.class).single();
    if ("basic".equals(tier)) {
      throw InvalidInputException.of("patientId", "the member's service tier is basic (automated self-management);"
          + " an assigned health manager is part of professional and premium");
    }
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    jdbc.sql("update panel_assignment set to_at = ? where patient_id = ? and to_at is null").params(now, patientId)
        .update();
    long id = jdbc.sql("insert into panel_assignment (manager_id, patient_id, from_at, assigned_by, reason)"
            + " values (?, ?, ?, ?, ?) returning id")
        .params(managerId, patientId, now, by, reason).query(Long.class).single();
    return history(patientId).stream().filter(a -> a.id() == id).findFirst().orElseThrow();
  }

  public List<Assignment> history(String patientId) {
    return jdbc.sql("select id, manager_id, patient_id, from_at, to_at, assigned_by, reason from panel_assignment"
            + " where patient_id = ? order by id")
        .param(patientId)
        .query((rs, n) -> new Assignment(rs.getLong(1), rs.getString(2), rs.getString(3),
            rs.getObject(4, OffsetDateTime.class).toInstant(),
            rs.getObject(5, OffsetDateTime.class) == null ? null : rs.getObject(5, OffsetDateTime.class).toInstant(),
            rs.getString(6), rs.getString(7)))
        .list();
  }

  public Optional<String> managerOf(String patientId) {
    return jdbc.sql("select manager_id from panel_assignment where patient_id = ? and to_at is null")
        .param(patientId).query(String.class).optional();
  }

  public int panelSize(String managerId) {
    return jdbc.sql("select count(*) from panel_assignment where manager_id = ? and to_at is null")
        .param(managerId).query(Integer.class).single();
  }
}
