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
  public static final Set<String> AGGREGATES = Set.of("daily-mean");
  public static final Set<String> DIFFERENTIAL_CHECKS =
      Set.of("repeated-readings", "separate-days", "other-rule-met");
  public static final Set<String> EXPLANATION_PLACEHOLDERS =
      Set.of("level", "values", "thresholds", "readingCount", "dayCount", "window", "guideline", "year",
          "section", "setting");
  public static final Set<String> DIFFERENTIAL_PLACEHOLDERS = Set.of("count");
}
