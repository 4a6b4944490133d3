package org.vigil.server.export;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The de-identified export's pipeline, pure: each member's quasi-identifiers as hierarchy ladders (age with 90+,
 * sex, geography at the configured levels, optionally the condition set), the k-anonymous node from
 * {@link KAnonymizer}, then records built only from whitelisted, generalized fields. Done in two steps — {@link
 * #plan} decides who is released and how coarsely, {@link #record} builds one record from the member's activity —
 * so the shell can load readings for a batch of members at a time.
 */
public final class Deidentifier {
  private final DeidentificationPolicy policy;
  private final AgeHierarchy age = new AgeHierarchy();
  private final SexHierarchy sex = new SexHierarchy();
  private final GeographyHierarchy geography;
  private final ConditionSetHierarchy conditions = new ConditionSetHierarchy();

  public Deidentifier(DeidentificationPolicy policy) {
    this.policy = policy;
    this.geography = new GeographyHierarchy(policy.geographyLevels());
  }

  /**
   * Who is released and how.
   *
   * @param report the report of the whole export
   * @param releases the released members in output order (random), each with its generalized quasi-identifiers
   */
  public record Plan(DeidentificationReport report, List<Release> releases) {
    public Plan {
      releases = List.copyOf(releases);
    }
  }

  /**
   * A released member. {@code member} is for loading its activity only; it is never written out.
   *
   * @param conditionsGeneralized whether the condition set was generalized beyond the exact set
   */
  public record Release(int record, Member member, String age, String sex, String geography, String conditions,
      boolean conditionsGeneralized) {}

  /** The quasi-identifier hierarchies in the order the report lists them. */
  public List<Hierarchy<?>> hierarchies() {
    return policy.conditionsQuasiIdentifier() ? List.of(age, sex, geography, conditions) : List.of(age, sex, geography);
  }

  /**
   * Decides the generalization and suppression.
   *
   * @param asOf the day ages are computed for
   * @param k the smallest equivalence class allowed (at least 2)
   * @param maxSuppression the largest fraction of records that may be suppressed, in [0, 1)
   * @param random shuffles the output order
   */
  public Plan plan(List<Member> members, LocalDate asOf, int k, double maxSuppression, RandomGenerator random) {
    if (k < 2) {
      throw new IllegalArgumentException("k must be at least 2");
    }
    List<Hierarchy<?>> hierarchies = hierarchies();
    List<KAnonymizer.Attribute> attributes = hierarchies.stream()
        .map(h -> new KAnonymizer.Attribute(h.attribute(), h.levels())).toList();
    List<KAnonymizer.Row> rows = members.stream().map(m -> new KAnonymizer.Row(ladders(m, asOf))).toList();
    KAnonymizer.Anonymization result = KAnonymizer.anonymize(attributes, rows, k, maxSuppression);

    List<Integer> levels = result.levels();
    Set<Integer> suppressed = new HashSet<>(result.suppressedRows());
    List<Integer> released = new ArrayList<>();
    for (int r = 0; r < members.size(); r++) {
      if (!suppressed.contains(r)) {
        released.add(r);
      }
    }
    Collections.shuffle(released, random);
    List<Release> releases = new ArrayList<>();
    for (int r : released) {
      List<List<String>> ladders = rows.get(r).ladders();
      int conditionLevel = policy.conditionsQuasiIdentifier() ? levels.get(3) : 0;
      String conditionValue = policy.conditionsQuasiIdentifier() ? ladders.get(3).get(conditionLevel)
          : conditions.ladder(activeConditions(members.get(r))).getFirst();
      releases.add(new Release(releases.size() + 1, members.get(r), ladders.get(0).get(levels.get(0)),
          ladders.get(1).get(levels.get(1)), ladders.get(2).get(levels.get(2)), conditionValue, conditionLevel > 0));
    }

    List<DeidentificationReport.Generalization> generalization = new ArrayList<>();
    for (int a = 0; a < hierarchies.size(); a++) {
      Hierarchy<?> h = hierarchies.get(a);
      int top = h.levels().size() - 1;
      generalization.add(new DeidentificationReport.Generalization(h.attribute(), levels.get(a),
          h.levels().get(levels.get(a)), top, result.loss().heights().get(a), h.levels()));
    }
    DeidentificationReport report = new DeidentificationReport(k, result.achievedK(), result.kReached(),
        maxSuppression, result.allowedSuppression(), members.size(), releases.size(), result.suppressedRows().size(),
        result.equivalenceClasses(), generalization, result.loss(), result.latticeSize(), result.feasibleNodes(),
        asOf.getYear());
    return new Plan(report, releases);
  }

  /** The released record: generalized quasi-identifiers, readings and alerts with years only. */
  public DeidentifiedRecord record(Release release, Activity activity) {
    List<DeidentifiedRecord.Reading> readings = activity.readings().stream()
        .map(r -> new DeidentifiedRecord.Reading(r.effective().getYear(), r.analyte(), r.code(), r.value(), r.unit(),
            r.setting()))
        .toList();
    boolean hide = release.conditionsGeneralized();
    List<DeidentifiedRecord.Alert> alerts = activity.alerts().stream()
        .map(a -> new DeidentifiedRecord.Alert(a.openedAt().atZone(ZoneOffset.UTC).getYear(),
            hide ? Optional.empty() : Optional.of(a.condition()), hide ? Optional.empty() : Optional.of(a.family()),
            hide ? Optional.empty() : Optional.of(a.rule()), a.level(), a.severity(), a.status()))
        .toList();
    return new DeidentifiedRecord(release.record(), release.age(), release.sex(), release.geography(),
        release.conditions(), readings, alerts);
  }

  private List<List<String>> ladders(Member m, LocalDate asOf) {
    List<List<String>> ladders = new ArrayList<>(List.of(
        age.ladder(AgeHierarchy.age(m.birthDate(), asOf)),
        sex.ladder(m.sex()),
        geography.ladder(m.address())));
    if (policy.conditionsQuasiIdentifier()) {
      ladders.add(conditions.ladder(activeConditions(m)));
    }
    return ladders;
  }

  private static Set<String> activeConditions(Member m) {
    Set<String> set = new TreeSet<>();
    m.conditions().stream().filter(Member.Condition::active).forEach(c -> set.add(c.condition()));
    return set;
  }
}
