package org.vigil.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * The pure core as beans: knowledge (validated at start-up; invalid knowledge stops the server), with the
 * operator's values for parameters the knowledge leaves open, and unit normalization. Monitors per profile
 * live in {@code monitoring.Monitors}.
 */
@Configuration(proxyBeanMethods = false)
public class CoreConfig {
  @Bean
  KnowledgeBase knowledgeBase(VigilProperties props) {
    if (props.knowledgeOverrides() == null) {
      return KnowledgeLoader.loadDefault();
    }
    try (InputStream in = Files.newInputStream(props.knowledgeOverrides())) {
      Map<String, Map<String, Object>> overrides = KnowledgeLoader.readOverrides(in);
      return KnowledgeLoader.loadDefault(overrides);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read vigil.knowledge-overrides " + props.knowledgeOverrides(), e);
    }
  }

  @Bean
  UnitNormalizer unitNormalizer(KnowledgeBase knowledge) {
    return new UnitNormalizer(knowledge);
  }

  /** The shell's only clock; the core receives time as an argument. Tests replace it. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
