package org.vigil.engine.risk;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.vigil.engine.units.Quantity;

/**
 * Validated inputs of one calculation: quantities already in the model's unit, booleans, numbers and choices,
 * by field name. Built by {@link InputValidator}; a calculator reads only what its fields declare.
 */
public final class RiskInputs {
  private final Map<String, Object> values;

  RiskInputs(Map<String, Object> values) {
    this.values = java.util.Collections.unmodifiableMap(new HashMap<>(values));
  }

  /** For tests and the per-member path: inputs already in each model's units. */
  public static Builder builder() {
    return new Builder();
  }

  public double value(String name) {
    Object v = values.get(name);
    return switch (v) {
      case Quantity q -> q.value();
      case Number n -> n.doubleValue();
      case null -> throw new IllegalArgumentException("no input " + name);
      default -> throw new IllegalArgumentException(name + " is not a number");
    };
  }

  public Optional<Double> optionalValue(String name) {
    return has(name) ? Optional.of(value(name)) : Optional.empty();
  }

  public boolean flag(String name) {
    return (Boolean) values.get(name);
  }

  public String choice(String name) {
    return (String) values.get(name);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Map<String, Object> asMap() {
    return values;
  }

  /** Collects raw values; {@link InputValidator#validate} checks and converts them. */
  public static final class Builder {
    private final Map<String, Object> values = new HashMap<>();

    public Builder quantity(String name, double value, String unit) {
      values.put(name, new Quantity(value, unit));
      return this;
    }

    public Builder number(String name, double value) {
      values.put(name, value);
      return this;
    }

    public Builder flag(String name, boolean value) {
      values.put(name, value);
      return this;
    }

    public Builder choice(String name, String value) {
      values.put(name, value);
      return this;
    }

    public Map<String, Object> raw() {
      return Map.copyOf(values);
    }
  }
}
