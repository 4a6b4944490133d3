package org.vigil.server.export;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Age in whole years → 5-year → 10-year → 20-year bands → {@code *}. Ages over 89 are one category,
 * {@value #NINETY_PLUS}, at every level (HIPAA Safe Harbor), so the bands that would reach past 89 end open
 * ({@code 80+}).
 */
public final class AgeHierarchy implements Hierarchy<OptionalInt> {
  public static final String NINETY_PLUS = "90+";
  private static final int[] WIDTHS = {5, 10, 20};

  /** Whole years between the birth date and the reference date (never negative). */
  public static OptionalInt age(Optional<LocalDate> birthDate, LocalDate asOf) {
    return birthDate.map(b -> OptionalInt.of(Math.max(0, Period.between(b, asOf).getYears())))
        .orElse(OptionalInt.empty());
  }

  @Override
  public String attribute() {
    return "age";
  }

  @Override
  public List<String> levels() {
    return List.of("years", "5-year bands", "10-year bands", "20-year bands", SUPPRESSED);
  }

  @Override
  public List<String> ladder(OptionalInt age) {
    if (age.isEmpty()) {
      return List.of(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, SUPPRESSED);
    }
    int a = age.getAsInt();
    if (a >= 90) {
      return List.of(NINETY_PLUS, NINETY_PLUS, NINETY_PLUS, "80+", SUPPRESSED);
    }
    return List.of(Integer.toString(a), band(a, WIDTHS[0]), band(a, WIDTHS[1]), band(a, WIDTHS[2]), SUPPRESSED);
  }

  private static String band(int age, int width) {
    int low = age / width * width;
    int high = low + width - 1;
    return high >= 90 ? low + "+" : low + "-" + high;
  }
}
