package org.vigil.server.export;

import java.util.List;
import java.util.OptionalInt;

/**
 * What a de-identified export achieved and what it cost, for the person who releases it (ADR 0012 defines the
 * metrics).
 *
 * @param requestedK the k asked for
 * @param achievedK the smallest equivalence class in the output (empty when nothing is released)
 * @param kReached false when no generalization reaches k (fewer consenting members than k): nothing is released
 * @param maxSuppression the largest fraction of records that may be suppressed
 * @param allowedSuppression that fraction as a number of records (rounded down)
 * @param recordsIn consenting members considered
 * @param recordsOut records released
 * @param suppressed records left out because their class stayed smaller than k
 * @param equivalenceClasses classes among the released records
 * @param generalization the chosen level of each quasi-identifier
 * @param informationLoss the chosen node's loss, each metric in [0, 1]
 * @param latticeSize generalization nodes evaluated
 * @param feasibleNodes nodes that reach k within the suppression limit
 * @param agesAsOfYear the year ages were computed in
 */
public record DeidentificationReport(int requestedK, OptionalInt achievedK, boolean kReached, double maxSuppression,
    int allowedSuppression, int recordsIn, int recordsOut, int suppressed, int equivalenceClasses,
    List<Generalization> generalization, KAnonymizer.InformationLoss informationLoss, int latticeSize,
    int feasibleNodes, int agesAsOfYear) {

  public DeidentificationReport {
    generalization = List.copyOf(generalization);
  }

  /**
   * One quasi-identifier's chosen level.
   *
   * @param attribute age, sex, geography or conditions
   * @param level 0 = finest released, {@code topLevel} = {@code *}
   * @param levelName the level's name
   * @param topLevel the hierarchy's height
   * @param normalizedHeight level / topLevel
   * @param hierarchy every level's name, finest first
   */
  public record Generalization(String attribute, int level, String levelName, int topLevel, double normalizedHeight,
      List<String> hierarchy) {
    public Generalization {
      hierarchy = List.copyOf(hierarchy);
    }
  }
}
