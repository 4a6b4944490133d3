package org.vigil.knowledge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** All of Vigil's clinical content, loaded and validated. Immutable; lookups by id. */
public final class KnowledgeBase {
  private final String version;
  private final Map<String, Guideline> guidelines;
  private final Map<String, AnalyteDefinition> analytes;
  private final Map<String, AnalyteDefinition> analyteByCode;
  private final Map<String, PanelDefinition> panels;
  private final Map<String, String> unitAliases;
  private final Map<String, RuleDefinition> rules;
  private final Map<String, ProfileDefinition> profiles;
  private final Map<String, DerivedDefinition> derived;
  private final Map<String, ConditionDefinition> conditions;

  KnowledgeBase(
      String version,
      List<Guideline> guidelines,
      List<AnalyteDefinition> analytes,
      List<PanelDefinition> panels,
      Map<String, String> unitAliases,
      List<DerivedDefinition> derived,
      List<ConditionDefinition> conditions,
      List<RuleDefinition> rules,
      List<ProfileDefinition> profiles) {
    this.version = version;
    this.guidelines = index(guidelines, Guideline::id);
    this.analytes = index(analytes, AnalyteDefinition::id);
    Map<String, AnalyteDefinition> byCode = new LinkedHashMap<>();
    for (AnalyteDefinition a : analytes) {
      for (String code : a.loinc()) {
        byCode.put(code, a);
      }
    }
    this.analyteByCode = Map.copyOf(byCode);
    this.panels = index(panels, PanelDefinition::code);
    this.unitAliases = Map.copyOf(unitAliases);
    this.rules = index(rules, RuleDefinition::id);
    this.profiles = index(profiles, ProfileDefinition::id);
    this.derived = index(derived, DerivedDefinition::analyte);
    this.conditions = index(conditions, ConditionDefinition::id);
  }

  private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
    return items.stream()
        .collect(Collectors.toMap(key, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  public String version() {
    return version;
  }

  public Optional<Guideline> guideline(String id) {
    return Optional.ofNullable(guidelines.get(id));
  }

  public List<Guideline> guidelines() {
    return List.copyOf(guidelines.values());
  }

  public Optional<AnalyteDefinition> analyte(String id) {
    return Optional.ofNullable(analytes.get(id));
  }

  public List<AnalyteDefinition> analytes() {
    return List.copyOf(analytes.values());
  }

  /** The analyte a LOINC code carries, if Vigil manages it. */
  public Optional<AnalyteDefinition> analyteForCode(String loinc) {
    return Optional.ofNullable(analyteByCode.get(loinc));
  }

  public Optional<PanelDefinition> panel(String code) {
    return Optional.ofNullable(panels.get(code));
  }

  public List<PanelDefinition> panels() {
    return List.copyOf(panels.values());
  }

  public Map<String, String> unitAliases() {
    return unitAliases;
  }

  public Optional<RuleDefinition> rule(String id) {
    return Optional.ofNullable(rules.get(id));
  }

  public List<RuleDefinition> rules() {
    return List.copyOf(rules.values());
  }

  public Optional<ProfileDefinition> profile(String id) {
    return Optional.ofNullable(profiles.get(id));
  }

  public List<ProfileDefinition> profiles() {
    return List.copyOf(profiles.values());
  }

  /** How an analyte is computed from others, when it is. */
  public Optional<DerivedDefinition> derivation(String analyte) {
    return Optional.ofNullable(derived.get(analyte));
  }

  public List<DerivedDefinition> derivations() {
    return List.copyOf(derived.values());
  }

  public Optional<ConditionDefinition> condition(String id) {
    return Optional.ofNullable(conditions.get(id));
  }

  public List<ConditionDefinition> conditions() {
    return List.copyOf(conditions.values());
  }

  /**
   * The member conditions a coded diagnosis means: a code matches a listed one exactly or as a subdivision of it
   * ("E11.9" is "E11"; "N18.31" is "N18.3"), never by a bare prefix ("E110" is not "E11").
   */
  public List<String> conditionsForCode(String system, String code) {
    List<String> out = new java.util.ArrayList<>();
    if (system == null || code == null) {
      return out;
    }
    for (ConditionDefinition c : conditions.values()) {
      for (Coding k : c.codes()) {
        boolean sub = k.code().contains(".") ? code.startsWith(k.code()) : code.startsWith(k.code() + ".");
        if (k.system().equals(system) && (code.equals(k.code()) || sub)) {
          out.add(c.id());
          break;
        }
      }
    }
    return out;
  }

  /** The rules of a profile, in the order the profile lists them. */
  public List<RuleDefinition> rulesOf(ProfileDefinition profile) {
    return profile.rules().stream().map(rules::get).toList();
  }
}
