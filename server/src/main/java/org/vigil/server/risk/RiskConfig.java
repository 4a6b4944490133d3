package org.vigil.server.risk;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.vigil.engine.risk.FiveHighsTier;
import org.vigil.engine.risk.MemberRisk;
import org.vigil.engine.risk.RiskModels;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.risk.TierDefinition;

/** The risk models, the member-level assessment and the Five-Highs tier as beans (pure core objects). */
@Configuration(proxyBeanMethods = false)
public class RiskConfig {
  @Bean
  RiskModels riskModels(KnowledgeBase knowledge, UnitNormalizer units) {
    return new RiskModels(knowledge, units);
  }

  @Bean
  MemberRisk memberRisk(RiskModels models, KnowledgeBase knowledge) {
    return new MemberRisk(models, knowledge);
  }

  @Bean
  FiveHighsTier fiveHighsTier(KnowledgeBase knowledge, MemberRisk risk) {
    return new FiveHighsTier(TierDefinition.load(), knowledge, risk);
  }
}
