package org.vigil.knowledge;

import java.util.List;

/** An observation code that groups components (a blood pressure panel) rather than carrying a value. */
public record PanelDefinition(String code, String display, List<String> components, String knowledgeRef) {
  public PanelDefinition {
    components = components == null ? List.of() : List.copyOf(components);
  }
}
