package org.vigil.server.security;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.vigil.server.users.Role;

/**
 * One request's access: the caller and what they may see, decided once (ADR 0014). Built on first use in a request
 * by {@link AccessPolicy#current()}; REST, FHIR and the pages all ask it, and it collects the members the request
 * touched for the audit record.
 *
 * <p>Who sees whom: a member only themself; a health manager the current panel; a doctor the panels of the managers
 * in their care team; an operator their tenant; an insurer only members of their tenant whose consent to share
 * with insurers (this insurer or any) is active. Always within the caller's tenant.
 */
public final class Access {
  private final VigilPrincipal principal;
  private final JdbcClient jdbc;
  private final Map<String, Boolean> decided = new HashMap<>();
  private final Set<String> touched = new LinkedHashSet<>();
  private String denied;

  Access(VigilPrincipal principal, JdbcClient jdbc) {
    this.principal = principal;
    this.jdbc = jdbc;
  }

  public VigilPrincipal principal() {
    return principal;
  }

  public boolean is(Role... roles) {
    return principal.is(roles);
  }

  public Role role() {
    return principal.role();
  }

  public String tenant() {
    return principal.tenant();
  }

  /** Whether the caller may see this member (false also when the member does not exist). Remembered per request. */
  public boolean canSee(String patientId) {
    if (patientId == null) {
      return false;
    }
    return visible(List.of(patientId)).contains(patientId);
  }

  /** Which of these members the caller may see, in one query. */
  public Set<String> visible(java.util.Collection<String> patientIds) {
    Set<String> out = new LinkedHashSet<>();
    List<String> ask = new ArrayList<>();
    for (String id : patientIds) {
      Boolean known = decided.get(id);
      if (known == null) {
        ask.add(id);
      } else if (known) {
        out.add(id);
      }
    }
    if (!ask.isEmpty()) {
      Scope s = scope("p.id");
      List<Object> params = new ArrayList<>(s.params());
      params.add(ask.toArray(String[]::new));
      Set<String> seen = new LinkedHashSet<>(jdbc.sql("select p.id from patient p where " + s.sql()
          + " and p.id = any(?)").params(params).query(String.class).list());
      for (String id : ask) {
        decided.put(id, seen.contains(id));
      }
      out.addAll(seen);
    }
    return out;
  }

  /** Whether a member of this id exists in the caller's tenant (writes of new members need this answer). */
  public String tenantOf(String patientId) {
    return jdbc.sql("select tenant from patient where id = ?").param(patientId).query(String.class).optional()
        .orElse(null);
  }

  /** Notes that the request read or wrote this member's data (for the audit record). */
  public void touched(String patientId) {
    if (patientId != null) {
      touched.add(patientId);
    }
  }

  public void touchedAll(Iterable<String> patientIds) {
    patientIds.forEach(this::touched);
  }

  public Set<String> touchedPatients() {
    return touched;
  }

  /** Notes why the request was refused (for the audit record). */
  public void denied(String why) {
    this.denied = why;
  }

  public String deniedBecause() {
    return denied;
  }

  /**
   * The members the caller may see, as a SQL condition on a patient id column (the column must be a patient id of
   * a row that exists in {@code patient}), with its parameters.
   */
  public Scope scope(String patientIdColumn) {
    String c = patientIdColumn;
    return switch (principal.role()) {
      case MEMBER -> new Scope(c + " = ? and exists (select 1 from patient sp where sp.id = " + c
          + " and sp.tenant = ?)", List.of(principal.subject(), principal.tenant()));
      case MANAGER -> new Scope("exists (select 1 from panel_assignment sa join patient sp on sp.id = sa.patient_id"
          + " where sa.patient_id = " + c + " and sa.to_at is null and sa.manager_id = ? and sp.tenant = ?)",
          List.of(principal.subject(), principal.tenant()));
      case DOCTOR -> new Scope("exists (select 1 from panel_assignment sa join care_team ct on ct.manager_id ="
          + " sa.manager_id join patient sp on sp.id = sa.patient_id where sa.patient_id = " + c
          + " and sa.to_at is null and ct.doctor_id = ? and sp.tenant = ?)",
          List.of(principal.subject(), principal.tenant()));
      case OPERATOR -> new Scope("exists (select 1 from patient sp where sp.id = " + c + " and sp.tenant = ?)",
          List.of(principal.tenant()));
      case INSURER -> new Scope("exists (select 1 from patient sp where sp.id = " + c + " and sp.tenant = ?"
          + " and (select cs.status = 'active' and (cs.period_from is null or cs.period_from <= now())"
          + " and (cs.period_to is null or cs.period_to > now()) from consent cs where cs.patient_id = sp.id"
          + " and cs.scope = 'insurer-sharing' and (cs.grantee is null or cs.grantee = ?)"
          + " order by cs.recorded_at desc, cs.id desc limit 1))",
          List.of(principal.tenant(), principal.organization() == null ? principal.subject()
              : principal.organization()));
    };
  }

  /** A SQL condition and its positional parameters. */
  public record Scope(String sql, List<Object> params) {}
}
