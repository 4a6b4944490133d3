package org.vigil.knowledge;

import java.util.List;

/** The knowledge failed to load: every problem found, each naming the file, the item and the reason. */
public final class KnowledgeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public KnowledgeException(List<String> problems) {
    super("Clinical knowledge is invalid (" + problems.size() + " problem(s)):\n  - "
        + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
