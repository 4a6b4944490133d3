package org.vigil.server.alerts;

import java.util.Locale;
import java.util.Optional;

/** An alert's lifecycle: open, then acknowledged by someone working on it, then resolved with a reason. */
public enum AlertStatus {
  OPEN, ACKNOWLEDGED, RESOLVED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AlertStatus> parse(String s) {
    for (AlertStatus a : values()) {
      if (a.code().equalsIgnoreCase(s)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
