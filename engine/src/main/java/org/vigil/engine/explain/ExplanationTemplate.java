package org.vigil.engine.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text template from the knowledge, split once into literal text and {placeholder}s (whitespace already
 * folded), so rendering is a handful of appends.
 */
public final class ExplanationTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  private final String[] literals;
  private final String[] names;

  private ExplanationTemplate(String[] literals, String[] names) {
    this.literals = literals;
    this.names = names;
  }

  public static ExplanationTemplate compile(String template) {
    String folded = template.replaceAll("\\s+", " ").strip();
    List<String> lits = new ArrayList<>();
    List<String> ns = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(folded);
    int last = 0;
    while (m.find()) {
      lits.add(folded.substring(last, m.start()));
      ns.add(m.group(1));
      last = m.end();
    }
    lits.add(folded.substring(last));
    return new ExplanationTemplate(lits.toArray(String[]::new), ns.toArray(String[]::new));
  }

  /** The text with each placeholder replaced by {@code vars.apply(name)} (left as is when that is null). */
  public String render(Function<String, String> vars) {
    StringBuilder sb = new StringBuilder(160);
    for (int i = 0; i < names.length; i++) {
      sb.append(literals[i]);
      String v = vars.apply(names[i]);
      sb.append(v == null ? "{" + names[i] + "}" : v);
    }
    return sb.append(literals[names.length]).toString();
  }
}
