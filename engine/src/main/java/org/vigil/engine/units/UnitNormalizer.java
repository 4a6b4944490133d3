package org.vigil.engine.units;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;
import org.vigil.knowledge.AnalyteDefinition;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.PanelDefinition;
import org.vigil.knowledge.Ucum;
import org.vigil.knowledge.UnitConversion;

/**
 * Turns (LOINC code, value, unit) into a canonical analyte value. Units convert with UCUM; mass and molar
 * units of one analyte convert with the factor the knowledge pack gives for that analyte (C6). Conversions
 * are computed once per (analyte, unit) and cached, so the hot path is one map lookup.
 */
public final class UnitNormalizer {
  private final KnowledgeBase knowledge;
  /** At most this many conversions are kept: units come from clients, and a client may send any string. */
  static final int MAX_CACHED = 4096;

  private final Map<String, Result<DoubleUnaryOperator>> converters = new ConcurrentHashMap<>();

  public UnitNormalizer(KnowledgeBase knowledge) {
    this.knowledge = knowledge;
  }

  /** How many conversions are remembered (for tests). */
  int cachedConversions() {
    return converters.size();
  }

  public KnowledgeBase knowledge() {
    return knowledge;
  }

  /** The analyte a LOINC code carries, or a problem naming the field. */
  public Result<AnalyteDefinition> analyte(String field, String code) {
    if (code == null || code.isBlank()) {
      return Result.err(field, "code is missing");
    }
    return knowledge.analyteForCode(code)
        .<Result<AnalyteDefinition>>map(Result::ok)
        .orElseGet(() -> Result.err(field, "LOINC code '" + code + "' is not one Vigil manages"
            + (knowledge.panel(code).isPresent() ? " as a single value (it is a panel: send its components)" : "")));
  }

  public Optional<PanelDefinition> panel(String code) {
    return code == null ? Optional.empty() : knowledge.panel(code);
  }

  /**
   * The same value as its analyte's fasting variant when it has one (a random plasma glucose sent as fasting is a
   * fasting plasma glucose); otherwise unchanged.
   */
  public Normalized fastingVariant(Normalized n) {
    if (n.analyte().fastingVariant() == null) {
      return n;
    }
    AnalyteDefinition variant = knowledge.analyte(n.analyte().fastingVariant()).orElseThrow();
    return new Normalized(variant, n.code(), new Quantity(n.canonical().value(), variant.canonicalUnit()), n.original());
  }

  /** Normalizes a value of {@code code} given in {@code unit}; the problem names {@code field}. */
  public Result<Normalized> normalize(String field, String code, double value, String unit) {
    return switch (analyte(field + ".code", code)) {
      case Result.Err<AnalyteDefinition> err -> new Result.Err<>(err.problem());
      case Result.Ok<AnalyteDefinition> ok -> normalize(field, ok.value(), code, value, unit);
    };
  }

  /** Normalizes a value already known to measure {@code analyte}. */
  public Result<Normalized> normalize(String field, AnalyteDefinition analyte, String code, double value, String unit) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Result.err(field + ".value", "value must be a finite number");
    }
    if (unit == null || unit.isBlank()) {
      return Result.err(field + ".unit", "unit is missing (a UCUM code such as '" + analyte.canonicalUnit() + "')");
    }
    String key = analyte.id() + '\u0000' + unit;
    Result<DoubleUnaryOperator> conv = converters.get(key);
    if (conv == null) {
      conv = converter(field, analyte, unit);
      // Only conversions that work are remembered, and only so many: junk units must not fill the memory.
      if (conv instanceof Result.Ok<DoubleUnaryOperator> && converters.size() < MAX_CACHED) {
        converters.putIfAbsent(key, conv);
      }
    }
    if (conv instanceof Result.Err<DoubleUnaryOperator> err) {
      return Result.err(field + ".unit", err.problem().reason());
    }
    double canonical = ((Result.Ok<DoubleUnaryOperator>) conv).value().applyAsDouble(value);
    if (!analyte.plausible().contains(canonical)) {
      return Result.err(field + ".value", "value " + new Quantity(value, unit) + " is not plausible for "
          + analyte.display().toLowerCase(java.util.Locale.ROOT) + " (accepted "
          + new Quantity(analyte.plausible().min(), analyte.canonicalUnit()).formattedValue(3) + " to "
          + new Quantity(analyte.plausible().max(), analyte.canonicalUnit()) + ")");
    }
    return Result.ok(new Normalized(analyte, code, new Quantity(canonical, analyte.canonicalUnit()),
        new Quantity(value, unit)));
  }

  private Result<DoubleUnaryOperator> converter(String field, AnalyteDefinition analyte, String given) {
    String unit = knowledge.unitAliases().getOrDefault(given, given);
    if (!unit.equals(analyte.canonicalUnit())) {
      Optional<String> invalid = Ucum.problem(unit);
      if (invalid.isPresent()) {
        return Result.err(field, "unit '" + given + "' is not a UCUM unit (" + invalid.get() + ")");
      }
    }
    return UnitConversion.toCanonical(analyte, unit)
        .<Result<DoubleUnaryOperator>>map(Result::ok)
        .orElseGet(() -> Result.err(field, "unit '" + given + "' cannot be converted to '" + analyte.canonicalUnit()
            + "' for " + analyte.display().toLowerCase(java.util.Locale.ROOT)));
  }
}
