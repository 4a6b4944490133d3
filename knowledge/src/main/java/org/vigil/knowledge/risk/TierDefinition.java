package org.vigil.knowledge.risk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.vigil.knowledge.Criterion;

/**
 * The composite Five-Highs tier as data (knowledge/risk/five-highs-tier.yaml): the tiers, which models each profile
 * runs, the components (each cited) and the follow-up interval per tier. The composition is Vigil's product rule;
 * the file says so.
 */
public record TierDefinition(
    String version,
    List<String> tiers,
    String composition,
    Map<String, List<String>> models,
    List<Component> components,
    Map<String, Duration> followUp) {

  /**
   * One component. {@code kind}: {@code model-category} (a model's category mapped to a tier),
   * {@code direct-criteria} (a reading criterion or a condition/age criterion gives {@code tier}),
   * {@code uncontrolled-count} (how many of the Five Highs are uncontrolled).
   */
  public record Component(
      String id, String kind, String model, List<String> withoutConditions, Map<String, String> categories,
      String tier, List<Criterion> criteria, List<ConditionCriterion> conditionCriteria, Map<String, String> counts,
      Source source) {
    public Component {
      withoutConditions = withoutConditions == null ? List.of() : List.copyOf(withoutConditions);
      categories = categories == null ? Map.of() : Map.copyOf(categories);
      criteria = criteria == null ? List.of() : List.copyOf(criteria);
      conditionCriteria = conditionCriteria == null ? List.of() : List.copyOf(conditionCriteria);
      counts = counts == null ? Map.of() : Map.copyOf(counts);
    }
  }

  public record ConditionCriterion(List<String> conditions, Integer minAge) {}

  public record Source(String title, String knowledgeRef, String strength) {}

  public static TierDefinition load() {
    TierDefinition t = RiskKnowledge.yaml("five-highs-tier.yaml", TierDefinition.class);
    for (Component c : t.components()) {
      if (c.source() == null || c.source().title() == null) {
        throw new org.vigil.knowledge.KnowledgeException(List.of("five-highs-tier.yaml: component '" + c.id()
            + "' has no source"));
      }
      for (String tier : c.categories().values()) {
        requireTier(t, c, tier);
      }
      c.counts().values().forEach(tier -> requireTier(t, c, tier));
      if (c.tier() != null) {
        requireTier(t, c, c.tier());
      }
    }
    return t;
  }

  private static void requireTier(TierDefinition t, Component c, String tier) {
    if (!t.tiers().contains(tier)) {
      throw new org.vigil.knowledge.KnowledgeException(List.of("five-highs-tier.yaml: component '" + c.id()
          + "' names tier '" + tier + "', not one of " + t.tiers()));
    }
  }
}
