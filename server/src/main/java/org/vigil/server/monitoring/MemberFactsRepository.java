package org.vigil.server.monitoring;

import java.sql.Date;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.vigil.engine.monitor.MemberFacts;

/** What the monitor needs to know about members beyond readings: sex, birth date, conditions, risk category. */
@Repository
public class MemberFactsRepository {
  /** Clinical statuses under which a diagnosis counts (FHIR condition-clinical). */
  static final Set<String> ACTIVE = Set.of("active", "recurrence", "relapse");

  private static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new tools.jackson.core.type.TypeReference<>() {};

  private final JdbcClient jdbc;
  private final tools.jackson.databind.json.JsonMapper json;

  public MemberFactsRepository(JdbcClient jdbc, tools.jackson.databind.json.JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** A member's facts and where they belong (tenant decides the guideline profile; tier the response times). */
  public record Member(String id, String tenant, String tier, MemberFacts facts, Map<String, Object> riskFactors) {}

  public Map<String, Member> load(Collection<String> ids) {
    Map<String, Set<String>> conditions = new HashMap<>();
    String[] arr = ids.toArray(String[]::new);
    jdbc.sql("select patient_id, condition from member_condition where patient_id = any(?) and clinical_status = any(?)")
        .params(arr, ACTIVE.toArray(String[]::new))
        .query((rs, n) -> conditions.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2)))
        .list();
    Map<String, Map<String, Object>> factors = new HashMap<>();
    jdbc.sql("select patient_id, factors::text from member_risk_factor where patient_id = any(?)")
        .param(arr)
        .query((rs, n) -> factors.put(rs.getString(1), json.readValue(rs.getString(2), MAP)))
        .list();
    Map<String, Member> out = new HashMap<>();
    jdbc.sql("select id, tenant, tier, gender, birth_date, risk_category from patient where id = any(?)")
        .param(arr)
        .query((rs, n) -> {
          String id = rs.getString(1);
          String gender = rs.getString(4);
          Date birth = rs.getDate(5);
          MemberFacts facts = new MemberFacts(
              "male".equals(gender) || "female".equals(gender) ? Optional.of(gender) : Optional.empty(),
              Optional.ofNullable(birth).map(Date::toLocalDate),
              conditions.getOrDefault(id, Set.of()),
              Optional.ofNullable(rs.getString(6)));
          return out.put(id, new Member(id, rs.getString(2), rs.getString(3), facts,
              factors.getOrDefault(id, Map.of())));
        })
        .list();
    return out;
  }

  public Optional<Member> load(String id) {
    return Optional.ofNullable(load(Set.of(id)).get(id));
  }
}
