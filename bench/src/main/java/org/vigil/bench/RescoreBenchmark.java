package org.vigil.bench;

import java.time.LocalDate;
import java.time.Period;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.vigil.engine.risk.RiskModel;
import org.vigil.engine.risk.RiskModels;
import org.vigil.engine.units.Quantity;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.KnowledgeLoader;
import org.vigil.sim.Phenotype;
import org.vigil.sim.Population;
import org.vigil.sim.SimMember;

/**
 * Re-scoring a city: 1,666,000 synthetic members (the size of Tianjin's programme) scored with every applicable
 * equation (China-PAR, PCE, PREVENT, FINDRISC, CKD-EPI 2021) through the same path as the API — inputs validated
 * against each model's ranges, converted with its own factors, then calculated. Members outside a model's validated
 * range are refused by that model, as the API would, and counted.
 *
 * <p>Members come from {@code sim}'s deterministic population; the inputs sim has no notion of (cholesterol,
 * smoking, creatinine, region) are drawn from fixed seeded distributions — simulation settings, not data. Inputs
 * are prepared before the clock starts; the timed part is validation and calculation on all cores.
 *
 * <p>Run: {@code bench/run-rescore.sh [members]}.
 */
public final class RescoreBenchmark {
  private static final long SEED = 20260101L;
  private static final LocalDate ON = LocalDate.of(2026, 11, 21);
  private static final List<String> MODELS = List.of("china-par", "pce", "prevent", "findrisc", "ckd-epi-2021");

  private RescoreBenchmark() {}

  /** Every member's inputs as primitive columns (a map per call is built in the timed part, as the API does). */
  record Inputs(int n, double[] age, boolean[] male, double[] tc, double[] hdl, double[] sbp, boolean[] treated,
      boolean[] statin, boolean[] smoker, boolean[] diabetes, double[] bmi, double[] waist, double[] egfr,
      double[] creatinine, boolean[] north, boolean[] urban, boolean[] family, boolean[] active, boolean[] veg,
      int[] familyDiabetes) {}

  public static void main(String[] args) {
    int members = args.length > 0 ? Integer.parseInt(args[0]) : 1_666_000;
    KnowledgeBase kb = KnowledgeLoader.loadDefault();
    RiskModels models = new RiskModels(kb, new UnitNormalizer(kb));
    long t0 = System.nanoTime();
    Inputs in = prepare(members);
    double prepare = (System.nanoTime() - t0) / 1e9;
    System.out.printf("prepared %,d members' inputs in %.1f s (not timed below)%n", members, prepare);

    // Warm up the JIT on a slice, then time the whole population.
    score(models, in, Math.min(members, 50_000));
    long t1 = System.nanoTime();
    long[] counts = score(models, in, members);
    double seconds = (System.nanoTime() - t1) / 1e9;
    long equations = 0;
    for (int k = 0; k < MODELS.size(); k++) {
      System.out.printf("  %-13s %,10d scored  %,10d refused (outside the model's validated range)%n",
          MODELS.get(k), counts[2 * k], counts[2 * k + 1]);
      equations += counts[2 * k];
    }
    System.out.printf("%,d members, %,d equations scored on %d cores in %.2f s (%,.0f members/s)%n", members,
        equations, Runtime.getRuntime().availableProcessors(), seconds, members / seconds);
    System.out.printf("rescore seconds: %.2f%n", seconds);
  }

  private static long[] score(RiskModels models, Inputs in, int n) {
    RiskModel[] ms = MODELS.stream().map(m -> models.model(m).orElseThrow()).toArray(RiskModel[]::new);
    LongAdder[] adders = new LongAdder[ms.length * 2];
    for (int i = 0; i < adders.length; i++) {
      adders[i] = new LongAdder();
    }
    IntStream.range(0, n).parallel().forEach(i -> {
      for (int k = 0; k < ms.length; k++) {
        var c = models.calculate(ms[k], raw(ms[k].name(), in, i));
        adders[2 * k + (c instanceof RiskModels.Calculation.Done ? 0 : 1)].increment();
      }
    });
    long[] out = new long[adders.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = adders[i].sum();
    }
    return out;
  }

  private static Map<String, Object> raw(String model, Inputs in, int i) {
    Map<String, Object> m = new HashMap<>(24);
    m.put("age", in.age()[i]);
    m.put("sex", in.male()[i] ? "male" : "female");
    switch (model) {
      case "ckd-epi-2021" -> m.put("creatinine", new Quantity(in.creatinine()[i], "umol/L"));
      case "findrisc" -> {
        m.put("bmi", new Quantity(in.bmi()[i], "kg/m2"));
        m.put("waist", new Quantity(in.waist()[i], "cm"));
        m.put("physicallyActive", in.active()[i]);
        m.put("dailyVegetablesFruit", in.veg()[i]);
        m.put("onBpMedication", in.treated()[i]);
        m.put("historyHighGlucose", in.diabetes()[i]);
        m.put("familyHistoryDiabetes", switch (in.familyDiabetes()[i]) {
          case 0 -> "none";
          case 1 -> "second-degree";
          default -> "first-degree";
        });
      }
      default -> {
        m.put("totalCholesterol", new Quantity(in.tc()[i], "mmol/L"));
        m.put("hdlCholesterol", new Quantity(in.hdl()[i], "mmol/L"));
        m.put("systolicBp", new Quantity(in.sbp()[i], "mm[Hg]"));
        m.put("onBpTreatment", in.treated()[i]);
        m.put("smoker", in.smoker()[i]);
        m.put("diabetes", in.diabetes()[i]);
        switch (model) {
          case "pce" -> m.put("race", "other");
          case "prevent" -> {
            m.put("onStatin", in.statin()[i]);
            m.put("bmi", new Quantity(in.bmi()[i], "kg/m2"));
            m.put("egfr", new Quantity(in.egfr()[i], "mL/min/{1.73_m2}"));
          }
          case "china-par" -> {
            m.put("waist", new Quantity(in.waist()[i], "cm"));
            m.put("region", in.north()[i] ? "north" : "south");
            m.put("area", in.urban()[i] ? "urban" : "rural");
            m.put("familyHistoryAscvd", in.family()[i]);
          }
          default -> throw new IllegalArgumentException(model);
        }
      }
    }
    return m;
  }

  /** Inputs from sim's members plus seeded draws for what sim does not model (simulation settings). */
  static Inputs prepare(int n) {
    Inputs in = new Inputs(n, new double[n], new boolean[n], new double[n], new double[n], new double[n],
        new boolean[n], new boolean[n], new boolean[n], new boolean[n], new double[n], new double[n], new double[n],
        new double[n], new boolean[n], new boolean[n], new boolean[n], new boolean[n], new boolean[n], new int[n]);
    IntStream.range(0, n).parallel().forEach(i -> {
      SimMember m = Population.member(SEED, i + 1);
      Phenotype p = m.phenotype();
      SplittableRandom r = new SplittableRandom(SEED * 31 + i);
      in.age()[i] = Period.between(m.birthDate(), ON).getYears();
      in.male()[i] = m.gender().equals("male");
      double tcMg = clamp((p.dyslipidemic() ? 240 : 190) + 35 * gauss(r), 130, 320);
      double hdlMg = clamp(50 + 12 * gauss(r), 20, 100);
      in.tc()[i] = tcMg / 38.67;
      in.hdl()[i] = hdlMg / 38.67;
      in.sbp()[i] = clamp(p.baselineSystolic(), 90, 180);
      in.treated()[i] = p.hypertensive() && r.nextDouble() < 0.5;
      in.statin()[i] = p.dyslipidemic() && r.nextDouble() < 0.3;
      in.smoker()[i] = r.nextDouble() < (in.male()[i] ? 0.45 : 0.03);
      in.diabetes()[i] = p.diabetic();
      in.bmi()[i] = clamp(p.bmi(), 18.5, 39.9);
      in.waist()[i] = clamp(60 + 1.1 * p.bmi() + 4 * gauss(r), 55, 140);
      in.egfr()[i] = clamp(95 - 0.5 * Math.max(0, in.age()[i] - 40) + 12 * gauss(r), 15, 140);
      in.creatinine()[i] = clamp(75 + 15 * gauss(r), 40, 300);
      in.north()[i] = r.nextBoolean();
      in.urban()[i] = r.nextDouble() < 0.6;
      in.family()[i] = r.nextDouble() < 0.15;
      in.active()[i] = r.nextDouble() < 0.5;
      in.veg()[i] = r.nextDouble() < 0.6;
      in.familyDiabetes()[i] = r.nextInt(3);
    });
    return in;
  }

  private static double gauss(SplittableRandom r) {
    return r.nextGaussian();
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
