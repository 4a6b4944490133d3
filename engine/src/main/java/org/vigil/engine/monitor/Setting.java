package org.vigil.engine.monitor;

import java.util.Locale;
import java.util.Optional;

/** Where a reading was taken; rules say which settings they apply to (home BP thresholds differ from office). */
public enum Setting {
  OFFICE, HOME, AMBULATORY, UNSPECIFIED;

  private final String code = name().toLowerCase(Locale.ROOT);

  public String code() {
    return code;
  }

  public static Optional<Setting> parse(String code) {
    if (code == null) {
      return Optional.empty();
    }
    for (Setting s : values()) {
      if (s.code.equalsIgnoreCase(code)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
