package org.vigil.knowledge;

import java.time.Duration;
import java.util.List;

/**
 * A concrete clinical rule as written in the knowledge YAML. Fields beyond the common ones belong to one
 * kind: {@code window}, {@code minDays} and {@code aggregate} to confirmation; {@code window} and
 * {@code minReadings} to windowed-mean. The loader checks that each kind has what it needs.
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
    String operational) {

  public RuleDefinition {
    settings = settings == null ? List.of() : List.copyOf(settings);
    supportingCitations = supportingCitations == null ? List.of() : List.copyOf(supportingCitations);
    bands = bands == null ? List.of() : List.copyOf(bands);
    differentials = differentials == null ? List.of() : List.copyOf(differentials);
  }
}
