package org.vigil.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.fhir.ucum.UcumService;

/** The UCUM unit service (the official essence file), shared: parsing the file costs ~100 ms. */
public final class Ucum {
  private static final UcumService SERVICE = load();

  private Ucum() {}

  private static UcumService load() {
    try (InputStream in = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
      if (in == null) {
        throw new IllegalStateException("ucum-essence.xml missing from the UCUM library");
      }
      return new UcumEssenceService(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (UcumException e) {
      throw new IllegalStateException("cannot read the UCUM essence file", e);
    }
  }

  /** Why a unit code is not valid UCUM, or empty when it is. */
  public static Optional<String> problem(String unit) {
    if (unit == null || unit.isBlank()) {
      return Optional.of("unit is empty");
    }
    return Optional.ofNullable(SERVICE.validate(unit));
  }

  /** Whether two valid units measure the same kind of quantity. */
  public static boolean comparable(String from, String to) {
    try {
      return SERVICE.isComparable(from, to);
    } catch (UcumException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The factor f such that {@code value[to] = value[from] * f}, for comparable units without an offset.
   * Empty when the units cannot convert.
   */
  public static Optional<Double> factor(String from, String to) {
    try {
      Decimal converted = SERVICE.convert(new Decimal("1"), from, to);
      return Optional.of(Double.parseDouble(converted.asDecimal()));
    } catch (UcumException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
