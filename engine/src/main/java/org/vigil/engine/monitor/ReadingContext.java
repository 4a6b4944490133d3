package org.vigil.engine.monitor;

import java.util.Optional;

/**
 * The circumstances of a reading that change how it is judged: taken fasting, with classic symptoms (for a
 * random glucose), by a continuous glucose monitor, or an ambulatory (ABPM) summary of a period.
 *
 * @param period {@code 24h}, {@code day} or {@code night} for an ABPM summary; null otherwise
 */
public record ReadingContext(boolean fasting, boolean symptoms, boolean cgm, String period) {
  public static final ReadingContext NONE = new ReadingContext(false, false, false, null);

  private static final String[] PERIODS = {null, "24h", "day", "night"};

  public ReadingContext {
    if (period != null && periodCode(period) == 0) {
      throw new IllegalArgumentException("period must be 24h, day or night, not " + period);
    }
  }

  /** The context packed in the high bits of a byte (bits 2..6); the setting uses bits 0..1. */
  public int flags() {
    return (fasting ? 1 << 2 : 0) | (symptoms ? 1 << 3 : 0) | (cgm ? 1 << 4 : 0) | (periodCode(period) << 5);
  }

  public static ReadingContext ofFlags(int flags) {
    int p = (flags >> 5) & 3;
    if ((flags & 0b1111100) == 0) {
      return NONE;
    }
    return new ReadingContext((flags & 1 << 2) != 0, (flags & 1 << 3) != 0, (flags & 1 << 4) != 0, PERIODS[p]);
  }

  public Optional<String> periodOpt() {
    return Optional.ofNullable(period);
  }

  static int periodCode(String period) {
    if (period == null) {
      return 0;
    }
    return switch (period) {
      case "24h" -> 1;
      case "day" -> 2;
      case "night" -> 3;
      default -> 0;
    };
  }
}
