package org.vigil.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
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

  record Index(String version, String guidelines, String analytes, String profiles, List<String> rules) {}

  record GuidelinesFile(List<Guideline> guidelines) {}

  record AnalytesFile(
      List<AnalyteDefinition> analytes, List<PanelDefinition> panels, Map<String, String> unitAliases) {}

  record RulesFile(List<RuleDefinition> rules) {}

  record ProfilesFile(List<ProfileDefinition> profiles) {}

  /** Loads and validates the knowledge under a classpath root (ending in '/'). */
  public KnowledgeBase load(String root) {
    List<String> problems = new ArrayList<>();
    Index index = read(root, "index.yaml", Index.class, problems);
    if (index == null) {
      throw new KnowledgeException(problems);
    }
    GuidelinesFile g = read(root, index.guidelines(), GuidelinesFile.class, problems);
    AnalytesFile a = read(root, index.analytes(), AnalytesFile.class, problems);
    ProfilesFile p = read(root, index.profiles(), ProfilesFile.class, problems);
    List<SourcedRule> rules = new ArrayList<>();
    for (String file : nullToEmpty(index.rules())) {
      RulesFile rf = read(root, file, RulesFile.class, problems);
      if (rf != null) {
        nullToEmpty(rf.rules()).forEach(r -> rules.add(new SourcedRule(file, r)));
      }
    }
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
        rules.stream().map(SourcedRule::rule).toList(),
        p.profiles());
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
