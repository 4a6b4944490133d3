package org.vigil.engine.risk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigil.engine.units.Normalized;
import org.vigil.engine.units.Problem;
import org.vigil.engine.units.Quantity;
import org.vigil.engine.units.Result;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.knowledge.Ucum;

/**
 * Checks raw inputs against a model's fields: required ones present, types right, quantities converted to the
 * unit the model computes in (analytes with the model's own factor where it has one), values inside the model's
 * validated range — refused with the range named, never clamped. Unknown fields are refused too.
 */
public final class InputValidator {
  private final UnitNormalizer units;
  private final Map<String, Map<String, Field>> fieldsOf = new java.util.concurrent.ConcurrentHashMap<>();

  public InputValidator(UnitNormalizer units) {
    this.units = units;
  }

  /** The outcome of validation: inputs ready for the model, or every problem, each naming its field. */
  public sealed interface Checked {
    record Valid(RiskInputs inputs) implements Checked {}

    record Invalid(List<Problem> problems) implements Checked {}
  }

  /**
   * Validates {@code raw} (name to Quantity, Number, Boolean or String) for {@code model}.
   * {@code factors} gives, per field, the model's own mass-to-molar conversion to use instead of the analyte's
   * (PREVENT 0.02586, China-PAR 0.0259), as "value in model unit per 1 given unit" keyed by "field|givenUnit".
   */
  public Checked validate(RiskModel model, Map<String, Object> raw, Map<String, Double> factors) {
    List<Problem> problems = new ArrayList<>();
    Map<String, Object> out = new HashMap<>();
    Map<String, Field> byName = fieldsOf.computeIfAbsent(model.name(), n -> {
      Map<String, Field> m = new HashMap<>();
      model.fields().forEach(f -> m.put(f.name(), f));
      return m;
    });
    for (String name : raw.keySet()) {
      if (!byName.containsKey(name)) {
        problems.add(new Problem(name, "is not an input of " + model.name() + " (inputs: "
            + model.fields().stream().map(Field::name).toList() + ")"));
      }
    }
    for (Field f : model.fields()) {
      Object v = raw.get(f.name());
      if (v == null) {
        if (f.required()) {
          problems.add(new Problem(f.name(), "is required by " + model.name()));
        }
        continue;
      }
      switch (f.kind()) {
        case QUANTITY -> quantity(f, v, factors, problems).ifPresent(q -> out.put(f.name(), q));
        case NUMBER -> {
          if (v instanceof Number n) {
            if (inRange(f, n.doubleValue(), problems)) {
              out.put(f.name(), n.doubleValue());
            }
          } else {
            problems.add(new Problem(f.name(), "must be a number"));
          }
        }
        case BOOLEAN -> {
          if (v instanceof Boolean b) {
            out.put(f.name(), b);
          } else {
            problems.add(new Problem(f.name(), "must be true or false"));
          }
        }
        case CHOICE -> {
          if (v instanceof String s && f.values().contains(s)) {
            out.put(f.name(), s);
          } else {
            problems.add(new Problem(f.name(), "must be one of " + f.values()));
          }
        }
      }
    }
    return problems.isEmpty() ? new Checked.Valid(new RiskInputs(out)) : new Checked.Invalid(problems);
  }

  private java.util.Optional<Quantity> quantity(Field f, Object v, Map<String, Double> factors, List<Problem> problems) {
    if (!(v instanceof Quantity q)) {
      problems.add(new Problem(f.name(), "must be a quantity {\"value\": n, \"unit\": \"UCUM\"} in " + f.unit()));
      return java.util.Optional.empty();
    }
    String unit = units.knowledge().unitAliases().getOrDefault(q.unit(), q.unit());
    double value;
    Double own = factors.get(f.name() + "|" + unit);
    if (unit.equals(f.unit())) {
      value = q.value();
    } else if (own != null) {
      value = q.value() * own;
    } else if (f.analyte() == null && Ucum.comparable(unit, f.unit())) {
      value = q.value() * Ucum.factor(unit, f.unit()).orElseThrow();
    } else if (f.analyte() != null) {
      // Through the analyte: its affine and mass/molar conversions come before plain UCUM (UCUM would turn
      // 53 mmol/mol HbA1c into 5.3 %, the IFCC-to-NGSP relation gives 7.0 %).
      Result<Normalized> n = units.normalize(f.name(),
          units.knowledge().analyte(f.analyte()).orElseThrow(), null, q.value(), q.unit());
      if (n instanceof Result.Err<Normalized> err) {
        problems.add(new Problem(f.name(), err.problem().reason()));
        return java.util.Optional.empty();
      }
      Quantity canonical = ((Result.Ok<Normalized>) n).value().canonical();
      var back = org.vigil.knowledge.UnitConversion.toCanonical(
          units.knowledge().analyte(f.analyte()).orElseThrow(), f.unit());
      if (back.isEmpty()) {
        problems.add(new Problem(f.name(), "unit '" + q.unit() + "' cannot be converted to " + f.unit()));
        return java.util.Optional.empty();
      }
      double perModelUnit = back.get().applyAsDouble(1.0);
      value = canonical.value() / perModelUnit;
    } else {
      problems.add(new Problem(f.name(), "unit '" + q.unit() + "' cannot be converted to " + f.unit()));
      return java.util.Optional.empty();
    }
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      problems.add(new Problem(f.name(), "must be a finite number"));
      return java.util.Optional.empty();
    }
    return inRange(f, value, problems) ? java.util.Optional.of(new Quantity(value, f.unit())) : java.util.Optional.empty();
  }

  private static boolean inRange(Field f, double value, List<Problem> problems) {
    if ((f.min() != null && value < f.min()) || (f.max() != null && value > f.max())) {
      problems.add(new Problem(f.name(), "value " + new Quantity(value, f.unit() == null ? "1" : f.unit())
          .formattedValue(3) + " is outside the model's validated range " + f.rangeText().orElse("")
          + " (refused, not clamped)"));
      return false;
    }
    return true;
  }
}
