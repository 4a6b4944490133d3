package org.vigil.engine.monitor;

import java.util.List;
import java.util.Set;
import org.vigil.engine.explain.Citation;
import org.vigil.knowledge.DifferentialDefinition;

/** What every rule kind shares: identity, scope, citation, bands (most severe first) and explanation. */
public record RuleInfo(
    String id,
    Condition condition,
    String family,
    Set<Setting> settings,
    Citation citation,
    List<Citation> supportingCitations,
    List<Band> bands,
    String explanationTemplate,
    List<DifferentialDefinition> differentials,
    Set<String> analytes) {

  /** Whether a reading with these analytes, taken in this setting, can change this rule's outcome. */
  public boolean concerns(Reading reading) {
    if (!settings.contains(reading.setting())) {
      return false;
    }
    for (Measurement m : reading.measurements()) {
      if (analytes.contains(m.analyte())) {
        return true;
      }
    }
    return false;
  }
}
