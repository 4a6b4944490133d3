package org.vigil.engine.monitor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigil.knowledge.AnalyteDefinition;
import org.vigil.knowledge.KnowledgeBase;

/** Analytes numbered 0..n-1 so a member's state stores a byte per measurement instead of a reference. */
public final class AnalyteTable {
  private final List<AnalyteDefinition> analytes;
  private final Map<String, Integer> index = new HashMap<>();

  public AnalyteTable(KnowledgeBase knowledge) {
    this.analytes = knowledge.analytes();
    if (analytes.size() > 127) {
      throw new IllegalStateException("a state stores an analyte in a byte; " + analytes.size() + " is too many");
    }
    for (int i = 0; i < analytes.size(); i++) {
      index.put(analytes.get(i).id(), i);
    }
  }

  public int index(String analyte) {
    Integer i = index.get(analyte);
    if (i == null) {
      throw new IllegalArgumentException("unknown analyte " + analyte);
    }
    return i;
  }

  public boolean has(String analyte) {
    return index.containsKey(analyte);
  }

  public AnalyteDefinition get(int i) {
    return analytes.get(i);
  }

  public String id(int i) {
    return analytes.get(i).id();
  }

  public int size() {
    return analytes.size();
  }
}
