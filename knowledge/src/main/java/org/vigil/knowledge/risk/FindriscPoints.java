package org.vigil.knowledge.risk;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code knowledge/risk/findrisc.yaml}: FINDRISC's points per answer (bands with the form's own edges), the score's
 * maximum and the 10-year risk bands.
 */
public record FindriscPoints(
    String citationId,
    String model,
    String set,
    RiskSource source,
    Bounds age,
    Items items,
    int maxScore,
    List<Category> categories) {

  public static final String FILE = "findrisc.yaml";

  public FindriscPoints {
    Objects.requireNonNull(citationId, "citationId");
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(age, "age");
    Objects.requireNonNull(items, "items");
    categories = List.copyOf(categories);
    int previous = -1;
    for (Category c : categories) {
      if (c.maxScore() <= previous) {
        throw new IllegalArgumentException("categories must rise: " + c.id() + " ends at " + c.maxScore());
      }
      previous = c.maxScore();
    }
    if (previous != maxScore) {
      throw new IllegalArgumentException("the last category must end at maxScore " + maxScore);
    }
  }

  public static FindriscPoints load() {
    return RiskKnowledge.yaml(FILE, FindriscPoints.class);
  }

  /** The category a total falls in. */
  public Category category(int score) {
    return categories.stream().filter(c -> score <= c.maxScore()).findFirst().orElseThrow();
  }

  /** An accepted range, inclusive (here Vigil's adult age range, years). */
  public record Bounds(double min, double max) {}

  /** The form's items. */
  public record Items(
      List<Band> age,
      List<Band> bmi,
      List<Band> waistMen,
      List<Band> waistWomen,
      YesNo physicallyActive,
      YesNo dailyVegetablesFruit,
      YesNo onBpMedication,
      YesNo historyHighGlucose,
      Map<String, Integer> familyHistoryDiabetes) {

    public Items {
      age = Band.checked("age", age);
      bmi = Band.checked("bmi", bmi);
      waistMen = Band.checked("waistMen", waistMen);
      waistWomen = Band.checked("waistWomen", waistWomen);
      Objects.requireNonNull(physicallyActive, "physicallyActive");
      Objects.requireNonNull(dailyVegetablesFruit, "dailyVegetablesFruit");
      Objects.requireNonNull(onBpMedication, "onBpMedication");
      Objects.requireNonNull(historyHighGlucose, "historyHighGlucose");
      familyHistoryDiabetes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(familyHistoryDiabetes));
      if (familyHistoryDiabetes.isEmpty() || familyHistoryDiabetes.containsValue(null)) {
        throw new IllegalArgumentException("familyHistoryDiabetes needs points for every answer");
      }
    }
  }

  /**
   * A band of a continuous answer: values {@code < below}, or {@code <= atMost}; the last band (neither) holds the
   * rest. Both kinds exist because the form mixes them ("&lt;25", "25–30", "&gt;30").
   */
  public record Band(Double below, Double atMost, int points) {
    public boolean holds(double value) {
      return below != null ? value < below : atMost == null || value <= atMost;
    }

    public Optional<Double> bound() {
      return Optional.ofNullable(below != null ? below : atMost);
    }

    static List<Band> checked(String item, List<Band> bands) {
      List<Band> out = List.copyOf(bands);
      for (int i = 0; i < out.size(); i++) {
        Band b = out.get(i);
        boolean last = i == out.size() - 1;
        if ((b.below() != null && b.atMost() != null) || last != b.bound().isEmpty()) {
          throw new IllegalArgumentException(item + ": every band but the last needs one of below/atMost; the last none");
        }
        if (i > 0 && !last && b.bound().get() <= out.get(i - 1).bound().get()) {
          throw new IllegalArgumentException(item + ": band bounds must rise");
        }
      }
      return out;
    }
  }

  /** Points for a yes/no answer. */
  public record YesNo(int ifTrue, int ifFalse) {
    public int points(boolean answer) {
      return answer ? ifTrue : ifFalse;
    }
  }

  /** A risk band: totals up to {@code maxScore} inclusive, with the form's approximate 10-year risk. */
  public record Category(String id, int maxScore, String risk) {}
}
