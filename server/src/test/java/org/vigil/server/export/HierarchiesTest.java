package org.vigil.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HierarchiesTest {
  private final AgeHierarchy age = new AgeHierarchy();

  @Test
  void agesGeneralizeToFiveTenAndTwentyYearBandsThenNothing() {
    assertThat(age.ladder(OptionalInt.of(67))).containsExactly("67", "65-69", "60-69", "60-79", "*");
    assertThat(age.ladder(OptionalInt.of(0))).containsExactly("0", "0-4", "0-9", "0-19", "*");
    assertThat(age.ladder(OptionalInt.of(89))).containsExactly("89", "85-89", "80-89", "80+", "*");
    assertThat(age.ladder(OptionalInt.empty())).containsExactly("unknown", "unknown", "unknown", "unknown", "*");
  }

  @Test
  void agesOverEightyNineAreOneCategoryAtEveryLevel() {
    for (int a : new int[] {90, 95, 104, 117}) {
      assertThat(age.ladder(OptionalInt.of(a))).containsExactly("90+", "90+", "90+", "80+", "*");
    }
  }

  @Test
  void ageIsWholeYearsOnTheReferenceDay() {
    LocalDate birth = LocalDate.of(1936, 11, 22);
    assertThat(AgeHierarchy.age(Optional.of(birth), LocalDate.of(2026, 11, 21))).hasValue(89);
    assertThat(AgeHierarchy.age(Optional.of(birth), LocalDate.of(2026, 11, 22))).hasValue(90);
    assertThat(AgeHierarchy.age(Optional.empty(), LocalDate.of(2026, 11, 22))).isEmpty();
  }

  @Test
  void postalCodesAreTruncatedToTheConfiguredDigitsAndTheRestMasked() {
    GeographyHierarchy geo = new GeographyHierarchy(List.of("postal4", "postal2"));
    Member.Address a = new Member.Address(Optional.of("200030"), Optional.of("Xuhui"), Optional.of("Shanghai"),
        Optional.of("Shanghai"));
    assertThat(geo.levels()).containsExactly("postal4", "postal2", "*");
    assertThat(geo.ladder(a)).containsExactly("2000**", "20****", "*");
    assertThat(geo.ladder(Member.Address.NONE)).containsExactly("unknown", "unknown", "*");
    assertThat(GeographyHierarchy.truncate("SW1A 1AA", 3)).isEqualTo("SW1****");
  }

  @Test
  void administrativeLevelsNameTheRegionFromTheProvinceDown() {
    GeographyHierarchy geo = new GeographyHierarchy(List.of("district", "city", "state"));
    Member.Address a = new Member.Address(Optional.empty(), Optional.of("Xuhui"), Optional.of("Shanghai"),
        Optional.of("Shanghai"));
    assertThat(geo.levels()).containsExactly("district", "city", "province", "*");
    assertThat(geo.ladder(a)).containsExactly("Shanghai/Shanghai/Xuhui", "Shanghai/Shanghai", "Shanghai", "*");
  }

  @Test
  void unknownOrRepeatedGeographyLevelsAreRefused() {
    assertThatThrownBy(() -> new GeographyHierarchy(List.of("street"))).hasMessageContaining("street");
    assertThatThrownBy(() -> new GeographyHierarchy(List.of("postal4", "postal4"))).hasMessageContaining("twice");
  }

  @Test
  void conditionSetsGeneralizeToTheirCount() {
    ConditionSetHierarchy c = new ConditionSetHierarchy();
    assertThat(c.ladder(Set.of("hypertension", "diabetes"))).containsExactly("diabetes+hypertension", "2 conditions",
        "*");
    assertThat(c.ladder(Set.of())).containsExactly("none", "0 conditions", "*");
    assertThat(new SexHierarchy().ladder(Optional.empty())).containsExactly("unknown", "*");
  }
}
