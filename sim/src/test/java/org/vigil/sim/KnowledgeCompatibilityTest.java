package org.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.engine.units.Normalized;
import org.vigil.engine.units.Result;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.knowledge.KnowledgeLoader;

/** Every simulated reading must be one the server can take: codes Vigil manages, units it converts, plausible values. */
class KnowledgeCompatibilityTest {
  private static final UnitNormalizer UNITS = new UnitNormalizer(KnowledgeLoader.loadDefault());

  @Test
  void everySimulatedReadingNormalizesWithVigilsKnowledge() {
    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    List<SimMember> members = Population.generate(2026, 300);
    java.util.Set<String> codes = new java.util.HashSet<>();
    MergedStream.of(members, 9, start, start.plus(Duration.ofDays(60))).forEach(r -> {
      codes.add(r.code());
      if (r.components().isEmpty()) {
        var q = r.value().orElseThrow();
        assertThat(UNITS.normalize("value", r.code(), q.value(), q.unit())).isInstanceOf(Result.Ok.class);
      } else {
        assertThat(UNITS.panel(r.code())).as("panel %s", r.code()).isPresent();
        r.components().forEach(c -> assertThat(
            UNITS.normalize("component", c.code(), c.value().value(), c.value().unit()))
            .isInstanceOf(Result.Ok.class));
      }
    });
    assertThat(codes).containsExactlyInAnyOrder(Loinc.BP_PANEL, Loinc.BODY_WEIGHT, Loinc.FASTING_GLUCOSE_MASS,
        Loinc.FASTING_GLUCOSE_MOLAR);
  }

  @Test
  void bothGlucoseUnitsMeanTheSameThingOnceNormalized() {
    SimMember m = Population.generate(2026, 300).stream().filter(x -> x.phenotype().diabetic()).findFirst().orElseThrow();
    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    List<Double> mgdl = canonicalGlucose(m, start, Loinc.FASTING_GLUCOSE_MASS);
    List<Double> mmol = canonicalGlucose(m, start, Loinc.FASTING_GLUCOSE_MOLAR);
    assertThat(mgdl).hasSizeGreaterThan(20);
    assertThat(mmol).hasSizeGreaterThan(20);
    double a = mgdl.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double b = mmol.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertThat(a).isCloseTo(m.phenotype().baselineFastingGlucose(), org.assertj.core.api.Assertions.within(0.4));
    assertThat(b).isCloseTo(m.phenotype().baselineFastingGlucose(), org.assertj.core.api.Assertions.within(0.4));
  }

  private static List<Double> canonicalGlucose(SimMember m, Instant start, String code) {
    return DeviceStream.of(m, 4, start, start.plus(Duration.ofDays(365))).stream()
        .filter(r -> r.code().equals(code))
        .map(r -> UNITS.normalize("value", r.code(), r.value().orElseThrow().value(), r.value().orElseThrow().unit()))
        .map(res -> ((Result.Ok<Normalized>) res).value().canonical())
        .peek(q -> assertThat(q.unit()).isEqualTo("mmol/L"))
        .map(q -> q.value())
        .toList();
  }
}
