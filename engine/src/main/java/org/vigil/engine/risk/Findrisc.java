package org.vigil.engine.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vigil.engine.explain.Citation;
import org.vigil.engine.risk.RiskResult.Contribution;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.risk.FindriscPoints;
import org.vigil.knowledge.risk.FindriscPoints.Band;
import org.vigil.knowledge.risk.FindriscPoints.YesNo;

/**
 * FINDRISC: the 8-item form's points (0–26) from {@code knowledge/risk/findrisc.yaml} and the band's approximate
 * 10-year risk of type 2 diabetes. Contributions are the points per item (term = points, coefficient 1).
 */
public final class Findrisc implements RiskModel {
  public static final String NAME = "findrisc";

  private final FindriscPoints points;
  private final List<Field> fields;
  private final Citation citation;

  public Findrisc(KnowledgeBase knowledge) {
    this.points = FindriscPoints.load();
    check(points);
    this.fields = fields(knowledge, points);
    var s = points.source();
    // An equation has no class of recommendation or level of evidence.
    this.citation = new Citation(points.citationId(), s.title(), s.authors(), s.publication(), s.year(), true, s.section(),
        s.strength(), null, null, s.knowledgeRef());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Field> fields() {
    return fields;
  }

  @Override
  public RiskResult calculate(RiskInputs in) {
    FindriscPoints.Items items = points.items();
    boolean male = "male".equals(in.choice("sex"));
    List<Contribution> contributions = List.of(
        item("age", band(items.age(), in.value("age"))),
        item("bmi", band(items.bmi(), in.value("bmi"))),
        item("waist", band(male ? items.waistMen() : items.waistWomen(), in.value("waist"))),
        item("physicallyActive", items.physicallyActive().points(in.flag("physicallyActive"))),
        item("dailyVegetablesFruit", items.dailyVegetablesFruit().points(in.flag("dailyVegetablesFruit"))),
        item("onBpMedication", items.onBpMedication().points(in.flag("onBpMedication"))),
        item("historyHighGlucose", items.historyHighGlucose().points(in.flag("historyHighGlucose"))),
        item("familyHistoryDiabetes", items.familyHistoryDiabetes().get(in.choice("familyHistoryDiabetes"))));
    int score = contributions.stream().mapToInt(c -> (int) c.contribution()).sum();
    FindriscPoints.Category c = points.category(score);
    return new RiskResult(NAME, points.set(), Optional.empty(), List.of(), Optional.of((double) score),
        Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(c.id() + " (10-year risk of type 2 diabetes " + c.risk() + ")"), contributions, citation,
        List.of());
  }

  private static Contribution item(String name, int itemPoints) {
    return new Contribution(name, itemPoints, 1, itemPoints);
  }

  private static int band(List<Band> bands, double value) {
    return bands.stream().filter(b -> b.holds(value)).findFirst().orElseThrow().points();
  }

  private static List<Field> fields(KnowledgeBase k, FindriscPoints p) {
    String noRange = " The pack gives no range; Vigil refuses only values outside the plausibility bounds it applies"
        + " to any reading (analytes.yaml).";
    return List.of(
        Field.number("age", p.age().min(), p.age().max(), "Age in completed years: <45 → 0, 45–54 → 2, 55–64 → 3, "
            + "over 64 → 4 points. The pack gives no age range; the form is for adults, so Vigil accepts adult ages only "
            + "(not a validated range)."),
        Field.choice("sex", List.of("male", "female"), "Sex: selects the waist bands (men 94/102 cm, women 80/88 cm)."),
        AnalyteBounds.field(k, "bmi", "bmi", "kg/m2", "Body-mass index: <25 → 0, 25–30 → 1, over 30 → 3 points."
            + noRange),
        AnalyteBounds.field(k, "waist", "waist-circumference", "cm", "Waist circumference: men <94 → 0, 94–102 → 3, "
            + "over 102 → 4; women <80 → 0, 80–88 → 3, over 88 → 4 points." + noRange),
        Field.bool("physicallyActive", "At least 30 minutes of physical activity daily (work and/or leisure): "
            + "no → 2 points."),
        Field.bool("dailyVegetablesFruit", "Eats vegetables, fruit or berries every day: no → 1 point."),
        Field.bool("onBpMedication", "Ever taken medication for high blood pressure regularly: yes → 2 points."),
        Field.bool("historyHighGlucose", "Ever found to have high blood glucose (health examination, illness, "
            + "pregnancy): yes → 5 points."),
        Field.choice("familyHistoryDiabetes", List.copyOf(p.items().familyHistoryDiabetes().keySet()),
            "Family member with diabetes (type 1 or 2): second-degree = grandparent, aunt, uncle or first cousin "
                + "(but no parent, sibling or own child) → 3; first-degree = parent, brother, sister or own child → 5."));
  }

  /** The items' highest points must add up to the form's maximum (26), or a band was mistyped. */
  private static void check(FindriscPoints p) {
    if (!NAME.equals(p.model())) {
      throw new IllegalStateException(FindriscPoints.FILE + ": model is " + p.model() + ", not " + NAME);
    }
    FindriscPoints.Items i = p.items();
    List<Integer> highest = new ArrayList<>();
    for (List<Band> bands : List.of(i.age(), i.bmi(), i.waistMen())) {
      highest.add(bands.stream().mapToInt(Band::points).max().orElseThrow());
    }
    for (YesNo yn : List.of(i.physicallyActive(), i.dailyVegetablesFruit(), i.onBpMedication(),
        i.historyHighGlucose())) {
      highest.add(Math.max(yn.ifTrue(), yn.ifFalse()));
    }
    highest.add(i.familyHistoryDiabetes().values().stream().mapToInt(Integer::intValue).max().orElseThrow());
    int max = highest.stream().mapToInt(Integer::intValue).sum();
    int womenWaist = i.waistWomen().stream().mapToInt(Band::points).max().orElseThrow();
    int menWaist = i.waistMen().stream().mapToInt(Band::points).max().orElseThrow();
    if (max != p.maxScore() || womenWaist != menWaist) {
      throw new IllegalStateException(FindriscPoints.FILE + ": the items' highest points add up to " + max
          + " (women's waist " + womenWaist + ", men's " + menWaist + "), not maxScore " + p.maxScore());
    }
  }
}
