package org.vigil.engine.monitor;

/** A comparison of a value with a threshold. */
public enum Operator {
  GT(">"), GE(">="), LT("<"), LE("<=");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public boolean test(double value, double threshold) {
    return switch (this) {
      case GT -> value > threshold;
      case GE -> value >= threshold;
      case LT -> value < threshold;
      case LE -> value <= threshold;
    };
  }

  public static Operator of(String symbol) {
    for (Operator o : values()) {
      if (o.symbol.equals(symbol)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown operator " + symbol);
  }
}
