package org.vigil.knowledge;

import java.util.List;

/** A member condition rules can ask about (diabetes, gout, ...), and the codes that say a member has it. */
public record ConditionDefinition(String id, String display, List<Coding> codes, String knowledgeRef) {
  public ConditionDefinition {
    codes = codes == null ? List.of() : List.copyOf(codes);
  }
}
