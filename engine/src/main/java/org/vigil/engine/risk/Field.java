package org.vigil.engine.risk;

import java.util.List;
import java.util.Optional;

/**
 * One input a model takes: its name (as the API spells it), kind, whether it is required, and for quantities the
 * canonical unit the model computes in and the validated range (in that unit) outside which the model refuses.
 *
 * @param unit for quantities: the UCUM unit the model's equation uses (conversion uses the model's own factor)
 * @param analyte for quantities: the Vigil analyte, so units convert like readings do (null for model-only inputs)
 * @param values for choices: the allowed values
 */
public record Field(
    String name, Kind kind, boolean required, String unit, String analyte, Double min, Double max,
    List<String> values, String description) {

  public enum Kind { QUANTITY, NUMBER, BOOLEAN, CHOICE }

  public Field {
    values = values == null ? List.of() : List.copyOf(values);
  }

  public static Field quantity(String name, String analyte, String unit, Double min, Double max, String description) {
    return new Field(name, Kind.QUANTITY, true, unit, analyte, min, max, List.of(), description);
  }

  public static Field number(String name, Double min, Double max, String description) {
    return new Field(name, Kind.NUMBER, true, null, null, min, max, List.of(), description);
  }

  public static Field bool(String name, String description) {
    return new Field(name, Kind.BOOLEAN, true, null, null, null, null, List.of(), description);
  }

  public static Field choice(String name, List<String> values, String description) {
    return new Field(name, Kind.CHOICE, true, null, null, null, null, values, description);
  }

  public Field optional() {
    return new Field(name, kind, false, unit, analyte, min, max, values, description);
  }

  public Optional<String> rangeText() {
    if (min == null && max == null) {
      return Optional.empty();
    }
    String u = unit == null ? "" : " " + org.vigil.engine.units.Quantity.displayUnit(unit);
    return Optional.of(min != null && max != null ? fmt(min) + "–" + fmt(max) + u
        : min != null ? "at least " + fmt(min) + u : "at most " + fmt(max) + u);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
