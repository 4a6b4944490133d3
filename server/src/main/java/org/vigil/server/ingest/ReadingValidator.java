package org.vigil.server.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.vigil.engine.monitor.Setting;
import org.vigil.engine.units.Normalized;
import org.vigil.engine.units.Problem;
import org.vigil.engine.units.Result;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.knowledge.PanelDefinition;
import org.vigil.server.ingest.RawReading.RawComponent;

/**
 * The validate-and-normalize stage: every problem of an item is collected (not just the first), each naming
 * its field. Codes map to LOINC analytes, units convert to canonical UCUM, values must be plausible, times
 * must carry an offset and must not lie in the future.
 */
@Component
public class ReadingValidator {
  /** Device clocks drift; a reading up to this far ahead of the server's clock is accepted. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(10);
  /**
   * The longest source and identifier: PostgreSQL indexes them together, and an index entry holds at most 2,704
   * bytes (longer ones used to fail the ingest with a 500).
   */
  static final int MAX_TEXT = 256;
  /** The longest unit. */
  static final int MAX_UNIT = 64;
  private static final java.util.regex.Pattern ANNOTATION = java.util.regex.Pattern.compile("\\{[^}]*}");
  private static final java.util.regex.Pattern HUGE_NUMBER =
      java.util.regex.Pattern.compile("[*^][+-]?\\d{3,}|\\d{7,}");
  /** No reading is older than this. */
  static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

  private final UnitNormalizer units;

  public ReadingValidator(UnitNormalizer units) {
    this.units = units;
  }

  /** The validated reading, or every problem found in it. */
  public Outcome validate(RawReading raw, Instant now) {
    String f = raw.field();
    List<Problem> problems = new ArrayList<>();
    if (blank(raw.patient())) {
      problems.add(new Problem(f + ".patient", "patient is missing"));
    }
    if (blank(raw.source())) {
      problems.add(new Problem(f + ".source", "source is missing (the device or system that measured it)"));
    } else if (raw.source().length() > MAX_TEXT) {
      problems.add(new Problem(f + ".source", "source may have at most " + MAX_TEXT + " characters"));
    }
    if (raw.identifierValue() != null && raw.identifierValue().length() > MAX_TEXT
        || raw.identifierSystem() != null && raw.identifierSystem().length() > MAX_TEXT) {
      problems.add(new Problem(f + ".identifier", "an identifier may have at most " + MAX_TEXT + " characters"));
    }
    OffsetDateTime effective = effective(f + ".effective", raw.effective(), now, problems);
    Setting setting = Setting.UNSPECIFIED;
    if (raw.setting() != null) {
      Optional<Setting> s = Setting.parse(raw.setting());
      if (s.isEmpty()) {
        problems.add(new Problem(f + ".setting", "setting '" + raw.setting()
            + "' is not one of office, home, ambulatory, unspecified"));
      } else {
        setting = s.get();
      }
    }
    List<Normalized> values = values(raw, problems).stream()
        .map(n -> raw.context().fasting() ? units.fastingVariant(n) : n).toList();
    if (!problems.isEmpty()) {
      return new Outcome.Rejected(problems);
    }
    return new Outcome.Valid(new ValidReading(raw.index(), f, raw.patient(), raw.code(), values, effective, setting,
        raw.source(), raw.identifierSystem(), raw.identifierValue(), raw.contextJson(), raw.context(),
        raw.resourceJson()));
  }

  /** The result of validating one item. */
  public sealed interface Outcome {
    record Valid(ValidReading reading) implements Outcome {}

    record Rejected(List<Problem> problems) implements Outcome {}
  }

  private List<Normalized> values(RawReading raw, List<Problem> problems) {
    String f = raw.field();
    List<Normalized> values = new ArrayList<>();
    if (blank(raw.code())) {
      problems.add(new Problem(f + ".code", "code is missing (a LOINC code such as 85354-9 or 8480-6)"));
      return values;
    }
    Optional<PanelDefinition> panel = units.panel(raw.code());
    if (panel.isPresent()) {
      if (raw.value() != null) {
        problems.add(new Problem(f + ".value", "panel " + raw.code() + " carries its values in components"));
      }
      if (raw.components().isEmpty()) {
        problems.add(new Problem(f + ".components", "panel " + raw.code() + " needs its components ("
            + String.join(", ", panelCodes(panel.get())) + ")"));
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < raw.components().size(); i++) {
        RawComponent c = raw.components().get(i);
        String cf = f + ".components[" + i + "]";
        Result<org.vigil.knowledge.AnalyteDefinition> analyte = units.analyte(cf + ".code", c.code());
        if (analyte instanceof Result.Err<org.vigil.knowledge.AnalyteDefinition> err) {
          problems.add(err.problem());
          continue;
        }
        var a = ((Result.Ok<org.vigil.knowledge.AnalyteDefinition>) analyte).value();
        if (!panel.get().components().contains(a.id())) {
          problems.add(new Problem(cf + ".code", "code " + c.code() + " is not a component of panel " + raw.code()));
          continue;
        }
        if (!seen.add(a.id())) {
          problems.add(new Problem(cf + ".code", "component " + c.code() + " appears twice"));
          continue;
        }
        if (c.value() == null) {
          problems.add(new Problem(cf + ".value", "value is missing"));
          continue;
        }
        if (!unitTooLong(cf, c.unit(), problems)) {
          add(units.normalize(cf, a, c.code(), c.value(), c.unit()), values, problems);
        }
      }
    } else {
      if (!raw.components().isEmpty()) {
        problems.add(new Problem(f + ".components", "code " + raw.code() + " is a single value, not a panel"));
      }
      if (raw.value() == null) {
        var known = units.analyte(f + ".code", raw.code());
        if (known instanceof Result.Err<?> err) {
          problems.add(err.problem());
        } else {
          problems.add(new Problem(f + ".value", "value is missing"));
        }
      } else if (!unitTooLong(f, raw.unit(), problems)) {
        add(units.normalize(f, raw.code(), raw.value(), raw.unit()), values, problems);
      }
    }
    return values;
  }

  private List<String> panelCodes(PanelDefinition panel) {
    return panel.components().stream()
        .map(id -> units.knowledge().analyte(id).orElseThrow().primaryCode()).toList();
  }

  /**
   * A unit no device sends, refused before the UCUM library sees it: longer than {@link #MAX_UNIT} (the UCUM
   * parser recurses once per parenthesis; 3,000 nested ones overflowed the stack, a 500), or with a power of ten
   * of three or more digits or a number of seven or more outside an annotation ({@code 10*999999999} made the
   * conversion multiply billion-digit decimals: the request never ended).
   */
  private static boolean unitTooLong(String field, String unit, List<Problem> problems) {
    if (unit == null) {
      return false;
    }
    if (unit.length() > MAX_UNIT) {
      problems.add(new Problem(field + ".unit", "a unit may have at most " + MAX_UNIT + " characters"));
      return true;
    }
    if (HUGE_NUMBER.matcher(ANNOTATION.matcher(unit).replaceAll("")).find()) {
      problems.add(new Problem(field + ".unit", "unit '" + unit + "' holds a number too large for a unit"));
      return true;
    }
    return false;
  }

  private static void add(Result<Normalized> r, List<Normalized> values, List<Problem> problems) {
    switch (r) {
      case Result.Ok<Normalized> ok -> values.add(ok.value());
      case Result.Err<Normalized> err -> problems.add(err.problem());
    }
  }

  /**
   * The common shape of device times, {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|+hh:mm|-hh:mm)}, parsed by hand:
   * {@code DateTimeFormatter} was a twentieth of the ingest's CPU (docs/benchmarks.md). Anything else, and any
   * out-of-range field, returns null and goes to the formatter, which gives the same answer or the error message.
   */
  static OffsetDateTime fastOffsetDateTime(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0 || second > 59) {
      return null;
    }
    int i = 19;
    int nano = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      int len = i - start;
      if (len < 1 || len > 9) {
        return null;
      }
      nano = digits(s, start, len);
      for (int k = len; k < 9; k++) {
        nano *= 10;
      }
    }
    int offset;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offset = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if ((oh | om) < 0 || om > 59) {
        return null;
      }
      offset = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return null;
    }
    try {
      return OffsetDateTime.of(year, month, day, hour, minute, second, nano,
          java.time.ZoneOffset.ofTotalSeconds(offset));
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** The decimal number in s[from, from+len), or -1 when a character is not a digit. */
  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static OffsetDateTime effective(String field, String text, Instant now, List<Problem> problems) {
    if (blank(text)) {
      problems.add(new Problem(field, "effective time is missing"));
      return null;
    }
    OffsetDateTime fast = fastOffsetDateTime(text);
    if (fast != null) {
      return checked(field, text, fast, now, problems);
    }
    TemporalAccessor parsed;
    try {
      parsed = java.time.format.DateTimeFormatter.ISO_DATE_TIME.parse(text);
    } catch (DateTimeParseException e) {
      problems.add(new Problem(field, "'" + text + "' is not an ISO-8601 date-time"
          + (text.length() == 10 ? " (a time and a time zone are needed, e.g. 2026-03-02T07:30:00+08:00)" : "")));
      return null;
    }
    if (!parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      problems.add(new Problem(field, "time zone missing in '" + text
          + "' (add an offset such as +08:00 or Z; the member's calendar day depends on it)"));
      return null;
    }
    return checked(field, text, OffsetDateTime.from(parsed), now, problems);
  }

  private static OffsetDateTime checked(String field, String text, OffsetDateTime t, Instant now,
      List<Problem> problems) {
    if (t.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
      problems.add(new Problem(field, "'" + text + "' is in the future"));
      return null;
    }
    if (t.toInstant().isBefore(EARLIEST)) {
      // Not a measurement anyone took; and PostgreSQL refuses years before 4713 BC (the ingest used to fail).
      problems.add(new Problem(field, "'" + text + "' is before " + EARLIEST.toString().substring(0, 4)
          + "; not a plausible measurement time"));
      return null;
    }
    return t;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
