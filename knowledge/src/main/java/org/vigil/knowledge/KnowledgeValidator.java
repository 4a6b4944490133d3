package org.vigil.knowledge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigil.knowledge.KnowledgeLoader.SourcedRule;

/** Checks loaded knowledge for every problem at once; each problem names the file, item and reason. */
final class KnowledgeValidator {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  private final List<String> problems = new ArrayList<>();
  private Map<String, AnalyteDefinition> analytes = Map.of();
  private Map<String, Guideline> guidelines = Map.of();
  private Set<String> conditionIds = Set.of();
  private Set<String> derivedIds = Set.of();
  private Set<String> valuePaths = Set.of();

  List<String> validate(
      String version,
      List<Guideline> guidelineList,
      List<AnalyteDefinition> analyteList,
      List<PanelDefinition> panels,
      Map<String, String> unitAliases,
      List<DerivedDefinition> derived,
      List<ConditionDefinition> conditions,
      List<SourcedRule> rules,
      List<ProfileDefinition> profiles) {
    if (blank(version)) {
      problems.add("index.yaml: version is missing");
    }
    guidelines = checkGuidelines(guidelineList);
    derivedIds = new HashSet<>();
    derived.forEach(d -> derivedIds.add(d.analyte()));
    analytes = checkAnalytes(analyteList);
    checkPanels(panels, analyteList);
    checkDerived(derived);
    conditionIds = checkConditions(conditions);
    unitAliases.forEach((alias, target) -> Ucum.problem(target).ifPresent(p ->
        problems.add("analytes.yaml: unitAliases '" + alias + "' -> '" + target + "' is not UCUM: " + p)));
    Map<String, RuleDefinition> ruleById = new HashMap<>();
    for (SourcedRule sr : rules) {
      RuleDefinition r = sr.rule();
      if (blank(r.id())) {
        problems.add(sr.file() + ": a rule has no id");
        continue;
      }
      if (ruleById.putIfAbsent(r.id(), r) != null) {
        problems.add(sr.file() + ": rule id '" + r.id() + "' is defined twice");
      }
    }
    for (SourcedRule sr : rules) {
      if (!blank(sr.rule().id())) {
        checkRule(sr.file(), sr.rule(), ruleById);
      }
    }
    checkProfiles(profiles, ruleById);
    return problems;
  }

  private Map<String, Guideline> checkGuidelines(List<Guideline> list) {
    Map<String, Guideline> byId = new HashMap<>();
    for (Guideline g : list) {
      String where = "guidelines.yaml: guideline '" + g.id() + "'";
      if (blank(g.id())) {
        problems.add("guidelines.yaml: a guideline has no id");
        continue;
      }
      if (byId.putIfAbsent(g.id(), g) != null) {
        problems.add(where + " is defined twice");
      }
      if (blank(g.title())) {
        problems.add(where + " has no title");
      }
      if (g.year() == null) {
        problems.add(where + " has no year");
      }
      if (blank(g.knowledgeRef())) {
        problems.add(where + " does not say where in the knowledge pack it comes from (knowledgeRef)");
      }
    }
    return byId;
  }

  private Map<String, AnalyteDefinition> checkAnalytes(List<AnalyteDefinition> list) {
    Map<String, AnalyteDefinition> byId = new HashMap<>();
    Set<String> codes = new HashSet<>();
    for (AnalyteDefinition a : list) {
      String where = "analytes.yaml: analyte '" + a.id() + "'";
      if (blank(a.id())) {
        problems.add("analytes.yaml: an analyte has no id");
        continue;
      }
      if (byId.putIfAbsent(a.id(), a) != null) {
        problems.add(where + " is defined twice");
      }
      checkUnit(where + " canonicalUnit", a.canonicalUnit());
      if (a.loinc().isEmpty() && !derivedIds.contains(a.id())) {
        problems.add(where + " has no LOINC code (only derived analytes may have none)");
      }
      for (String code : a.loinc()) {
        if (!codes.add(code)) {
          problems.add(where + ": LOINC " + code + " is mapped to more than one analyte");
        }
      }
      if (a.plausible() == null || a.plausible().min() == null || a.plausible().max() == null) {
        problems.add(where + " has no plausible range (min and max)");
      } else if (a.plausible().min() >= a.plausible().max()) {
        problems.add(where + ": plausible min must be below max");
      }
      MassMolar mm = a.massMolar();
      if (mm != null) {
        checkUnit(where + " massMolar.molarUnit", mm.molarUnit());
        checkUnit(where + " massMolar.massUnit", mm.massUnit());
        if ((mm.massPerMolar() == null) == (mm.molarPerMass() == null)) {
          problems.add(where + ": massMolar needs exactly one of massPerMolar or molarPerMass");
        }
        if (blank(mm.knowledgeRef())) {
          problems.add(where + ": massMolar has no knowledgeRef");
        }
        if (mm.molarUnit() != null && a.canonicalUnit() != null
            && !Ucum.comparable(mm.molarUnit(), a.canonicalUnit())
            && !Ucum.comparable(mm.massUnit(), a.canonicalUnit())) {
          problems.add(where + ": neither massMolar unit converts to the canonical unit");
        }
      }
      for (AffineUnit af : a.affine()) {
        checkUnit(where + " affine unit", af.unit());
        if (af.multiply() == null || af.add() == null) {
          problems.add(where + ": affine unit '" + af.unit() + "' needs multiply and add");
        }
        if (blank(af.knowledgeRef())) {
          problems.add(where + ": affine unit '" + af.unit() + "' has no knowledgeRef");
        }
      }
    }
    for (AnalyteDefinition a : list) {
      if (a.fastingVariant() != null && !byId.containsKey(a.fastingVariant())) {
        problems.add("analytes.yaml: analyte '" + a.id() + "': fastingVariant '" + a.fastingVariant()
            + "' is not an analyte");
      }
    }
    return byId;
  }

  private void checkPanels(List<PanelDefinition> panels, List<AnalyteDefinition> list) {
    Set<String> analyteCodes = new HashSet<>();
    list.forEach(a -> analyteCodes.addAll(a.loinc()));
    for (PanelDefinition p : panels) {
      String where = "analytes.yaml: panel '" + p.code() + "'";
      if (analyteCodes.contains(p.code())) {
        problems.add(where + " is also an analyte code");
      }
      if (p.components().isEmpty()) {
        problems.add(where + " has no components");
      }
      p.components().stream().filter(c -> !analytes.containsKey(c))
          .forEach(c -> problems.add(where + ": component '" + c + "' is not an analyte"));
      if (blank(p.knowledgeRef())) {
        problems.add(where + " has no knowledgeRef");
      }
    }
  }

  private void checkDerived(List<DerivedDefinition> derived) {
    for (DerivedDefinition d : derived) {
      String where = "analytes.yaml: derived '" + d.analyte() + "'";
      if (!analytes.containsKey(d.analyte())) {
        problems.add(where + " is not an analyte");
      }
      if (!Vocabulary.FORMULAS.contains(d.formula())) {
        problems.add(where + ": formula '" + d.formula() + "' is not one of " + Vocabulary.FORMULAS);
      }
      if (d.inputs().size() != 2) {
        problems.add(where + " needs exactly two inputs");
      }
      d.inputs().stream().filter(i -> !analytes.containsKey(i))
          .forEach(i -> problems.add(where + ": input '" + i + "' is not an analyte"));
      if (blank(d.knowledgeRef())) {
        problems.add(where + " has no knowledgeRef");
      }
    }
  }

  private Set<String> checkConditions(List<ConditionDefinition> conditions) {
    Set<String> ids = new HashSet<>();
    for (ConditionDefinition c : conditions) {
      String where = "conditions.yaml: condition '" + c.id() + "'";
      if (blank(c.id()) || !ids.add(c.id())) {
        problems.add(where + " has no id or is defined twice");
      }
      if (c.codes().isEmpty()) {
        problems.add(where + " has no codes");
      }
      c.codes().stream().filter(k -> blank(k.system()) || blank(k.code()))
          .forEach(k -> problems.add(where + ": a code needs system and code"));
      if (blank(c.knowledgeRef())) {
        problems.add(where + " has no knowledgeRef");
      }
    }
    return ids;
  }

  private void checkRule(String file, RuleDefinition r, Map<String, RuleDefinition> rules) {
    String where = file + ": rule '" + r.id() + "'";
    if (r.kind() == null) {
      problems.add(where + " has no kind");
      return;
    }
    if (!Vocabulary.CONDITIONS.contains(r.condition())) {
      problems.add(where + ": condition '" + r.condition() + "' is not one of " + Vocabulary.CONDITIONS);
    }
    if (blank(r.family())) {
      problems.add(where + " has no family");
    }
    if (r.settings().isEmpty()) {
      problems.add(where + " names no settings");
    }
    r.settings().stream().filter(s -> !Vocabulary.SETTINGS.contains(s))
        .forEach(s -> problems.add(where + ": setting '" + s + "' is not one of " + Vocabulary.SETTINGS));
    if (r.citation() == null) {
      problems.add(where + " has no citation");
    } else {
      checkCitation(where + " citation", r.citation());
    }
    r.supportingCitations().forEach(c -> checkCitation(where + " supporting citation", c));
    checkTemplate(where + " explanation", r.explanation(), Vocabulary.EXPLANATION_PLACEHOLDERS);
    r.differentials().forEach(d -> checkDifferential(where, d, rules));
    checkContext(where, r.context());
    checkMemberFilter(where, r.appliesWhen());
    if (r.memberAdvice() != null && r.memberAdvice().isBlank()) {
      problems.add(where + ": memberAdvice is empty");
    }
    if (r.window() != null && (r.window().isNegative() || r.window().isZero())) {
      problems.add(where + ": window must be positive");
    }
    valuePaths = new HashSet<>();
    Set<String> nullValues = new HashSet<>();
    checkKind(where, r, rules, nullValues);
    for (String path : r.operatorConfigurable()) {
      if (!valuePaths.contains(path)) {
        problems.add(where + ": operatorConfigurable '" + path + "' names no criterion value");
      }
    }
    nullValues.stream().filter(path -> !r.operatorConfigurable().contains(path)).forEach(path ->
        problems.add(where + ": " + path + " has no value; give the knowledge pack's number, or list it in"
            + " operatorConfigurable if the pack has none"));
  }

  private void checkKind(String where, RuleDefinition r, Map<String, RuleDefinition> rules, Set<String> nullValues) {
    Map<String, Object> present = new HashMap<>();
    present.put("window", r.window());
    present.put("minDays", r.minDays());
    present.put("minReadings", r.minReadings());
    present.put("minResults", r.minResults());
    present.put("aggregate", r.aggregate());
    present.put("pending", r.pending());
    present.put("trend", r.trend());
    present.put("range", r.range());
    present.put("categories", r.categories().isEmpty() ? null : r.categories());
    present.put("unknownCategory", r.unknownCategory());
    present.put("absence", r.absence());
    present.put("allOf", r.allOf().isEmpty() ? null : r.allOf());
    Set<String> allowed = switch (r.kind()) {
      case THRESHOLD -> Set.of();
      case CONFIRMATION -> Set.of("window", "minDays", "minResults", "aggregate", "pending");
      case WINDOWED_MEAN -> Set.of("window", "minReadings");
      case TREND -> Set.of("window", "minReadings", "trend");
      case TIME_IN_RANGE -> Set.of("window", "minReadings", "range");
      case TARGET_BY_CATEGORY -> Set.of("categories", "unknownCategory");
      case ABSENCE -> Set.of("absence");
      case ALL_OF -> Set.of("allOf");
    };
    present.forEach((field, value) -> {
      if (value != null && !allowed.contains(field)) {
        problems.add(where + ": field '" + field + "' does not apply to kind " + r.kind().code());
      }
    });
    switch (r.kind()) {
      case THRESHOLD -> bands(where, "bands", r.bands(), nullValues, null);
      case CONFIRMATION -> {
        require(where, "window", r.window());
        if ((r.minDays() == null) == (r.minResults() == null)) {
          problems.add(where + ": give exactly one of minDays or minResults");
        } else {
          requirePositive(where, r.minDays() != null ? "minDays" : "minResults",
              r.minDays() != null ? r.minDays() : r.minResults());
        }
        if (!Vocabulary.AGGREGATES.contains(r.aggregate())) {
          problems.add(where + ": aggregate '" + r.aggregate() + "' is not one of " + Vocabulary.AGGREGATES);
        }
        if (r.pending() != null) {
          PendingBand p = r.pending();
          if (blank(p.level()) || blank(p.label()) || blank(p.recommendedAction())
              || !Vocabulary.SEVERITIES.contains(p.severity())) {
            problems.add(where + ": pending needs level, label, a known severity and recommendedAction");
          }
        }
        bands(where, "bands", r.bands(), nullValues, null);
        requireOperationalNote(where, r);
      }
      case WINDOWED_MEAN -> {
        require(where, "window", r.window());
        requirePositive(where, "minReadings", r.minReadings());
        bands(where, "bands", r.bands(), nullValues, null);
        requireOperationalNote(where, r);
      }
      case TREND -> {
        require(where, "window", r.window());
        requirePositive(where, "minReadings", r.minReadings());
        if (r.trend() == null || !analytes.containsKey(r.trend().analyte()) || r.trend().per() == null
            || r.trend().per().isNegative() || r.trend().per().isZero()) {
          problems.add(where + ": trend needs a known analyte and a positive 'per' duration");
        }
        bands(where, "bands", r.bands(), nullValues, r.trend() == null ? null : r.trend().analyte());
        requireOperationalNote(where, r);
      }
      case TIME_IN_RANGE -> {
        require(where, "window", r.window());
        requirePositive(where, "minReadings", r.minReadings());
        RangeSpec range = r.range();
        if (range == null || !analytes.containsKey(range.analyte()) || range.low() == null || range.high() == null
            || range.low() >= range.high()) {
          problems.add(where + ": range needs a known analyte and low < high");
        } else if (checkUnit(where + " range unit", range.unit())
            && UnitConversion.toCanonical(analytes.get(range.analyte()), range.unit()).isEmpty()) {
          problems.add(where + ": range unit '" + range.unit() + "' does not convert to the analyte's unit");
        }
        bands(where, "bands", r.bands(), nullValues, Vocabulary.TIME_IN_RANGE);
        requireOperationalNote(where, r);
      }
      case TARGET_BY_CATEGORY -> {
        if (!r.bands().isEmpty()) {
          problems.add(where + ": a target-by-category rule keeps its bands inside its categories");
        }
        if (r.categories().isEmpty()) {
          problems.add(where + " has no categories");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < r.categories().size(); i++) {
          CategoryDefinition c = r.categories().get(i);
          category(where, "categories[" + i + "]", c, nullValues, names);
          if (c.when() == null || (c.when().riskCategories().isEmpty() && c.when().conditions().isEmpty()
              && c.when().minAge() == null)) {
            problems.add(where + " category '" + c.category() + "' says nothing about who belongs to it (when)");
          } else {
            c.when().conditions().stream().filter(x -> !conditionIds.contains(x)).forEach(x ->
                problems.add(where + " category '" + c.category() + "': condition '" + x + "' is not defined"));
          }
        }
        if (r.unknownCategory() != null) {
          category(where, "unknownCategory", r.unknownCategory(), nullValues, names);
          if (blank(r.unknownCategory().note())) {
            problems.add(where + ": unknownCategory needs a note saying the category is unknown");
          }
        }
      }
      case ABSENCE -> {
        AbsenceSpec a = r.absence();
        if (a == null || a.analytes().isEmpty() || a.interval() == null || a.interval().isNegative()
            || a.interval().isZero() || !Vocabulary.CONDITIONS.contains(a.whileUncontrolled())) {
          problems.add(where + ": absence needs analytes, a positive interval and whileUncontrolled (a condition)");
        } else {
          a.analytes().stream().filter(x -> !analytes.containsKey(x))
              .forEach(x -> problems.add(where + ": absence analyte '" + x + "' is not defined"));
        }
        singleBandWithoutCriteria(where, r);
        requireOperationalNote(where, r);
      }
      case ALL_OF -> {
        if (r.allOf().size() < 2) {
          problems.add(where + ": allOf needs at least two rules");
        }
        r.allOf().stream().filter(id -> !rules.containsKey(id) || id.equals(r.id()))
            .forEach(id -> problems.add(where + ": allOf rule '" + id + "' is not defined (or is itself)"));
        singleBandWithoutCriteria(where, r);
      }
    }
  }

  private void category(String where, String path, CategoryDefinition c, Set<String> nullValues, Set<String> names) {
    if (blank(c.category()) || blank(c.label())) {
      problems.add(where + " " + path + " needs a category and a label");
    } else if (!names.add(c.category())) {
      problems.add(where + ": category '" + c.category() + "' appears twice");
    }
    bands(where, path + ".bands", c.bands(), nullValues, null);
  }

  private void singleBandWithoutCriteria(String where, RuleDefinition r) {
    if (r.bands().size() != 1 || !r.bands().getFirst().criteria().isEmpty()) {
      problems.add(where + ": kind " + r.kind().code() + " has exactly one band, without criteria");
      return;
    }
    BandDefinition b = r.bands().getFirst();
    if (blank(b.level()) || blank(b.label()) || blank(b.recommendedAction())
        || !Vocabulary.SEVERITIES.contains(b.severity())) {
      problems.add(where + ": its band needs level, label, a known severity and recommendedAction");
    }
  }

  /** Checks bands; {@code onlyAnalyte} restricts criteria to one analyte (trend, time-in-range). */
  private void bands(String where, String path, List<BandDefinition> bands, Set<String> nullValues,
      String onlyAnalyte) {
    if (bands.isEmpty()) {
      problems.add(where + " has no bands");
    }
    Set<String> levels = new HashSet<>();
    for (int i = 0; i < bands.size(); i++) {
      BandDefinition b = bands.get(i);
      String bw = where + " band '" + b.level() + "'";
      if (blank(b.level()) || blank(b.label())) {
        problems.add(bw + " needs a level and a label");
      } else if (!levels.add(b.level())) {
        problems.add(where + ": band level '" + b.level() + "' appears twice");
      }
      if (!Vocabulary.SEVERITIES.contains(b.severity())) {
        problems.add(bw + ": severity '" + b.severity() + "' is not one of " + Vocabulary.SEVERITIES);
      }
      if (!Vocabulary.MATCHES.contains(b.match())) {
        problems.add(bw + ": match '" + b.match() + "' is not one of " + Vocabulary.MATCHES);
      }
      if (b.sex() != null && !Vocabulary.SEXES.contains(b.sex())) {
        problems.add(bw + ": sex '" + b.sex() + "' is not one of " + Vocabulary.SEXES);
      }
      if (blank(b.recommendedAction())) {
        problems.add(bw + " has no recommendedAction");
      }
      if (b.criteria().isEmpty()) {
        problems.add(bw + " has no criteria");
      }
      for (int j = 0; j < b.criteria().size(); j++) {
        Criterion c = b.criteria().get(j);
        String cw = bw + " criterion on '" + c.analyte() + "'";
        String valuePath = path + "[" + i + "].criteria[" + j + "].value";
        valuePaths.add(valuePath);
        if (c.value() == null) {
          nullValues.add(valuePath);
        }
        if (!Vocabulary.OPERATORS.contains(c.op())) {
          problems.add(cw + ": op '" + c.op() + "' is not one of " + Vocabulary.OPERATORS);
        }
        if (onlyAnalyte != null && !onlyAnalyte.equals(c.analyte())) {
          problems.add(cw + ": this kind's criteria are on '" + onlyAnalyte + "'");
          continue;
        }
        if (Vocabulary.TIME_IN_RANGE.equals(c.analyte())) {
          if (!"%".equals(c.unit())) {
            problems.add(cw + ": time in range is in '%'");
          }
          continue;
        }
        AnalyteDefinition a = analytes.get(c.analyte());
        if (a == null) {
          problems.add(cw + ": analyte is not defined in analytes.yaml");
        }
        if (checkUnit(cw + " unit", c.unit()) && a != null && a.canonicalUnit() != null
            && UnitConversion.toCanonical(a, c.unit()).isEmpty()) {
          problems.add(cw + ": unit '" + c.unit() + "' does not convert to the analyte's unit '"
              + a.canonicalUnit() + "'");
        }
      }
    }
  }

  private void checkContext(String where, ContextFilter c) {
    if (c != null && c.period() != null && !Vocabulary.PERIODS.contains(c.period())) {
      problems.add(where + ": context period '" + c.period() + "' is not one of " + Vocabulary.PERIODS);
    }
  }

  private void checkMemberFilter(String where, MemberFilter m) {
    if (m == null) {
      return;
    }
    m.conditions().stream().filter(c -> !conditionIds.contains(c))
        .forEach(c -> problems.add(where + ": appliesWhen condition '" + c + "' is not defined in conditions.yaml"));
    m.withoutConditions().stream().filter(c -> !conditionIds.contains(c))
        .forEach(c -> problems.add(where + ": appliesWhen condition '" + c + "' is not defined in conditions.yaml"));
    if (m.sex() != null && !Vocabulary.SEXES.contains(m.sex())) {
      problems.add(where + ": appliesWhen sex '" + m.sex() + "' is not one of " + Vocabulary.SEXES);
    }
    if (m.minAge() != null && m.minAge() < 0) {
      problems.add(where + ": appliesWhen minAge must not be negative");
    }
  }

  private void checkDifferential(String where, DifferentialDefinition d, Map<String, RuleDefinition> rules) {
    String dw = where + " differential '" + d.id() + "'";
    if (blank(d.id()) || blank(d.name())) {
      problems.add(dw + " needs an id and a name");
    }
    if (!Vocabulary.DIFFERENTIAL_CHECKS.contains(d.check())) {
      problems.add(dw + ": check '" + d.check() + "' is not one of " + Vocabulary.DIFFERENTIAL_CHECKS);
    } else if (d.check().equals("other-rule-met")) {
      if (d.rule() == null || !rules.containsKey(d.rule())) {
        problems.add(dw + ": rule '" + d.rule() + "' is not defined");
      }
    } else if (d.min() == null || d.min() < 1) {
      problems.add(dw + ": check '" + d.check() + "' needs min >= 1");
    }
    checkTemplate(dw + " excludedText", d.excludedText(), Vocabulary.DIFFERENTIAL_PLACEHOLDERS);
    checkTemplate(dw + " notExcludedText", d.notExcludedText(), Vocabulary.DIFFERENTIAL_PLACEHOLDERS);
  }

  private void checkCitation(String where, CitationRef c) {
    if (blank(c.guideline()) || !guidelines.containsKey(c.guideline())) {
      problems.add(where + ": guideline '" + c.guideline() + "' is not defined in guidelines.yaml");
    }
    if (blank(c.section())) {
      problems.add(where + " names no section");
    }
    if (!Vocabulary.STRENGTHS.contains(c.strength())) {
      problems.add(where + ": strength '" + c.strength() + "' is not one of " + Vocabulary.STRENGTHS);
    }
  }

  private void checkProfiles(List<ProfileDefinition> profiles, Map<String, RuleDefinition> rules) {
    Set<String> ids = new HashSet<>();
    if (profiles.isEmpty()) {
      problems.add("profiles.yaml: no profile defined");
    }
    for (ProfileDefinition p : profiles) {
      String where = "profiles.yaml: profile '" + p.id() + "'";
      if (blank(p.id()) || !ids.add(p.id())) {
        problems.add(where + " has no id or is defined twice");
      }
      Set<String> seen = new HashSet<>();
      Map<String, String> familyOwner = new HashMap<>();
      for (String id : p.rules()) {
        RuleDefinition r = rules.get(id);
        if (r == null) {
          problems.add(where + ": rule '" + id + "' is not defined");
          continue;
        }
        if (!seen.add(id)) {
          problems.add(where + ": rule '" + id + "' is listed twice");
        }
        String other = familyOwner.putIfAbsent(r.family(), id);
        if (other != null && !other.equals(id)) {
          problems.add(where + ": rules '" + other + "' and '" + id + "' overlap (same family '"
              + r.family() + "')");
        }
      }
      for (String id : p.rules()) {
        RuleDefinition r = rules.get(id);
        if (r != null && r.kind() == RuleKind.ALL_OF) {
          r.allOf().stream().filter(x -> !p.rules().contains(x)).forEach(x ->
              problems.add(where + ": all-of rule '" + id + "' needs '" + x + "' in the same profile"));
        }
      }
    }
  }

  private boolean checkUnit(String where, String unit) {
    var problem = Ucum.problem(unit);
    problem.ifPresent(p -> problems.add(where + " '" + unit + "' does not parse as UCUM: " + p));
    return problem.isEmpty();
  }

  private void checkTemplate(String where, String text, Set<String> allowed) {
    if (blank(text)) {
      problems.add(where + " is empty");
      return;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!allowed.contains(m.group(1))) {
        problems.add(where + ": unknown placeholder {" + m.group(1) + "} (allowed: " + allowed + ")");
      }
    }
  }

  private void require(String where, String field, Object value) {
    if (value == null) {
      problems.add(where + ": field '" + field + "' is required for this kind");
    }
  }

  private void requirePositive(String where, String field, Integer value) {
    if (value == null || value < 1) {
      problems.add(where + ": field '" + field + "' must be at least 1");
    }
  }

  private void requireOperationalNote(String where, RuleDefinition r) {
    if (blank(r.operational())) {
      problems.add(where + ": its window/count settings are not in the knowledge pack; say so in 'operational'");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
