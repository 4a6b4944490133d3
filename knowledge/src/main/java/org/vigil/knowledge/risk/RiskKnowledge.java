package org.vigil.knowledge.risk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.vigil.knowledge.KnowledgeException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a risk model's coefficient file from {@code knowledge/risk/} on the classpath into the model's own record
 * type, strictly: an unknown field, a missing value or a file that does not parse stops start-up with the file
 * named.
 */
public final class RiskKnowledge {
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private RiskKnowledge() {}

  /** A YAML file under knowledge/risk/ as {@code type}. */
  public static <T> T yaml(String file, Class<T> type) {
    return read(file, type, true);
  }

  /** A JSON file under knowledge/risk/ as {@code type} (PREVENT's transcribed coefficient sheets). */
  public static <T> T json(String file, Class<T> type) {
    return read(file, type, false);
  }

  private static <T> T read(String file, Class<T> type, boolean yaml) {
    String path = "knowledge/risk/" + file;
    try (InputStream in = RiskKnowledge.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new KnowledgeException(List.of(path + ": not found on the classpath"));
      }
      return yaml ? YAML.readValue(in, type) : JSON.readValue(in, type);
    } catch (JacksonException e) {
      throw new KnowledgeException(List.of(path + ": " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
