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

  List<String> validate(
      String version,
      List<Guideline> guidelines,
      List<AnalyteDefinition> analytes,
      List<PanelDefinition> panels,
      Map<String, String> unitAliases,
      List<SourcedRule> rules,
      List<ProfileDefinition> profiles) {
    if (blank(version)) {
      problems.add("index.yaml: version is missing");
    }
    Map<String, Guideline> guidelineById = checkGuidelines(guidelines);
    Map<String, AnalyteDefinition> analyteById = checkAnalytes(analytes);
    checkPanels(panels, analyteById, analytes);
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
        checkRule(sr.file(), sr.rule(), guidelineById, analyteById, ruleById);
      }
    }
    checkProfiles(profiles, ruleById);
    return problems;
  }

  private Map<String, Guideline> checkGuidelines(List<Guideline> guidelines) {
    Map<String, Guideline> byId = new HashMap<>();
    for (Guideline g : guidelines) {
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

  private Map<String, AnalyteDefinition> checkAnalytes(List<AnalyteDefinition> analytes) {
    Map<String, AnalyteDefinition> byId = new HashMap<>();
    Set<String> codes = new HashSet<>();
    for (AnalyteDefinition a : analytes) {
      String where = "analytes.yaml: analyte '" + a.id() + "'";
      if (blank(a.id())) {
        problems.add("analytes.yaml: an analyte has no id");
        continue;
      }
      if (byId.putIfAbsent(a.id(), a) != null) {
        problems.add(where + " is defined twice");
      }
      checkUnit(where + " canonicalUnit", a.canonicalUnit());
      if (a.loinc().isEmpty()) {
        problems.add(where + " has no LOINC code");
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
    return byId;
  }

  private void checkPanels(
      List<PanelDefinition> panels, Map<String, AnalyteDefinition> analyteById, List<AnalyteDefinition> analytes) {
    Set<String> analyteCodes = new HashSet<>();
    analytes.forEach(a -> analyteCodes.addAll(a.loinc()));
    for (PanelDefinition p : panels) {
      String where = "analytes.yaml: panel '" + p.code() + "'";
      if (analyteCodes.contains(p.code())) {
        problems.add(where + " is also an analyte code");
      }
      if (p.components().isEmpty()) {
        problems.add(where + " has no components");
      }
      p.components().stream().filter(c -> !analyteById.containsKey(c))
          .forEach(c -> problems.add(where + ": component '" + c + "' is not an analyte"));
      if (blank(p.knowledgeRef())) {
        problems.add(where + " has no knowledgeRef");
      }
    }
  }

  private void checkRule(
      String file,
      RuleDefinition r,
      Map<String, Guideline> guidelines,
      Map<String, AnalyteDefinition> analytes,
      Map<String, RuleDefinition> rules) {
    String where = file + ": rule '" + r.id() + "'";
    if (r.kind() == null) {
      problems.add(where + " has no kind");
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
      checkCitation(where + " citation", r.citation(), guidelines);
    }
    r.supportingCitations().forEach(c -> checkCitation(where + " supporting citation", c, guidelines));
    if (r.bands().isEmpty()) {
      problems.add(where + " has no bands");
    }
    Set<String> levels = new HashSet<>();
    for (BandDefinition b : r.bands()) {
      checkBand(where, b, analytes);
      if (b.level() != null && !levels.add(b.level())) {
        problems.add(where + ": band level '" + b.level() + "' appears twice");
      }
    }
    checkTemplate(where + " explanation", r.explanation(), Vocabulary.EXPLANATION_PLACEHOLDERS);
    for (DifferentialDefinition d : r.differentials()) {
      checkDifferential(where, d, rules);
    }
    if (r.kind() != null) {
      switch (r.kind()) {
        case THRESHOLD -> {
          forbid(where, "window", r.window());
          forbid(where, "minDays", r.minDays());
          forbid(where, "minReadings", r.minReadings());
        }
        case CONFIRMATION -> {
          require(where, "window", r.window());
          requirePositive(where, "minDays", r.minDays());
          if (!Vocabulary.AGGREGATES.contains(r.aggregate())) {
            problems.add(where + ": aggregate '" + r.aggregate() + "' is not one of " + Vocabulary.AGGREGATES);
          }
          requireOperationalNote(where, r);
        }
        case WINDOWED_MEAN -> {
          require(where, "window", r.window());
          requirePositive(where, "minReadings", r.minReadings());
          requireOperationalNote(where, r);
        }
      }
    }
    if (r.window() != null && (r.window().isNegative() || r.window().isZero())) {
      problems.add(where + ": window must be positive");
    }
  }

  private void checkBand(String where, BandDefinition b, Map<String, AnalyteDefinition> analytes) {
    String bw = where + " band '" + b.level() + "'";
    if (blank(b.level()) || blank(b.label())) {
      problems.add(bw + " needs a level and a label");
    }
    if (!Vocabulary.SEVERITIES.contains(b.severity())) {
      problems.add(bw + ": severity '" + b.severity() + "' is not one of " + Vocabulary.SEVERITIES);
    }
    if (!Vocabulary.MATCHES.contains(b.match())) {
      problems.add(bw + ": match '" + b.match() + "' is not one of " + Vocabulary.MATCHES);
    }
    if (blank(b.recommendedAction())) {
      problems.add(bw + " has no recommendedAction");
    }
    if (b.criteria().isEmpty()) {
      problems.add(bw + " has no criteria");
    }
    for (Criterion c : b.criteria()) {
      String cw = bw + " criterion on '" + c.analyte() + "'";
      AnalyteDefinition a = analytes.get(c.analyte());
      if (a == null) {
        problems.add(cw + ": analyte is not defined in analytes.yaml");
      }
      if (!Vocabulary.OPERATORS.contains(c.op())) {
        problems.add(cw + ": op '" + c.op() + "' is not one of " + Vocabulary.OPERATORS);
      }
      if (c.value() == null) {
        problems.add(cw + " has no value");
      }
      if (checkUnit(cw + " unit", c.unit()) && a != null && a.canonicalUnit() != null
          && !Ucum.comparable(c.unit(), a.canonicalUnit())) {
        problems.add(cw + ": unit '" + c.unit() + "' does not convert to the analyte's unit '"
            + a.canonicalUnit() + "'");
      }
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

  private void checkCitation(String where, CitationRef c, Map<String, Guideline> guidelines) {
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

  private void forbid(String where, String field, Object value) {
    if (value != null) {
      problems.add(where + ": field '" + field + "' does not apply to this kind");
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
