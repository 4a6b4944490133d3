package org.vigil.server.care;

import java.util.Locale;
import java.util.Optional;
import org.vigil.engine.monitor.Severity;

/**
 * A member's service tier (PRODUCT.md) as entitlements the product checks: basic is automated self-management
 * (alerts go to the member, no manager, no worklist); professional adds an assigned health manager; premium adds
 * a doctor for any alert and tighter acknowledgement times (those live in {@code vigil.tiers}).
 */
public enum ServiceTier {
  BASIC, PROFESSIONAL, PREMIUM;

  private final String code = name().toLowerCase(Locale.ROOT);

  public String code() {
    return code;
  }

  public static Optional<ServiceTier> parse(String s) {
    for (ServiceTier t : values()) {
      if (t.code.equalsIgnoreCase(s)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Whether the member has a health manager (a panel, the worklist, follow-ups, calls). */
  public boolean managed() {
    return this != BASIC;
  }

  /** Whether the member's alerts are sent to the member themselves (they have nobody else). */
  public boolean alertsToMember() {
    return this == BASIC;
  }

  /**
   * Whether a person may hand an alert of this severity to a doctor. Urgent and emergency alerts may always
   * reach a doctor (safety first, every tier); a doctor's review of anything less is part of premium.
   */
  public boolean mayEscalate(Severity severity) {
    return severity.ordinal() >= Severity.URGENT.ordinal() || this == PREMIUM;
  }

  /** Why {@link #mayEscalate} refused, for the error. */
  public String escalationRefusal(Severity severity) {
    return "a doctor's review of a " + severity.code() + " alert is part of the premium service tier; this member is "
        + code + " (urgent and emergency alerts can always be escalated)";
  }
}
