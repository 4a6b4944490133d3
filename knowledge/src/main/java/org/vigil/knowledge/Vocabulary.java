package org.vigil.knowledge;

import java.util.Set;

/** The closed vocabularies the knowledge YAML may use; the loader rejects anything else. */
public final class Vocabulary {
  private Vocabulary() {}

  public static final Set<String> CONDITIONS =
      Set.of("hypertension", "diabetes", "dyslipidemia", "hyperuricemia", "obesity");
  public static final Set<String> SEVERITIES = Set.of("info", "attention", "urgent", "emergency");
  public static final Set<String> SETTINGS = Set.of("office", "home", "ambulatory", "unspecified");
  public static final Set<String> OPERATORS = Set.of(">", ">=", "<", "<=");
  public static final Set<String> MATCHES = Set.of("any", "all");
  public static final Set<String> STRENGTHS = Set.of("P", "S");
  public static final Set<String> AGGREGATES = Set.of("daily-mean", "each");
  public static final Set<String> PERIODS = Set.of("24h", "day", "night");
  public static final Set<String> SEXES = Set.of("male", "female");
  public static final Set<String> FORMULAS = Set.of("bmi", "difference");
  /** The pseudo-analyte a time-in-range rule's criteria compare: the share of readings in range, in %. */
  public static final String TIME_IN_RANGE = "time-in-range";
  public static final Set<String> DIFFERENTIAL_CHECKS =
      Set.of("repeated-readings", "separate-days", "other-rule-met");
  public static final Set<String> EXPLANATION_PLACEHOLDERS =
      Set.of("level", "values", "thresholds", "readingCount", "dayCount", "window", "guideline", "year",
          "section", "setting", "category", "since");
  public static final Set<String> DIFFERENTIAL_PLACEHOLDERS = Set.of("count");
}
