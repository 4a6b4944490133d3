package org.vigil.engine.monitor;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vigil.engine.explain.Citation;
import org.vigil.engine.explain.ExplanationTemplate;
import org.vigil.knowledge.DifferentialDefinition;

/**
 * What every rule kind shares: identity, scope (settings, reading context, which members), citation, bands
 * (most severe first), explanation, whether its alert resolves itself, advice for the member, and whether it is
 * active (an operator-configurable parameter without a value makes it inactive).
 *
 * @param analytes the analytes the rule's criteria compare
 * @param inputs the analytes whose readings can change the outcome (criteria analytes and what derived ones come from)
 * @param analyteList {@code analytes} in a fixed order; {@code analyteIndex} their {@link AnalyteTable} indices
 */
public record RuleInfo(
    String id,
    Condition condition,
    String family,
    Set<Setting> settings,
    ContextMatch context,
    MemberMatch appliesWhen,
    Citation citation,
    List<Citation> supportingCitations,
    List<Band> bands,
    ExplanationTemplate explanation,
    List<DifferentialDefinition> differentials,
    Set<String> analytes,
    Set<String> inputs,
    boolean autoResolve,
    Optional<String> memberAdvice,
    boolean active,
    List<String> analyteList,
    int[] analyteIndex) {

  /** Whether a reading with these analytes, taken in this setting and context, can change this rule's outcome. */
  public boolean concerns(Reading reading) {
    if (!settings.contains(reading.setting()) || !context.matches(reading.context().flags())) {
      return false;
    }
    for (Measurement m : reading.measurements()) {
      if (inputs.contains(m.analyte())) {
        return true;
      }
    }
    return false;
  }
}
