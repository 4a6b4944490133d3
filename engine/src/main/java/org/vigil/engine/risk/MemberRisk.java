package org.vigil.engine.risk;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.engine.monitor.AnalyteTable;
import org.vigil.engine.monitor.MemberFacts;
import org.vigil.engine.monitor.PatientState;
import org.vigil.engine.units.Problem;
import org.vigil.engine.units.Quantity;
import org.vigil.knowledge.DerivedDefinition;
import org.vigil.knowledge.KnowledgeBase;

/**
 * A member's risk from their own data: each model's inputs taken from the latest valid readings in the member's
 * state (with the reading ids used), their age, sex and diagnoses, and the risk factors they or their manager
 * recorded (smoking, treatment, family history...). A missing input is reported as missing, never guessed.
 */
public final class MemberRisk {
  /** Model inputs read from readings: field name -> analyte. */
  static final Map<String, String> FROM_READINGS = Map.ofEntries(
      Map.entry("totalCholesterol", "total-cholesterol"),
      Map.entry("hdlCholesterol", "hdl-cholesterol"),
      Map.entry("systolicBp", "systolic-bp"),
      Map.entry("bmi", "bmi"),
      Map.entry("waist", "waist-circumference"),
      Map.entry("egfr", "egfr"),
      Map.entry("uacr", "uacr"),
      Map.entry("hba1c", "hba1c"),
      Map.entry("creatinine", "creatinine"));

  private final RiskModels models;
  private final AnalyteTable analytes;
  private final KnowledgeBase knowledge;

  public MemberRisk(RiskModels models, KnowledgeBase knowledge) {
    this.models = models;
    this.knowledge = knowledge;
    this.analytes = new AnalyteTable(knowledge);
  }

  /** One model for one member: the result, or what was missing or refused; the readings used. */
  public record ModelRisk(String model, Optional<RiskResult> result, List<String> missing, List<Problem> refused,
      Map<String, Long> readingsUsed) {}

  /** The named models for this member (the profile decides which: five-highs-tier.yaml). */
  public List<ModelRisk> assess(PatientState state, MemberFacts facts, Map<String, Object> factors, Instant now,
      List<String> modelNames) {
    List<ModelRisk> out = new ArrayList<>();
    for (String name : modelNames) {
      models.model(name).ifPresent(m -> out.add(assess(m, state, facts, factors, now)));
    }
    return out;
  }

  private ModelRisk assess(RiskModel model, PatientState state, MemberFacts facts, Map<String, Object> factors,
      Instant now) {
    Map<String, Object> raw = new LinkedHashMap<>();
    Map<String, Long> used = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    ZoneOffset offset = state.size() == 0 ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(state.offsetSeconds(state.size() - 1));
    for (Field f : model.fields()) {
      Optional<Object> v = switch (f.name()) {
        case "age" -> facts.ageAt(now, offset).map(a -> (Object) a.doubleValue());
        case "sex" -> facts.sex().map(s -> (Object) s);
        case "diabetes" -> facts.has("diabetes") ? Optional.of(true) : Optional.ofNullable(factors.get("diabetes"));
        default -> {
          String analyte = FROM_READINGS.get(f.name());
          if (analyte != null) {
            yield latest(state, analyte).map(r -> {
              used.put(f.name(), r.readingId());
              return (Object) r.value();
            });
          }
          yield Optional.ofNullable(factors.get(f.name()));
        }
      };
      if (v.isPresent()) {
        raw.put(f.name(), v.get());
      } else if (f.required()) {
        missing.add(f.name());
      }
    }
    if (!missing.isEmpty()) {
      return new ModelRisk(model.name(), Optional.empty(), missing, List.of(), used);
    }
    return switch (models.calculate(model, raw)) {
      case RiskModels.Calculation.Done d -> new ModelRisk(model.name(), Optional.of(d.result()), List.of(), List.of(), used);
      case RiskModels.Calculation.Refused r -> new ModelRisk(model.name(), Optional.empty(), List.of(), r.problems(), used);
    };
  }

  /** A value with the reading it came from. */
  public record Latest(long readingId, Quantity value) {}

  /** The newest value of an analyte in the state (BMI derived from the newest weight and the height before it). */
  public Optional<Latest> latest(PatientState state, String analyte) {
    if (!analytes.has(analyte)) {
      return Optional.empty();
    }
    int a = analytes.index(analyte);
    String unit = analytes.get(a).canonicalUnit();
    Optional<DerivedDefinition> derived = knowledge.derivation(analyte);
    for (int i = state.size() - 1; i >= 0; i--) {
      double v = state.valueOf(i, a);
      if (!Double.isNaN(v)) {
        return Optional.of(new Latest(state.readingId(i), new Quantity(v, unit)));
      }
      if (derived.isPresent() && "bmi".equals(derived.get().formula())) {
        int w = analytes.index(derived.get().inputs().get(0));
        int h = analytes.index(derived.get().inputs().get(1));
        double weight = state.valueOf(i, w);
        if (!Double.isNaN(weight)) {
          for (int j = i; j >= 0; j--) {
            double height = state.valueOf(j, h);
            if (!Double.isNaN(height)) {
              return Optional.of(new Latest(state.readingId(i),
                  new Quantity(weight / ((height / 100) * (height / 100)), unit)));
            }
          }
        }
      }
    }
    return Optional.empty();
  }
}
