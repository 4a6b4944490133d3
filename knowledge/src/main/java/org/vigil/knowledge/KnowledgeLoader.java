package org.vigil.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the knowledge YAML from the classpath ({@code knowledge/index.yaml} and the files it names) and
 * validates it. Any problem fails loudly with every problem listed: unknown fields, a missing citation, a
 * unit that does not parse, a rule id used twice.
 */
public final class KnowledgeLoader {
  private static final String ROOT = "knowledge/";

  private final YAMLMapper yaml =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();
  private final Function<String, InputStream> resources;

  public KnowledgeLoader() {
    this(KnowledgeLoader.class.getClassLoader()::getResourceAsStream);
  }

  /** A loader reading files through {@code resources} (path to stream, or null when absent). */
  public KnowledgeLoader(Function<String, InputStream> resources) {
    this.resources = resources;
  }

  /** The knowledge shipped with Vigil. */
  public static KnowledgeBase loadDefault() {
    return new KnowledgeLoader().load(ROOT);
  }

  /**
   * The knowledge shipped with Vigil, with an operator's values for parameters the knowledge leaves open
   * ({@code operatorConfigurable}): {@code ruleId -> (path -> value)}, e.g.
   * {@code "dm.ada-2025.cgm-time-in-range" -> {"bands[0].criteria[0].value" -> 70}}.
   */
  public static KnowledgeBase loadDefault(Map<String, Map<String, Object>> overrides) {
    return new KnowledgeLoader().load(ROOT, overrides);
  }

  /** Reads an operator's overrides file: {@code rules: {ruleId: {path: value}}}. */
  public static Map<String, Map<String, Object>> readOverrides(InputStream in) {
    YAMLMapper mapper = YAMLMapper.builder().build();
    OverridesFile f = mapper.readValue(in, OverridesFile.class);
    return f.rules() == null ? Map.of() : f.rules();
  }

  record OverridesFile(Map<String, Map<String, Object>> rules) {}

  record Index(
      String version, String guidelines, String analytes, String conditions, String profiles, List<String> rules) {}

  record GuidelinesFile(List<Guideline> guidelines) {}

  record AnalytesFile(
      List<AnalyteDefinition> analytes, List<PanelDefinition> panels, Map<String, String> unitAliases,
      List<DerivedDefinition> derived) {}

  record ConditionsFile(List<ConditionDefinition> conditions) {}

  record RulesFile(List<RuleDefinition> rules) {}

  record ProfilesFile(List<ProfileDefinition> profiles) {}

  /** Loads and validates the knowledge under a classpath root (ending in '/'). */
  public KnowledgeBase load(String root) {
    return load(root, Map.of());
  }

  /** Loads, applies the operator's overrides, and validates. */
  public KnowledgeBase load(String root, Map<String, Map<String, Object>> overrides) {
    List<String> problems = new ArrayList<>();
    Index index = read(root, "index.yaml", Index.class, problems);
    if (index == null) {
      throw new KnowledgeException(problems);
    }
    GuidelinesFile g = read(root, index.guidelines(), GuidelinesFile.class, problems);
    AnalytesFile a = read(root, index.analytes(), AnalytesFile.class, problems);
    ConditionsFile cf = index.conditions() == null ? new ConditionsFile(List.of())
        : read(root, index.conditions(), ConditionsFile.class, problems);
    ProfilesFile p = read(root, index.profiles(), ProfilesFile.class, problems);
    List<SourcedRule> rules = new ArrayList<>();
    Set<String> overridden = new HashSet<>();
    for (String file : nullToEmpty(index.rules())) {
      RulesFile rf = readRules(root, file, overrides, overridden, problems);
      if (rf != null) {
        nullToEmpty(rf.rules()).forEach(r -> rules.add(new SourcedRule(file, r)));
      }
    }
    overrides.keySet().stream().filter(id -> !overridden.contains(id))
        .forEach(id -> problems.add("overrides: rule '" + id + "' is not defined"));
    if (!problems.isEmpty()) {
      throw new KnowledgeException(problems);
    }
    KnowledgeValidator validator = new KnowledgeValidator();
    problems.addAll(validator.validate(
        index.version(),
        nullToEmpty(g.guidelines()),
        nullToEmpty(a.analytes()),
        nullToEmpty(a.panels()),
        a.unitAliases() == null ? Map.of() : a.unitAliases(),
        nullToEmpty(a.derived()),
        nullToEmpty(cf.conditions()),
        rules,
        nullToEmpty(p.profiles())));
    if (!problems.isEmpty()) {
      throw new KnowledgeException(problems);
    }
    return new KnowledgeBase(
        index.version(),
        g.guidelines(),
        a.analytes(),
        nullToEmpty(a.panels()),
        a.unitAliases() == null ? Map.of() : a.unitAliases(),
        nullToEmpty(a.derived()),
        nullToEmpty(cf.conditions()),
        rules.stream().map(SourcedRule::rule).toList(),
        p.profiles());
  }

  /**
   * A rules file, read as a tree first so an operator's values can fill the parameters a rule declares
   * {@code operatorConfigurable} — and only those.
   */
  private RulesFile readRules(String root, String file, Map<String, Map<String, Object>> overrides,
      Set<String> overridden, List<String> problems) {
    try (InputStream in = resources.apply(root + file)) {
      if (in == null) {
        problems.add(file + ": not found on the classpath under " + root);
        return null;
      }
      JsonNode tree = yaml.readTree(in);
      JsonNode list = tree.get("rules");
      if (list != null && list.isArray()) {
        for (JsonNode rule : list) {
          String id = rule.path("id").asString("");
          Map<String, Object> values = overrides.get(id);
          if (values == null) {
            continue;
          }
          overridden.add(id);
          Set<String> allowed = new HashSet<>();
          rule.path("operatorConfigurable").forEach(n -> allowed.add(n.asString()));
          values.forEach((path, value) -> {
            if (!allowed.contains(path)) {
              problems.add(file + ": rule '" + id + "': '" + path + "' is not operatorConfigurable");
            } else if (!Overrides.set(rule, path, value)) {
              problems.add(file + ": rule '" + id + "': no element at '" + path + "'");
            }
          });
        }
      }
      return yaml.treeToValue(tree, RulesFile.class);
    } catch (JacksonException e) {
      problems.add(file + ": " + e.getOriginalMessage() + location(e));
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A rule and the file it came from, so problems can name the file. */
  record SourcedRule(String file, RuleDefinition rule) {}

  private <T> T read(String root, String file, Class<T> type, List<String> problems) {
    if (file == null) {
      problems.add("index.yaml: a " + type.getSimpleName() + " file is not named");
      return null;
    }
    try (InputStream in = resources.apply(root + file)) {
      if (in == null) {
        problems.add(file + ": not found on the classpath under " + root);
        return null;
      }
      return yaml.readValue(in, type);
    } catch (JacksonException e) {
      problems.add(file + ": " + e.getOriginalMessage() + location(e));
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String location(JacksonException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
