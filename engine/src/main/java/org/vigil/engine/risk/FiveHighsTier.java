package org.vigil.engine.risk;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vigil.engine.monitor.ConditionStatus;
import org.vigil.engine.monitor.MemberFacts;
import org.vigil.engine.monitor.Operator;
import org.vigil.engine.monitor.PatientState;
import org.vigil.knowledge.Criterion;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.UnitConversion;
import org.vigil.knowledge.risk.TierDefinition;

/**
 * The composite Five-Highs tier: each component of {@code five-highs-tier.yaml} (a risk model's category, the lipid
 * guideline's direct high-risk criteria, how many conditions are uncontrolled) gives a tier with its reason; the
 * member's tier is the highest. Pure: everything comes in as arguments.
 */
public final class FiveHighsTier {
  private final TierDefinition definition;
  private final KnowledgeBase knowledge;
  private final MemberRisk risk;

  public FiveHighsTier(TierDefinition definition, KnowledgeBase knowledge, MemberRisk risk) {
    this.definition = definition;
    this.knowledge = knowledge;
    this.risk = risk;
  }

  public TierDefinition definition() {
    return definition;
  }

  /** One component's say: the tier it gives, why, and its source. */
  public record Reason(String component, String tier, String reason, String source, String knowledgeRef) {}

  /** The member's tier, every reason, and how often their manager should review them. */
  public record Result(String tier, int rank, List<Reason> reasons, Optional<Duration> followUp,
      List<MemberRisk.ModelRisk> models, String composition, String version) {}

  public Result assess(String profile, PatientState state, MemberFacts facts, List<ConditionStatus> statuses,
      Map<String, Object> factors, Instant now) {
    List<MemberRisk.ModelRisk> models = risk.assess(state, facts, factors, now,
        definition.models().getOrDefault(profile, List.of()));
    List<Reason> reasons = new ArrayList<>();
    for (TierDefinition.Component c : definition.components()) {
      switch (c.kind()) {
        case "model-category" -> modelCategory(c, models, facts).ifPresent(reasons::add);
        case "direct-criteria" -> directCriteria(c, state, facts, now).ifPresent(reasons::add);
        case "uncontrolled-count" -> uncontrolled(c, statuses).ifPresent(reasons::add);
        default -> throw new IllegalStateException("unknown tier component kind " + c.kind());
      }
    }
    Reason top = reasons.stream().max(Comparator.comparingInt(r -> rank(r.tier()))).orElse(null);
    String tier = top == null ? definition.tiers().getFirst() : top.tier();
    if (top == null) {
      reasons.add(new Reason("none", tier, "no component gives a higher tier (risk inputs may be missing: see models)",
          "Vigil", "docs/adr/0009-risk-and-five-highs-tier.md"));
    }
    return new Result(tier, rank(tier), reasons, Optional.ofNullable(definition.followUp().get(tier)), models,
        definition.composition(), definition.version());
  }

  public int rank(String tier) {
    return definition.tiers().indexOf(tier);
  }

  private Optional<Reason> modelCategory(TierDefinition.Component c, List<MemberRisk.ModelRisk> models,
      MemberFacts facts) {
    if (c.withoutConditions().stream().anyMatch(facts::has)) {
      return Optional.empty();
    }
    return models.stream().filter(m -> m.model().equals(c.model()) && m.result().isPresent()).findFirst()
        .flatMap(m -> m.result().get().category().flatMap(category -> {
          String lower = category.toLowerCase(Locale.ROOT);
          return c.categories().entrySet().stream()
              .filter(e -> lower.startsWith(e.getKey().toLowerCase(Locale.ROOT)))
              .max(Comparator.comparingInt(e -> e.getKey().length()))
              .map(e -> new Reason(c.id(), e.getValue(), c.model() + " category " + category
                  + m.result().get().risk().map(r -> String.format(Locale.ROOT, " (10-year risk %.1f %%)", r * 100))
                      .orElse(m.result().get().score().map(s -> " (score " + Math.round(s) + ")").orElse("")),
                  c.source().title(), c.source().knowledgeRef()));
        }));
  }

  private Optional<Reason> directCriteria(TierDefinition.Component c, PatientState state, MemberFacts facts,
      Instant now) {
    for (Criterion k : c.criteria()) {
      Optional<MemberRisk.Latest> latest = risk.latest(state, k.analyte());
      if (latest.isEmpty()) {
        continue;
      }
      var analyte = knowledge.analyte(k.analyte()).orElseThrow();
      double limit = UnitConversion.toCanonical(analyte, k.unit()).orElseThrow().applyAsDouble(k.value());
      if (Operator.of(k.op()).test((float) latest.get().value().value(), (float) limit)) {
        return Optional.of(new Reason(c.id(), c.tier(), analyte.display() + " " + latest.get().value() + " "
            + k.op() + " " + k.value() + " " + k.unit() + " (Observation/" + latest.get().readingId() + ")",
            c.source().title(), c.source().knowledgeRef()));
      }
    }
    ZoneOffset offset = state.size() == 0 ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(state.offsetSeconds(state.size() - 1));
    for (TierDefinition.ConditionCriterion k : c.conditionCriteria()) {
      boolean all = k.conditions().stream().allMatch(facts::has);
      boolean old = k.minAge() == null || facts.ageAt(now, offset).map(a -> a >= k.minAge()).orElse(false);
      if (all && old) {
        return Optional.of(new Reason(c.id(), c.tier(), String.join(" and ", k.conditions())
            + (k.minAge() == null ? "" : " and age >= " + k.minAge()), c.source().title(), c.source().knowledgeRef()));
      }
    }
    return Optional.empty();
  }

  private static Optional<Reason> uncontrolled(TierDefinition.Component c, List<ConditionStatus> statuses) {
    List<String> names = statuses.stream().filter(s -> s.status() == ConditionStatus.Status.UNCONTROLLED)
        .map(s -> s.condition().code()).toList();
    if (names.isEmpty()) {
      return Optional.empty();
    }
    int n = Math.min(names.size(), c.counts().keySet().stream().mapToInt(Integer::parseInt).max().orElse(0));
    String tier = c.counts().get(Integer.toString(n));
    return tier == null ? Optional.empty()
        : Optional.of(new Reason(c.id(), tier, names.size() + " uncontrolled: " + String.join(", ", names),
            c.source().title(), c.source().knowledgeRef()));
  }
}
