package org.vigil.sim;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few JSON lexical pieces the writers need, appended to a StringBuilder. Hand-rolled rather than a mapper
 * because the load generator writes hundreds of thousands of readings a second and the shapes are fixed.
 */
final class JsonText {
  private JsonText() {}

  static StringBuilder string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append("\\u").append("%04x".formatted((int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"');
  }

  /** A name and its colon, preceded by a comma unless it opens the object. */
  static StringBuilder name(StringBuilder b, String name, boolean first) {
    if (!first) {
      b.append(',');
    }
    return string(b, name).append(':');
  }

  /** A number as people write it: 142, not 142.0; 72.5; never an exponent. */
  static StringBuilder number(StringBuilder b, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("JSON cannot carry " + v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return b.append((long) v);
    }
    double abs = Math.abs(v);
    if (abs >= 1e-3 && abs < 1e7) {
      return b.append(v); // the shortest decimal that reads back as v, without an exponent in this range
    }
    return b.append(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
  }

  /**
   * ISO-8601 with seconds always present ({@code OffsetDateTime.toString()} drops ":00"). Written by hand because
   * a DateTimeFormatter was a third of the cost of a batch.
   */
  static StringBuilder dateTime(StringBuilder b, OffsetDateTime t) {
    b.append('"');
    if (t.getYear() < 0 || t.getYear() > 9999 || t.getNano() != 0) {
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.formatTo(t, b);
      return b.append('"');
    }
    digits(b, t.getYear(), 4).append('-');
    digits(b, t.getMonthValue(), 2).append('-');
    digits(b, t.getDayOfMonth(), 2).append('T');
    digits(b, t.getHour(), 2).append(':');
    digits(b, t.getMinute(), 2).append(':');
    digits(b, t.getSecond(), 2);
    return b.append(t.getOffset().getId()).append('"');
  }

  /** {@code value} zero-padded to {@code width} digits. */
  static StringBuilder digits(StringBuilder b, int value, int width) {
    for (int i = 1, limit = 10; i < width; i++, limit *= 10) {
      if (value < limit) {
        b.append('0');
      }
    }
    return b.append(value);
  }
}
