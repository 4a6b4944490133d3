package org.vigil.knowledge;

import java.time.Duration;
import java.util.List;

/**
 * A concrete clinical rule as written in the knowledge YAML (see SCHEMA.md beside the YAML). Fields beyond the
 * common ones belong to one kind; the loader checks that each kind has what it needs and nothing it does not.
 */
public record RuleDefinition(
    String id,
    RuleKind kind,
    String condition,
    String family,
    List<String> settings,
    CitationRef citation,
    List<CitationRef> supportingCitations,
    List<BandDefinition> bands,
    String explanation,
    List<DifferentialDefinition> differentials,
    Duration window,
    Integer minDays,
    Integer minReadings,
    String aggregate,
    String operational,
    ContextFilter context,
    MemberFilter appliesWhen,
    Boolean autoResolve,
    String memberAdvice,
    Integer minResults,
    PendingBand pending,
    TrendSpec trend,
    RangeSpec range,
    List<CategoryDefinition> categories,
    CategoryDefinition unknownCategory,
    AbsenceSpec absence,
    List<String> allOf,
    List<String> operatorConfigurable) {

  public RuleDefinition {
    settings = settings == null ? List.of() : List.copyOf(settings);
    supportingCitations = supportingCitations == null ? List.of() : List.copyOf(supportingCitations);
    bands = bands == null ? List.of() : List.copyOf(bands);
    differentials = differentials == null ? List.of() : List.copyOf(differentials);
    categories = categories == null ? List.of() : List.copyOf(categories);
    allOf = allOf == null ? List.of() : List.copyOf(allOf);
    operatorConfigurable = operatorConfigurable == null ? List.of() : List.copyOf(operatorConfigurable);
  }

  /** Whether the alert resolves itself when the rule no longer holds (default yes). */
  public boolean resolvesItself() {
    return autoResolve == null || autoResolve;
  }

  /** Every band of the rule, its categories' included. */
  public List<BandDefinition> allBands() {
    List<BandDefinition> all = new java.util.ArrayList<>(bands);
    categories.forEach(c -> all.addAll(c.bands()));
    if (unknownCategory != null) {
      all.addAll(unknownCategory.bands());
    }
    return all;
  }
}
