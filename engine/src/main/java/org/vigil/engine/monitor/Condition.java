package org.vigil.engine.monitor;

import java.util.Locale;

/** The Five Highs. */
public enum Condition {
  HYPERTENSION, DIABETES, DYSLIPIDEMIA, HYPERURICEMIA, OBESITY;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Condition of(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
