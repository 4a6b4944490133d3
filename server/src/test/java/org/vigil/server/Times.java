package org.vigil.server;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Reading times relative to now, on China Standard Time, always written with seconds (as FHIR requires). */
public final class Times {
  private Times() {}

  public static String hoursAgo(long hours) {
    return iso(now().minusHours(hours));
  }

  public static String minutesAgo(long minutes) {
    return iso(now().minusMinutes(minutes));
  }

  public static String daysAgo(long days, long moreHours) {
    return iso(now().minusDays(days).minusHours(moreHours));
  }

  public static String iso(OffsetDateTime t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS);
  }
}
