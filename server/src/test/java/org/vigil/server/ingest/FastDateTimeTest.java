package org.vigil.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The hand parser of device times must answer exactly as {@code DateTimeFormatter.ISO_DATE_TIME} does, or step
 * aside (null) so the formatter answers.
 */
class FastDateTimeTest {
  @Property(tries = 20000)
  void agreesWithTheFormatterOrStepsAside(@ForAll("times") String text) {
    OffsetDateTime fast = ReadingValidator.fastOffsetDateTime(text);
    OffsetDateTime slow;
    try {
      slow = OffsetDateTime.from(DateTimeFormatter.ISO_DATE_TIME.parse(text));
    } catch (java.time.DateTimeException e) {
      slow = null;
    }
    if (fast != null) {
      assertThat(slow).as(text).isNotNull();
      assertThat(fast).as(text).isEqualTo(slow);
      assertThat(fast.getOffset()).as(text).isEqualTo(slow.getOffset());
    }
  }

  @Property(tries = 2000)
  void takesTheCommonShapeItself(@ForAll("valid") String text) {
    assertThat(ReadingValidator.fastOffsetDateTime(text)).as(text).isNotNull();
  }

  @Example
  void edges() {
    assertThat(ReadingValidator.fastOffsetDateTime("2024-02-29T07:30:00+08:00")).isNotNull();
    assertThat(ReadingValidator.fastOffsetDateTime("2023-02-29T07:30:00+08:00")).as("no such day").isNull();
    assertThat(ReadingValidator.fastOffsetDateTime("2026-03-02T07:30:00")).as("no zone: the formatter decides").isNull();
    assertThat(ReadingValidator.fastOffsetDateTime("2026-03-02T07:30:00.123456789-05:30"))
        .isEqualTo(OffsetDateTime.parse("2026-03-02T07:30:00.123456789-05:30"));
    assertThat(ReadingValidator.fastOffsetDateTime("2026-03-02T07:30:00+19:00")).as("offset out of range").isNull();
    assertThat(ReadingValidator.fastOffsetDateTime("2026-03-02T07:30:00Zjunk")).isNull();
    assertThat(ReadingValidator.fastOffsetDateTime("1900-01-01T00:00:00+08:60")).as("found by the property").isNull();
    assertThat(ReadingValidator.fastOffsetDateTime("２026-03-02T07:30:00Z")).as("only ASCII digits").isNull();
  }

  @Provide
  Arbitrary<String> valid() {
    return Combinators.combine(
        Arbitraries.integers().between(1900, 2100), Arbitraries.integers().between(1, 12),
        Arbitraries.integers().between(1, 28), Arbitraries.integers().between(0, 23),
        Arbitraries.integers().between(0, 59), Arbitraries.integers().between(0, 59),
        Arbitraries.of("", ".5", ".123", ".123456789"), Arbitraries.of("Z", "+08:00", "-05:30", "+00:00", "+14:00"))
        .as((y, mo, d, h, mi, s, f, z) -> "%04d-%02d-%02dT%02d:%02d:%02d%s%s".formatted(y, mo, d, h, mi, s, f, z));
  }

  @Provide
  Arbitrary<String> times() {
    Arbitrary<String> noisy = Combinators.combine(
        Arbitraries.integers().between(0, 9999), Arbitraries.integers().between(0, 13),
        Arbitraries.integers().between(0, 32), Arbitraries.integers().between(0, 25),
        Arbitraries.integers().between(0, 61), Arbitraries.integers().between(0, 61),
        Arbitraries.of("", ".", ".5", ".1234567891", ".000", "x"),
        Arbitraries.of("Z", "z", "+08:00", "-05:30", "+18:00", "-18:01", "+0800", "", "[Asia/Shanghai]", "+08:00Z"))
        .as((y, mo, d, h, mi, s, f, z) -> "%04d-%02d-%02dT%02d:%02d:%02d%s%s".formatted(y, mo, d, h, mi, s, f, z));
    Arbitrary<String> mutated = valid().flatMap(v -> Arbitraries.integers().between(0, v.length() - 1)
        .flatMap(at -> Arbitraries.chars().ascii().map(c -> v.substring(0, at) + c + v.substring(at + 1))));
    return Arbitraries.oneOf(valid(), noisy, mutated);
  }
}
