package org.vigil.server.risk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.vigil.engine.risk.Field;
import org.vigil.engine.risk.RiskModel;
import org.vigil.engine.risk.RiskModels;
import org.vigil.engine.units.Problem;

/**
 * The risk factors a member or their manager records (smoking, treatment, family history, region, ...): exactly
 * the inputs of the risk models that are neither readings nor age and sex, typed as the models declare them.
 */
@Component
public class RiskFactors {
  /** Model inputs that come from elsewhere: demographics and readings. */
  private static final Set<String> NOT_FACTORS = Set.of("age", "sex", "totalCholesterol", "hdlCholesterol",
      "systolicBp", "bmi", "waist", "egfr", "uacr", "hba1c", "creatinine", "cystatinC", "afp", "afpL3", "dcp");

  private final Map<String, Field> fields = new LinkedHashMap<>();

  public RiskFactors(RiskModels models) {
    for (RiskModel m : models.all()) {
      if (m.name().equals("galad")) {
        continue; // HCC screening in chronic liver disease: not part of a Five-Highs member's profile
      }
      for (Field f : m.fields()) {
        if (!NOT_FACTORS.contains(f.name())) {
          fields.putIfAbsent(f.name(), f);
        }
      }
    }
  }

  public Map<String, Field> fields() {
    return fields;
  }

  /** Problems with a factors object: unknown names, wrong types, values outside a choice. */
  public List<Problem> check(Map<String, Object> factors) {
    List<Problem> problems = new java.util.ArrayList<>();
    factors.forEach((name, value) -> {
      Field f = fields.get(name);
      if (f == null) {
        problems.add(new Problem(name, "is not a risk factor (known: " + fields.keySet() + ")"));
        return;
      }
      switch (f.kind()) {
        case BOOLEAN -> {
          if (!(value instanceof Boolean)) {
            problems.add(new Problem(name, "must be true or false"));
          }
        }
        case CHOICE -> {
          if (!(value instanceof String s) || !f.values().contains(s)) {
            problems.add(new Problem(name, "must be one of " + f.values()));
          }
        }
        case NUMBER -> {
          if (!(value instanceof Number n) || (f.min() != null && n.doubleValue() < f.min())
              || (f.max() != null && n.doubleValue() > f.max())) {
            problems.add(new Problem(name, "must be a number" + f.rangeText().map(r -> " in " + r).orElse("")));
          }
        }
        case QUANTITY -> problems.add(new Problem(name, "is measured, not recorded as a factor"));
      }
    });
    return problems;
  }
}
