package org.vigil.server.alerts;

import java.util.Locale;
import java.util.Optional;

/**
 * An alert's lifecycle: open; acknowledged by someone working on it; escalated to a doctor when an urgent or
 * emergency alert was not acknowledged within the member's tier's time; resolved (by a person with a reason, or
 * by the monitor when the rule no longer holds).
 */
public enum AlertStatus {
  OPEN, ACKNOWLEDGED, ESCALATED, RESOLVED;

  private final String code = name().toLowerCase(Locale.ROOT);

  public String code() {
    return code;
  }

  public static Optional<AlertStatus> parse(String s) {
    for (AlertStatus a : values()) {
      if (a.code.equalsIgnoreCase(s)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
