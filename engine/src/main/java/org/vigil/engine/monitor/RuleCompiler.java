package org.vigil.engine.monitor;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vigil.engine.explain.Citation;
import org.vigil.engine.explain.ExplanationTemplate;
import org.vigil.engine.units.Quantity;
import org.vigil.knowledge.AnalyteDefinition;
import org.vigil.knowledge.BandDefinition;
import org.vigil.knowledge.CategoryDefinition;
import org.vigil.knowledge.CitationRef;
import org.vigil.knowledge.Criterion;
import org.vigil.knowledge.Guideline;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.RuleDefinition;
import org.vigil.knowledge.UnitConversion;
import org.vigil.knowledge.Vocabulary;

/**
 * Turns validated rule definitions into executable rules: thresholds in canonical units, citations resolved,
 * templates split, the readings each rule depends on worked out (including the inputs of derived analytes).
 */
public final class RuleCompiler {
  private final KnowledgeBase knowledge;
  private final AnalyteTable table;

  public RuleCompiler(KnowledgeBase knowledge) {
    this.knowledge = knowledge;
    this.table = new AnalyteTable(knowledge);
  }

  /** Every rule of the knowledge base, by id (all-of rules see the rules they combine). */
  public Map<String, Rule> compileAll() {
    Map<String, Rule> out = new LinkedHashMap<>();
    for (RuleDefinition def : knowledge.rules()) {
      if (def.kind() != org.vigil.knowledge.RuleKind.ALL_OF) {
        out.put(def.id(), compile(def, Set.of()));
      }
    }
    for (RuleDefinition def : knowledge.rules()) {
      if (def.kind() == org.vigil.knowledge.RuleKind.ALL_OF) {
        Set<String> inputs = new LinkedHashSet<>();
        def.allOf().forEach(id -> inputs.addAll(out.get(id).info().inputs()));
        out.put(def.id(), compile(def, inputs));
      }
    }
    return out;
  }

  private Rule compile(RuleDefinition def, Set<String> extraInputs) {
    Set<String> analytes = new LinkedHashSet<>();
    List<Band> bands = bands(def.bands(), analytes);
    List<Category> categories = new ArrayList<>();
    for (CategoryDefinition c : def.categories()) {
      categories.add(category(c, analytes));
    }
    Optional<Category> unknown = Optional.ofNullable(def.unknownCategory()).map(c -> category(c, analytes));
    Set<String> inputs = new LinkedHashSet<>(analytes);
    inputs.addAll(extraInputs);
    analytes.remove(Vocabulary.TIME_IN_RANGE);
    inputs.remove(Vocabulary.TIME_IN_RANGE);
    for (String a : analytes) {
      knowledge.derivation(a).ifPresent(d -> inputs.addAll(d.inputs()));
    }
    if (def.trend() != null) {
      inputs.add(def.trend().analyte());
    }
    if (def.range() != null) {
      inputs.add(def.range().analyte());
    }
    if (def.absence() != null) {
      inputs.addAll(def.absence().analytes());
    }
    boolean active = bands.stream().allMatch(RuleCompiler::configured)
        && categories.stream().allMatch(c -> c.bands().stream().allMatch(RuleCompiler::configured))
        && unknown.map(c -> c.bands().stream().allMatch(RuleCompiler::configured)).orElse(true);
    Set<Setting> settings = EnumSet.noneOf(Setting.class);
    def.settings().forEach(s -> settings.add(Setting.parse(s).orElseThrow()));
    RuleInfo info = new RuleInfo(
        def.id(),
        Condition.of(def.condition()),
        def.family(),
        settings,
        ContextMatch.of(def.context()),
        MemberMatch.of(def.appliesWhen()),
        cite(def.citation()),
        def.supportingCitations().stream().map(this::cite).toList(),
        List.copyOf(bands),
        ExplanationTemplate.compile(def.explanation()),
        def.differentials(),
        Set.copyOf(analytes),
        Set.copyOf(inputs),
        def.resolvesItself(),
        Optional.ofNullable(def.memberAdvice()).map(s -> s.replaceAll("\\s+", " ").strip()),
        active,
        List.copyOf(analytes),
        analytes.stream().mapToInt(table::index).toArray());
    return switch (def.kind()) {
      case THRESHOLD -> new Rule.ThresholdRule(info);
      case CONFIRMATION -> new Rule.ConfirmationRule(info, def.window(),
          def.minDays() == null ? 0 : def.minDays(), def.minResults() == null ? 0 : def.minResults(),
          "daily-mean".equals(def.aggregate()),
          Optional.ofNullable(def.pending()).map(p -> new Band(def.bands().size(), p.level(), p.label(),
              Severity.of(p.severity()), false, List.of(), p.recommendedAction().strip(), Optional.empty())));
      case WINDOWED_MEAN -> new Rule.WindowedMeanRule(info, def.window(), def.minReadings());
      case TREND -> new Rule.TrendRule(info, def.window(), def.minReadings(), def.trend().analyte(),
          def.trend().per());
      case TIME_IN_RANGE -> {
        AnalyteDefinition a = knowledge.analyte(def.range().analyte()).orElseThrow();
        var f = UnitConversion.toCanonical(a, def.range().unit()).orElseThrow();
        yield new Rule.TimeInRangeRule(info, def.window(), def.minReadings(), a.id(),
            f.applyAsDouble(def.range().low()), f.applyAsDouble(def.range().high()));
      }
      case TARGET_BY_CATEGORY -> new Rule.TargetByCategoryRule(info, List.copyOf(categories), unknown);
      case ABSENCE -> new Rule.AbsenceRule(info, def.absence().analytes(), def.absence().interval(),
          Condition.of(def.absence().whileUncontrolled()));
      case ALL_OF -> new Rule.AllOfRule(info, def.allOf());
    };
  }

  private static boolean configured(Band b) {
    return b.criteria().stream().allMatch(Threshold::configured);
  }

  private Category category(CategoryDefinition c, Set<String> analytes) {
    var when = c.when();
    return new Category(c.category(), c.label(), Optional.ofNullable(c.note()).map(String::strip),
        when == null ? Set.of() : Set.copyOf(when.riskCategories()),
        when == null ? Set.of() : Set.copyOf(when.conditions()),
        Optional.ofNullable(when == null ? null : when.minAge()), bands(c.bands(), analytes));
  }

  private List<Band> bands(List<BandDefinition> defs, Set<String> analytes) {
    List<Band> bands = new ArrayList<>();
    for (int i = 0; i < defs.size(); i++) {
      BandDefinition b = defs.get(i);
      List<Threshold> criteria = new ArrayList<>();
      for (Criterion c : b.criteria()) {
        criteria.add(threshold(c));
        analytes.add(c.analyte());
      }
      bands.add(new Band(i, b.level(), b.label(), Severity.of(b.severity()), "all".equals(b.match()),
          List.copyOf(criteria), b.recommendedAction().strip(), Optional.ofNullable(b.sex())));
    }
    return bands;
  }

  private Threshold threshold(Criterion c) {
    if (Vocabulary.TIME_IN_RANGE.equals(c.analyte())) {
      return new Threshold(c.analyte(), "time in range", Operator.of(c.op()),
          new Quantity(c.value() == null ? Double.NaN : c.value(), "%"));
    }
    AnalyteDefinition a = knowledge.analyte(c.analyte()).orElseThrow();
    double value = c.value() == null ? Double.NaN
        : UnitConversion.toCanonical(a, c.unit()).orElseThrow().applyAsDouble(c.value());
    return new Threshold(a.id(), a.display().toLowerCase(Locale.ROOT), Operator.of(c.op()),
        new Quantity(value, a.canonicalUnit()));
  }

  public Citation cite(CitationRef ref) {
    Guideline g = knowledge.guideline(ref.guideline()).orElseThrow();
    return new Citation(g.id(), g.title(), g.authors(), g.publication(), g.year(), g.yearIsVerified(), ref.section(),
        ref.strength(), ref.recommendationClass(), ref.evidenceLevel(), g.knowledgeRef());
  }
}
