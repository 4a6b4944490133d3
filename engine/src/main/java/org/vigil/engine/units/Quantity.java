package org.vigil.engine.units;

import java.math.BigDecimal;

/** A value with its UCUM unit. Bare doubles never cross a module boundary. */
public record Quantity(double value, String unit) {
  public Quantity {
    if (unit == null) {
      throw new IllegalArgumentException("a quantity needs a unit");
    }
  }

  /** The value as a short decimal (no trailing zeros, at most {@code maxDecimals} places). */
  public String formattedValue(int maxDecimals) {
    BigDecimal bd = BigDecimal.valueOf(value).setScale(maxDecimals, java.math.RoundingMode.HALF_UP);
    return bd.stripTrailingZeros().toPlainString();
  }

  /** The unit as a person reads it: {@code mm[Hg]} becomes {@code mmHg}, {@code {1.73_m2}} loses its braces. */
  public String displayUnit() {
    return displayUnit(unit);
  }

  public static String displayUnit(String ucum) {
    return switch (ucum) {
      case "mm[Hg]" -> "mmHg";
      case "/min" -> "/min";
      case "mL/min/{1.73_m2}" -> "mL/min/1.73m²";
      case "kg/m2" -> "kg/m²";
      case "umol/L" -> "µmol/L";
      default -> ucum.replace("[", "").replace("]", "");
    };
  }

  @Override
  public String toString() {
    return formattedValue(2) + " " + displayUnit();
  }
}
