package org.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class PopulationTest {
  private static final int LARGE = 20_000;
  private static final List<SimMember> CITY = Population.generate(2026, LARGE);

  @Test
  void theSameSeedGivesTheSamePopulation() {
    assertThat(Population.generate(7, 500)).isEqualTo(Population.generate(7, 500));
  }

  @Test
  void differentSeedsGiveDifferentPeople() {
    List<SimMember> a = Population.generate(7, 200);
    List<SimMember> b = Population.generate(8, 200);
    long same = java.util.stream.IntStream.range(0, 200).filter(i -> a.get(i).equals(b.get(i))).count();
    assertThat(same).isZero();
    assertThat(a.stream().map(SimMember::phenotype).toList())
        .isNotEqualTo(b.stream().map(SimMember::phenotype).toList());
  }

  @Test
  void aMemberIsTheSameWhateverThePopulationSize() {
    List<SimMember> small = Population.generate(99, 10);
    List<SimMember> large = Population.generate(99, 5_000);
    assertThat(large.subList(0, 10)).isEqualTo(small);
    assertThat(Population.member(99, 4_321)).isEqualTo(large.get(4_320));
  }

  @Test
  void membersAreNumberedFromOneWithZeroPaddedIdsAndPlainlyFakePhones() {
    SimMember first = CITY.getFirst();
    assertThat(first.id()).isEqualTo("demo-000001");
    assertThat(first.identifierSystem()).isEqualTo("urn:vigil:demo:member");
    assertThat(first.identifierValue()).isEqualTo("M000001");
    assertThat(first.phone()).isEqualTo("+86 138 0000 0001");
    assertThat(CITY.get(12_344).id()).isEqualTo("demo-012345");
    assertThat(CITY.get(12_344).phone()).isEqualTo("+86 138 0001 2345");
    assertThat(CITY.stream().map(SimMember::id).distinct().count()).isEqualTo(LARGE);
    assertThat(CITY.stream().map(SimMember::phone).distinct().count()).isEqualTo(LARGE);
  }

  @Test
  void namesComeInPinyinAndInCharactersFamilyNameFirst() {
    for (SimMember m : CITY.subList(0, 500)) {
      Names.Name family = Names.FAMILY.stream().filter(n -> n.pinyin().equals(m.familyName())).findFirst().orElseThrow();
      List<Names.Name> givenNames = m.gender().equals("female") ? Names.GIVEN_FEMALE : Names.GIVEN_MALE;
      Names.Name given = givenNames.stream().filter(n -> n.pinyin().equals(m.givenName())).findFirst().orElseThrow();
      assertThat(m.nameZh()).isEqualTo(family.hanzi() + given.hanzi());
      assertThat(m.nameZh().codePoints())
          .allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }
    assertThat(CITY.stream().map(SimMember::nameZh).distinct().count()).isGreaterThan(300);
  }

  @Test
  void adultsAreAged35To80OnTheReferenceDate() {
    LocalDate reference = Population.REFERENCE_DATE;
    assertThat(CITY).allSatisfy(m -> assertThat(m.ageOn(reference)).isBetween(35, 80));
    assertThat(CITY.stream().mapToInt(m -> m.ageOn(reference)).min().orElseThrow()).isEqualTo(35);
    assertThat(CITY.stream().mapToInt(m -> m.ageOn(reference)).max().orElseThrow()).isEqualTo(80);
    LocalDate later = LocalDate.of(2030, 6, 1);
    assertThat(Population.generate(2026, 300, later))
        .allSatisfy(m -> assertThat(m.ageOn(later)).isBetween(35, 80));
  }

  @Test
  void prevalencesMatchTheSimulationSettingsOn20000Members() {
    Prevalence p = Prevalence.DEFAULT;
    assertThat(share(ph -> ph.hypertensive())).isCloseTo(p.hypertension(), within(0.015));
    assertThat(share(ph -> ph.diabetic())).isCloseTo(p.diabetes(), within(0.015));
    assertThat(share(ph -> ph.dyslipidemic())).isCloseTo(p.dyslipidemia(), within(0.015));
    assertThat(share(ph -> ph.hyperuricemic())).isCloseTo(p.hyperuricemia(), within(0.015));
    assertThat(share(ph -> ph.obese())).isCloseTo(p.obesity(), within(0.015));
    assertThat(share(ph -> ph.measuresAtHome())).isCloseTo(p.measuresAtHome(), within(0.015));
    assertThat(share(ph -> ph.readingsPerDay() == 2 && ph.measuresAtHome()))
        .isCloseTo(p.measuresAtHome() * p.twiceDaily(), within(0.015));
    assertThat(CITY.stream().filter(m -> m.gender().equals("female")).count() / (double) LARGE)
        .isCloseTo(0.5, within(0.015));
  }

  @Test
  void aboutOneMemberIn200IsCrisisProneAndAllOfThemAreHypertensive() {
    assertThat(share(Phenotype::crisisProne)).isBetween(0.003, 0.0075);
    assertThat(CITY).filteredOn(m -> m.phenotype().crisisProne())
        .allSatisfy(m -> assertThat(m.phenotype().hypertensive()).isTrue());
  }

  @Test
  void hypertensivesHaveHigherBaselinePressure() {
    assertThat(mean(true, Phenotype::baselineSystolic)).isCloseTo(148, within(1.5));
    assertThat(mean(true, Phenotype::baselineDiastolic)).isCloseTo(92, within(1.5));
    assertThat(mean(false, Phenotype::baselineSystolic)).isCloseTo(118, within(1.0));
    assertThat(mean(false, Phenotype::baselineDiastolic)).isCloseTo(76, within(1.0));
    double normotensivesAbove140 = CITY.stream().map(SimMember::phenotype)
        .filter(ph -> !ph.hypertensive()).filter(ph -> ph.baselineSystolic() >= 140).count() / (double) LARGE;
    assertThat(normotensivesAbove140).as("normotensive tail above 140").isBetween(0.005, 0.03);
  }

  @Test
  void baselinePressuresStayWithinPhysiologicRanges() {
    assertThat(CITY).allSatisfy(m -> {
      Phenotype ph = m.phenotype();
      assertThat(ph.baselineSystolic()).isBetween(85, 230);
      assertThat(ph.baselineDiastolic()).isBetween(45, 135).isLessThan(ph.baselineSystolic());
    });
  }

  @Test
  void theObesityFlagAgreesWithABmiOf28() {
    assertThat(CITY).allSatisfy(m -> assertThat(m.phenotype().bmi() >= 28).isEqualTo(m.phenotype().obese()));
    assertThat(CITY).allSatisfy(m -> assertThat(m.phenotype().heightCm()).isBetween(138.0, 195.0));
  }

  @Test
  void diabeticsHaveHigherFastingGlucose() {
    assertThat(CITY).allSatisfy(m -> assertThat(m.phenotype().baselineFastingGlucose())
        .isGreaterThanOrEqualTo(m.phenotype().diabetic() ? 5.6 : 3.9));
    double diabetic = CITY.stream().map(SimMember::phenotype).filter(Phenotype::diabetic)
        .mapToDouble(Phenotype::baselineFastingGlucose).average().orElseThrow();
    assertThat(diabetic).isCloseTo(8.0, within(0.2));
  }

  @Test
  void prevalencesAreSettingsTheCallerCanChange() {
    Prevalence everyone = new Prevalence(1, 1, 1, 1, 1, 1, 1, 1);
    Prevalence nobody = new Prevalence(0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(Population.generate(3, 200, Population.REFERENCE_DATE, everyone)).allSatisfy(m -> {
      Phenotype ph = m.phenotype();
      assertThat(List.of(ph.hypertensive(), ph.crisisProne(), ph.diabetic(), ph.dyslipidemic(), ph.hyperuricemic(),
          ph.obese(), ph.measuresAtHome())).containsOnly(true);
      assertThat(ph.readingsPerDay()).isEqualTo(2);
    });
    assertThat(Population.generate(3, 200, Population.REFERENCE_DATE, nobody)).allSatisfy(m -> {
      Phenotype ph = m.phenotype();
      assertThat(List.of(ph.hypertensive(), ph.crisisProne(), ph.diabetic(), ph.dyslipidemic(), ph.hyperuricemic(),
          ph.obese(), ph.measuresAtHome())).containsOnly(false);
      assertThat(ph.readingsPerDay()).isEqualTo(1);
    });
  }

  @Test
  void changingOnePrevalenceLeavesNamesAndOtherTraitsAlone() {
    Prevalence moreDiabetes = new Prevalence(0.30, 0.5, 0.35, 0.15, 0.15, 0.005, 0.75, 0.5);
    SimMember before = Population.member(5, 77);
    SimMember after = Population.member(5, 77, Population.REFERENCE_DATE, moreDiabetes);
    assertThat(after.nameZh()).isEqualTo(before.nameZh());
    assertThat(after.birthDate()).isEqualTo(before.birthDate());
    assertThat(after.phenotype().baselineSystolic()).isEqualTo(before.phenotype().baselineSystolic());
    assertThat(after.phenotype().weightKg()).isEqualTo(before.phenotype().weightKg());
  }

  @Test
  void crisisProneCannotOutnumberHypertensives() {
    assertThatThrownBy(() -> new Prevalence(0.01, 0.12, 0.35, 0.15, 0.15, 0.02, 0.75, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("crisisProne");
    assertThatThrownBy(() -> new Prevalence(1.2, 0.12, 0.35, 0.15, 0.15, 0.005, 0.75, 0.5))
        .hasMessageContaining("hypertension");
  }

  private static double share(Predicate<Phenotype> trait) {
    return CITY.stream().map(SimMember::phenotype).filter(trait).count() / (double) LARGE;
  }

  private static double mean(boolean hypertensive, java.util.function.ToIntFunction<Phenotype> value) {
    return CITY.stream().map(SimMember::phenotype).filter(ph -> ph.hypertensive() == hypertensive)
        .mapToInt(value).average().orElseThrow();
  }
}
