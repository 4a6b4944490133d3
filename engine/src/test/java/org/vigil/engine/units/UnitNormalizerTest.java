package org.vigil.engine.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.knowledge.KnowledgeLoader;

class UnitNormalizerTest {
  private static final UnitNormalizer UNITS = new UnitNormalizer(KnowledgeLoader.loadDefault());

  /** Conversions from clinical-knowledge.md C6 and plain UCUM conversions. */
  @ParameterizedTest(name = "{0} {1} {2} -> {3} {4}")
  @CsvSource({
      // glucose: mmol/L x 18.016 = mg/dL (C6)
      "1558-6, 126, mg/dL, 6.99378, mmol/L",
      "2345-7, 200, mg/dl, 11.10124, mmol/L",
      "14771-0, 7.0, mmol/L, 7.0, mmol/L",
      "2345-7, 1, g/L, 5.55062, mmol/L",
      // cholesterol: mmol/L x 38.67 = mg/dL (C6)
      "2093-3, 213, mg/dL, 5.50815, mmol/L",
      // triglycerides: x 88.57 (C6)
      "2571-8, 150, mg/dL, 1.69357, mmol/L",
      // uric acid: 1 mg/dL = 59.48 umol/L (C6); 6.8 mg/dL = 404.5 umol/L saturation pair in C4
      "3084-1, 6.8, mg/dL, 404.464, umol/L",
      "14933-6, 0.42, mmol/L, 420, umol/L",
      // creatinine: 1 mg/dL = 88.4 umol/L (C6)
      "2160-0, 1.4, mg/dL, 123.76, umol/L",
      // HbA1c: IFCC = (NGSP - 2.152)/0.09148 (C6); ADA pairs 48 mmol/mol with 6.5 %
      "59261-8, 48, mmol/mol, 6.54304, %",
      // UCUM only
      "29463-7, 154, [lb_av], 69.85322, kg",
      "8302-2, 70, [in_i], 177.8, cm",
      "8480-6, 16, kPa, 120.0096, mm[Hg]",
      "8480-6, 120, mmHg, 120, mm[Hg]",
  })
  void convertsToTheCanonicalUnit(String code, double value, String unit, double expected, String canonical) {
    var r = UNITS.normalize("reading", code, value, unit);
    assertThat(r).isInstanceOf(Result.Ok.class);
    Normalized n = ((Result.Ok<Normalized>) r).value();
    assertThat(n.canonical().unit()).isEqualTo(canonical);
    assertThat(n.canonical().value()).isCloseTo(expected, within(1e-3));
  }

  @Test
  void unitsFromClientsCannotFillTheMemory() {
    UnitNormalizer fresh = new UnitNormalizer(KnowledgeLoader.loadDefault());
    for (int i = 0; i < 20_000; i++) {
      assertThat(fresh.normalize("r", "29463-7", 70, "junk" + i)).isInstanceOf(Result.Err.class);
    }
    assertThat(fresh.cachedConversions()).as("refused units are not remembered").isZero();
    int converted = 0;
    for (int i = 0; i < UnitNormalizer.MAX_CACHED + 1000; i++) {
      // Valid but ever-different spellings of a mass, as a client could generate them.
      var r = fresh.normalize("r", "29463-7", 70, "g.10*" + (i % 40) + "/" + (i / 40 + 1));
      if (!(r instanceof Result.Err<Normalized> e && e.problem().field().endsWith(".unit"))) {
        converted++;
      }
    }
    assertThat(converted).as("the spellings are units Vigil converts").isGreaterThan(UnitNormalizer.MAX_CACHED);
    assertThat(fresh.cachedConversions()).isLessThanOrEqualTo(UnitNormalizer.MAX_CACHED);
    var r = fresh.normalize("r", "29463-7", 70, "kg");
    assertThat(r).as("still converting after the cap").isInstanceOf(Result.Ok.class);
  }

  @Test
  void aSystolicOf2000IsRefusedAsImplausible() {
    assertProblem(UNITS.normalize("readings[0]", "8480-6", 2000, "mm[Hg]"), "readings[0].value", "not plausible");
  }

  @Test
  void aNegativeWeightIsRefusedAsImplausible() {
    assertProblem(UNITS.normalize("readings[3]", "29463-7", -70, "kg"), "readings[3].value", "not plausible");
  }

  @Test
  void anUnknownCodeIsRefusedNamingTheCode() {
    assertProblem(UNITS.normalize("x", "12345-6", 1, "kg"), "x.code", "'12345-6' is not one Vigil manages");
  }

  @Test
  void aUnitThatIsNotUcumIsRefused() {
    assertProblem(UNITS.normalize("x", "29463-7", 1, "stone-ish"), "x.unit", "not a UCUM unit");
  }

  @Test
  void aUnitOfTheWrongDimensionIsRefused() {
    assertProblem(UNITS.normalize("x", "8480-6", 120, "kg"), "x.unit", "cannot be converted to 'mm[Hg]'");
  }

  @Test
  void aMissingUnitIsRefused() {
    assertProblem(UNITS.normalize("x", "8480-6", 120, " "), "x.unit", "unit is missing");
  }

  @Test
  void aBloodPressurePanelCodeIsNotASingleValue() {
    assertProblem(UNITS.normalize("x", "85354-9", 120, "mm[Hg]"), "x.code", "it is a panel");
  }

  private static void assertProblem(Result<Normalized> r, String field, String reason) {
    assertThat(r).isInstanceOf(Result.Err.class);
    Problem p = ((Result.Err<Normalized>) r).problem();
    assertThat(p.field()).isEqualTo(field);
    assertThat(p.reason()).contains(reason);
  }
}
