package org.vigil.server.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.vigil.engine.monitor.Monitor;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.KnowledgeLoader;

/** The pure core as beans: knowledge (validated at start-up; invalid knowledge stops the server), units, monitor. */
@Configuration(proxyBeanMethods = false)
public class CoreConfig {
  @Bean
  KnowledgeBase knowledgeBase() {
    return KnowledgeLoader.loadDefault();
  }

  @Bean
  UnitNormalizer unitNormalizer(KnowledgeBase knowledge) {
    return new UnitNormalizer(knowledge);
  }

  @Bean
  Monitor monitor(KnowledgeBase knowledge, VigilProperties props) {
    return Monitor.forProfile(knowledge, props.profile());
  }

  /** The shell's only clock; the core receives time as an argument. Tests replace it. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
