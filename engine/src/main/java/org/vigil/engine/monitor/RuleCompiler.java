package org.vigil.engine.monitor;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.vigil.engine.explain.Citation;
import org.vigil.engine.units.Quantity;
import org.vigil.knowledge.AnalyteDefinition;
import org.vigil.knowledge.BandDefinition;
import org.vigil.knowledge.CitationRef;
import org.vigil.knowledge.Criterion;
import org.vigil.knowledge.Guideline;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.RuleDefinition;
import org.vigil.knowledge.Ucum;

/** Turns validated rule definitions into executable rules: thresholds in canonical units, citations resolved. */
public final class RuleCompiler {
  private final KnowledgeBase knowledge;

  public RuleCompiler(KnowledgeBase knowledge) {
    this.knowledge = knowledge;
  }

  public Rule compile(RuleDefinition def) {
    List<Band> bands = new ArrayList<>();
    Set<String> analytes = new LinkedHashSet<>();
    for (int i = 0; i < def.bands().size(); i++) {
      BandDefinition b = def.bands().get(i);
      List<Threshold> criteria = new ArrayList<>();
      for (Criterion c : b.criteria()) {
        AnalyteDefinition a = knowledge.analyte(c.analyte()).orElseThrow();
        double factor = c.unit().equals(a.canonicalUnit())
            ? 1.0
            : Ucum.factor(c.unit(), a.canonicalUnit()).orElseThrow();
        criteria.add(new Threshold(a.id(), a.display().toLowerCase(Locale.ROOT), Operator.of(c.op()),
            new Quantity(c.value() * factor, a.canonicalUnit())));
        analytes.add(a.id());
      }
      bands.add(new Band(i, b.level(), b.label(), Severity.of(b.severity()), "all".equals(b.match()),
          List.copyOf(criteria), b.recommendedAction().strip()));
    }
    Set<Setting> settings = EnumSet.noneOf(Setting.class);
    def.settings().forEach(s -> settings.add(Setting.parse(s).orElseThrow()));
    RuleInfo info = new RuleInfo(
        def.id(),
        Condition.of(def.condition()),
        def.family(),
        Set.copyOf(settings),
        cite(def.citation()),
        def.supportingCitations().stream().map(this::cite).toList(),
        List.copyOf(bands),
        def.explanation(),
        def.differentials(),
        Set.copyOf(analytes));
    return switch (def.kind()) {
      case THRESHOLD -> new Rule.ThresholdRule(info);
      case CONFIRMATION -> new Rule.ConfirmationRule(info, def.window(), def.minDays());
      case WINDOWED_MEAN -> new Rule.WindowedMeanRule(info, def.window(), def.minReadings());
    };
  }

  public Citation cite(CitationRef ref) {
    Guideline g = knowledge.guideline(ref.guideline()).orElseThrow();
    return new Citation(g.id(), g.title(), g.authors(), g.publication(), g.year(), ref.section(),
        ref.strength(), ref.recommendationClass(), ref.evidenceLevel(), g.knowledgeRef());
  }
}
