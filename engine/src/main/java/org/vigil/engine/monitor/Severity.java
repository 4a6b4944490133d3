package org.vigil.engine.monitor;

import java.util.Locale;

/**
 * How soon someone must act, in increasing order: info (for the record), attention (at the next planned
 * contact), urgent (within the day), emergency (now).
 */
public enum Severity {
  INFO, ATTENTION, URGENT, EMERGENCY;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity of(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
