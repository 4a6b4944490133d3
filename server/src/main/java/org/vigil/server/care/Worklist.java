package org.vigil.server.care;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.vigil.engine.monitor.Severity;
import org.vigil.server.alerts.AlertService;
import org.vigil.server.alerts.AlertStatus;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.patients.MemberContact;

/**
 * The health manager's worklist: members with unresolved alerts or due follow-ups, ordered by the most severe
 * alert (a due follow-up alone ranks below every alert), then the Five-Highs tier, then how long they have
 * waited. Basic-tier members are not on it: their alerts go to the member (automated self-management).
 */
@Service
public class Worklist {
  /** Rank given to a member whose only item is a due follow-up: below every alert severity. */
  static final int FOLLOW_UP_RANK = -1;

  private final JdbcClient jdbc;
  private final AlertService alerts;
  private final CareRepository care;
  private final Clock clock;
  private final org.vigil.server.security.AccessPolicy access;

  public Worklist(JdbcClient jdbc, AlertService alerts, CareRepository care, Clock clock,
      org.vigil.server.security.AccessPolicy access) {
    this.access = access;
    this.jdbc = jdbc;
    this.alerts = alerts;
    this.care = care;
    this.clock = clock;
  }

  /**
   * What to show.
   *
   * @param condition only alerts (and follow-ups of alerts) of this condition, or null for all
   * @param minSeverity only alerts at least this severe; when set, follow-ups are left out
   * @param statuses which alert statuses count
   * @param fiveHighsTiers only members in these Five-Highs tiers, or empty for all
   * @param managerId only this manager's panel, or null for everyone
   * @param followUps whether due follow-ups are items
   * @param includeSnoozed whether snoozed alerts count before their time
   * @param patientId only this member, or null
   */
  public record Filter(String condition, Severity minSeverity, List<AlertStatus> statuses,
      List<String> fiveHighsTiers, String managerId, boolean followUps, boolean includeSnoozed, String patientId) {
    public static Filter all() {
      return new Filter(null, null, List.of(AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.ESCALATED),
          List.of(), null, true, false, null);
    }
  }

  /**
   * One member on the worklist.
   *
   * @param priority the most severe alert's severity, or {@code follow-up} when only a follow-up is due
   * @param waitingSince the oldest item: the first open alert or the earliest due follow-up
   * @param daysWaiting whole days since then
   */
  public record Item(String patientId, String name, String phone, String serviceTier, String fiveHighsTier,
      String priority, Instant waitingSince, long daysWaiting, String managerId, String managerName,
      List<AlertView> alerts,
      List<Care.FollowUp> followUps, List<Care.Review> reviews, Care.Contact lastContact) {}

  /** A page of the worklist and how many members it has in all. */
  public record Page(int total, int limit, int offset, List<Item> items) {}

  public Page page(Filter f, int limit, int offset) {
    Instant now = clock.instant();
    int minRank = f.minSeverity() == null ? FOLLOW_UP_RANK : f.minSeverity().ordinal();
    boolean followUps = f.followUps() && f.minSeverity() == null;
    String[] statuses = f.statuses().stream().map(AlertStatus::code).toArray(String[]::new);
    String[] tiers = f.fiveHighsTiers().isEmpty() ? null : f.fiveHighsTiers().toArray(String[]::new);
    // Only the members the caller may see (ADR 0014); background work (no caller) sees all.
    var scope = access.current().map(a -> a.scope("m.patient_id"))
        .orElse(new org.vigil.server.security.Access.Scope("true", List.of()));
    List<Object> params = new ArrayList<>(List.of(statuses, f.includeSnoozed(), CareRepository.ts(now)));
    params.add(f.condition());
    params.add(f.condition());
    params.add(minRank);
    params.add(f.patientId());
    params.add(f.patientId());
    params.add(followUps);
    params.add(CareRepository.ts(now));
    params.add(f.condition());
    params.add(f.condition());
    params.add(f.patientId());
    params.add(f.patientId());
    params.add(tiers);
    params.add(tiers);
    params.add(f.managerId());
    params.add(f.managerId());
    params.addAll(scope.params());
    params.add(limit);
    params.add(offset);
    List<Row> rows = jdbc.sql("""
            with items as (
              select a.patient_id, a.severity_rank as r, a.opened_at as since
              from alert a
              where a.status = any(?) and (? or a.snoozed_until is null or a.snoozed_until <= ?)
                and (cast(? as text) is null or a.condition = ?) and a.severity_rank >= ?
                and (cast(? as text) is null or a.patient_id = ?)
              union all
              select f.patient_id, -1, f.due_at
              from follow_up f left join alert fa on fa.id = f.alert_id
              where ? and f.status = 'open' and f.due_at <= ?
                and (cast(? as text) is null or fa.condition = ?)
                and (cast(? as text) is null or f.patient_id = ?)
            ), members as (
              select patient_id, max(r) as r, min(since) as o from items group by patient_id
            ), ranked as (
              select m.patient_id, m.r, m.o, coalesce(p.tier_rank, -1) as t, pa.manager_id, p.tier,
                     p.five_highs_tier, count(*) over () as total
              from members m join patient p on p.id = m.patient_id
                left join panel_assignment pa on pa.patient_id = m.patient_id and pa.to_at is null
              where p.tier <> 'basic' and (cast(? as text[]) is null or p.five_highs_tier = any(?))
                and (cast(? as text) is null or pa.manager_id = ?) and SCOPE
            )
            select r.patient_id, r.r, r.o, r.manager_id, r.tier, r.five_highs_tier, r.total, u.display_name
            from ranked r left join app_user u on u.id = r.manager_id order by r.r desc, r.t desc, r.o asc, r.patient_id limit ? offset ?""".replace("SCOPE", scope.sql()))
        .params(params)
        .query((rs, n) -> new Row(rs.getString(1), rs.getInt(2), CareRepository.instant(rs, 3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8)))
        .list();
    if (rows.isEmpty()) {
      return new Page(0, limit, offset, List.of());
    }
    List<String> ids = rows.stream().map(Row::patientId).toList();
    access.current().ifPresent(a -> a.touchedAll(ids));
    Map<String, List<AlertView>> alertsOf = group(alerts.ofMembers(ids, f.statuses(), f.includeSnoozed(),
        f.condition(), f.minSeverity()), AlertView::patientId);
    Map<String, List<Care.FollowUp>> followUpsOf = followUps
        ? group(care.openFollowUps(ids, now), Care.FollowUp::patientId) : Map.of();
    Map<String, List<Care.Review>> reviewsOf =
        group(care.reviews(ids, null, now.minus(Duration.ofDays(30)), 10 * ids.size()), Care.Review::patientId);
    Map<String, Care.Contact> lastContact = new LinkedHashMap<>();
    // Names and phones are sealed (ADR 0013): the directory decrypts them, cached per member version.
    Map<String, MemberContact> people = care.people(ids);
    jdbc.sql("""
            select p.id, c.id, c.alert_id, c.at, c.by_user, c.channel, c.outcome, c.note
            from patient p left join lateral (select * from contact_attempt ca where ca.patient_id = p.id
                                              order by ca.at desc, ca.id desc limit 1) c on true
            where p.id = any(?)""")
        .param(ids.toArray(String[]::new))
        .query(rs -> {
          String id = rs.getString(1);
          if (rs.getObject(2) != null) {
            lastContact.put(id, new Care.Contact(rs.getLong(2), id, (Long) rs.getObject(3),
                CareRepository.instant(rs, 4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
          }
        });
    List<Item> items = new ArrayList<>(rows.size());
    for (Row r : rows) {
      MemberContact person = people.get(r.patientId());
      items.add(new Item(r.patientId(), person == null ? "" : person.displayName(),
          person == null ? null : person.phone(), r.serviceTier(), r.fiveHighsTier(),
          r.rank() == FOLLOW_UP_RANK ? "follow-up" : Severity.values()[r.rank()].code(), r.since(),
          Math.max(0, Duration.between(r.since(), now).toDays()), r.managerId(), r.managerName(),
          alertsOf.getOrDefault(r.patientId(), List.of()), followUpsOf.getOrDefault(r.patientId(), List.of()),
          reviewsOf.getOrDefault(r.patientId(), List.of()), lastContact.get(r.patientId())));
    }
    return new Page(rows.getFirst().total(), limit, offset, items);
  }

  private record Row(String patientId, int rank, Instant since, String managerId, String serviceTier,
      String fiveHighsTier, int total, String managerName) {}

  private static <T> Map<String, List<T>> group(List<T> list, java.util.function.Function<T, String> key) {
    Map<String, List<T>> out = new LinkedHashMap<>();
    for (T t : list) {
      out.computeIfAbsent(key.apply(t), k -> new ArrayList<>()).add(t);
    }
    return out;
  }
}
