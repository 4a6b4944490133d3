package org.vigil.server.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.vigil.engine.monitor.Monitor;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.ProfileDefinition;
import org.vigil.server.config.VigilProperties;

/** One monitor per guideline profile; a member's tenant decides which one watches them. */
@Component
public class Monitors {
  private final Map<String, Monitor> byProfile = new LinkedHashMap<>();
  private final VigilProperties props;

  public Monitors(KnowledgeBase knowledge, VigilProperties props) {
    this.props = props;
    for (ProfileDefinition p : knowledge.profiles()) {
      byProfile.put(p.id(), Monitor.forProfile(knowledge, p.id()));
    }
    if (!byProfile.containsKey(props.profile())) {
      throw new IllegalStateException("vigil.profile '" + props.profile() + "' is not a profile; known: "
          + byProfile.keySet());
    }
    props.tenants().forEach((tenant, profile) -> {
      if (!byProfile.containsKey(profile)) {
        throw new IllegalStateException("vigil.tenants." + tenant + " names profile '" + profile
            + "', which does not exist; known: " + byProfile.keySet());
      }
    });
  }

  /** The monitor for a tenant's members. */
  public Monitor forTenant(String tenant) {
    return byProfile.get(props.profileOf(tenant));
  }

  public Monitor forProfile(String profile) {
    return byProfile.get(profile);
  }

  public java.util.Collection<Monitor> all() {
    return byProfile.values();
  }

  public Monitor defaultMonitor() {
    return byProfile.get(props.profile());
  }
}
