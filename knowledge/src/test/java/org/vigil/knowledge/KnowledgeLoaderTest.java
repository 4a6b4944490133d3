package org.vigil.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class KnowledgeLoaderTest {
  private static final List<String> FILES = List.of("index.yaml", "guidelines.yaml", "analytes.yaml",
      "conditions.yaml", "profiles.yaml", "rules/hypertension.yaml", "rules/diabetes.yaml",
      "rules/dyslipidemia.yaml", "rules/hyperuricemia.yaml", "rules/obesity.yaml");

  @Test
  void shippedKnowledgeLoadsAndEveryRuleCitesAKnownGuideline() {
    KnowledgeBase kb = KnowledgeLoader.loadDefault();
    assertThat(kb.version()).isNotBlank();
    assertThat(kb.rules()).isNotEmpty();
    for (RuleDefinition r : kb.rules()) {
      assertThat(r.citation()).as("citation of %s", r.id()).isNotNull();
      assertThat(kb.guideline(r.citation().guideline())).as("guideline of %s", r.id()).isPresent();
      assertThat(r.citation().section()).as("section of %s", r.id()).isNotBlank();
    }
    assertThat(kb.profiles()).extracting(ProfileDefinition::id).contains("china", "international");
  }

  @Test
  void everyLoincCodeInTheKnowledgePackTableMapsToAnAnalyte() {
    KnowledgeBase kb = KnowledgeLoader.loadDefault();
    assertThat(kb.analyteForCode("8480-6")).map(AnalyteDefinition::id).contains("systolic-bp");
    assertThat(kb.analyteForCode("8462-4")).map(AnalyteDefinition::id).contains("diastolic-bp");
    assertThat(kb.analyteForCode("14771-0")).map(AnalyteDefinition::id).contains("fasting-glucose");
    assertThat(kb.analyteForCode("59261-8")).map(AnalyteDefinition::id).contains("hba1c");
    assertThat(kb.panel("85354-9")).isPresent();
    assertThat(kb.analyteForCode("62238-1")).as("CKD-EPI 2009 must not map to the 2021 eGFR").isEmpty();
  }

  @Test
  void anUnknownFieldFailsLoudly() {
    assertThatThrownBy(() -> loadWith("rules/hypertension.yaml",
        s -> s.replaceFirst("kind: threshold", "kind: threshold\n    colour: red")))
        .isInstanceOf(KnowledgeException.class)
        .hasMessageContaining("rules/hypertension.yaml")
        .hasMessageContaining("colour");
  }

  @Test
  void aRuleWithoutCitationFailsLoudly() {
    assertThatThrownBy(() -> loadWith("rules/hypertension.yaml",
        s -> s.replaceFirst("(?s)    citation:\n      guideline: acc-aha-2017\n.*?strength: S\n", "")))
        .isInstanceOf(KnowledgeException.class)
        .hasMessageContaining("rule 'htn.acc-aha-2017.crisis' has no citation");
  }

  @Test
  void aCitationOfAnUnknownGuidelineFailsLoudly() {
    assertThatThrownBy(() -> loadWith("rules/hypertension.yaml",
        s -> s.replaceFirst("guideline: acc-aha-2017", "guideline: acc-aha-1999")))
        .isInstanceOf(KnowledgeException.class)
        .hasMessageContaining("guideline 'acc-aha-1999' is not defined");
  }

  @Test
  void aUnitThatDoesNotParseFailsLoudly() {
    assertThatThrownBy(() -> loadWith("rules/hypertension.yaml",
        s -> s.replaceFirst("value: 180, unit: \"mm\\[Hg]\"", "value: 180, unit: \"mm[Hgg]\"")))
        .isInstanceOf(KnowledgeException.class)
        .hasMessageContaining("does not parse as UCUM");
  }

  @Test
  void aUnitOfTheWrongDimensionFailsLoudly() {
    assertThatThrownBy(() -> loadWith("rules/hypertension.yaml",
        s -> s.replaceFirst("value: 180, unit: \"mm\\[Hg]\"", "value: 180, unit: \"kg\"")))
        .isInstanceOf(KnowledgeException.class)
        .hasMessageContaining("does not convert to the analyte's unit");
  }

  @Test
  void aRuleIdDefinedTwiceFailsLoudly() {
    assertThatThrownBy(() -> loadWith("rules/hypertension.yaml",
        s -> s.replace("id: htn.acc-aha-2017.home-mean", "id: htn.acc-aha-2017.office-stage")))
        .isInstanceOf(KnowledgeException.class)
        .hasMessageContaining("rule id 'htn.acc-aha-2017.office-stage' is defined twice");
  }

  @Test
  void twoRulesOfTheSameFamilyInOneProfileOverlap() {
    assertThatThrownBy(() -> loadWith("profiles.yaml",
        s -> s.replaceFirst("      - htn.acc-aha-2017.home-mean\n",
            "      - htn.acc-aha-2017.home-mean\n      - htn.china-2024.home-mean\n")))
        .isInstanceOf(KnowledgeException.class)
        .hasMessageContaining("overlap");
  }

  @Test
  void aWindowedRuleMustSayItsWindowIsAVigilSetting() {
    assertThatThrownBy(() -> loadWith("rules/hypertension.yaml",
        s -> s.replaceFirst("    operational: \"window \\(7 days\\) and minimum readings \\(4\\) are Vigil settings; the knowledge pack.*\n", "")))
        .isInstanceOf(KnowledgeException.class)
        .hasMessageContaining("say so in 'operational'");
  }

  @Test
  void anUnknownPlaceholderInAnExplanationFailsLoudly() {
    assertThatThrownBy(() -> loadWith("rules/hypertension.yaml",
        s -> s.replaceFirst("A single blood pressure reading of \\{values}", "A single reading of {vals}")))
        .isInstanceOf(KnowledgeException.class)
        .hasMessageContaining("unknown placeholder {vals}");
  }

  @Test
  void aParameterTheKnowledgeLeavesOpenIsInactiveUntilAnOperatorSetsIt() {
    KnowledgeBase kb = KnowledgeLoader.loadDefault();
    RuleDefinition tir = kb.rule("dm.ada-2025.cgm-time-in-range").orElseThrow();
    assertThat(tir.operatorConfigurable()).contains("bands[0].criteria[0].value");
    assertThat(tir.bands().getFirst().criteria().getFirst().value()).isNull();

    KnowledgeBase configured = KnowledgeLoader.loadDefault(
        Map.of("dm.ada-2025.cgm-time-in-range", Map.of("bands[0].criteria[0].value", 70)));
    assertThat(configured.rule("dm.ada-2025.cgm-time-in-range").orElseThrow().bands().getFirst().criteria()
        .getFirst().value()).isEqualTo(70.0);
  }

  @Test
  void anOperatorCannotOverrideANumberTheKnowledgeGives() {
    assertThatThrownBy(() -> KnowledgeLoader.loadDefault(
        Map.of("htn.acc-aha-2017.crisis", Map.of("bands[0].criteria[0].value", 200))))
        .isInstanceOf(KnowledgeException.class)
        .hasMessageContaining("is not operatorConfigurable");
  }

  @Test
  void anOverrideOfAnUnknownRuleFailsLoudly() {
    assertThatThrownBy(() -> KnowledgeLoader.loadDefault(Map.of("no.such.rule", Map.of("x", 1))))
        .isInstanceOf(KnowledgeException.class)
        .hasMessageContaining("rule 'no.such.rule' is not defined");
  }

  @Test
  void aMissingNumberThatIsNotDeclaredOperatorConfigurableFailsLoudly() {
    assertThatThrownBy(() -> loadWith("rules/hypertension.yaml",
        s -> s.replaceFirst("value: 180, unit: \"mm\\[Hg]\"", "value: null, unit: \"mm[Hg]\"")))
        .isInstanceOf(KnowledgeException.class)
        .hasMessageContaining("has no value");
  }

  @Test
  void aConditionCodeMapsByIcd10Category() {
    KnowledgeBase kb = KnowledgeLoader.loadDefault();
    assertThat(kb.conditionsForCode("http://hl7.org/fhir/sid/icd-10", "E11.9")).containsExactly("diabetes");
    assertThat(kb.conditionsForCode("http://hl7.org/fhir/sid/icd-10", "M10")).containsExactly("gout");
    assertThat(kb.conditionsForCode("http://hl7.org/fhir/sid/icd-10", "E110")).isEmpty();
    assertThat(kb.conditionsForCode("http://hl7.org/fhir/sid/icd-10-cm", "N18.31")).containsExactly("ckd-3-4");
  }

  private static KnowledgeBase loadWith(String file, UnaryOperator<String> edit) {
    Map<String, String> files = new HashMap<>();
    for (String f : FILES) {
      files.put("knowledge/" + f, read("knowledge/" + f));
    }
    String before = files.get("knowledge/" + file);
    String after = edit.apply(before);
    assertThat(after).as("the test's edit must change " + file).isNotEqualTo(before);
    files.put("knowledge/" + file, after);
    return new KnowledgeLoader(path -> files.containsKey(path)
        ? new ByteArrayInputStream(files.get(path).getBytes(StandardCharsets.UTF_8))
        : null).load("knowledge/");
  }

  private static String read(String path) {
    try (InputStream in = KnowledgeLoaderTest.class.getClassLoader().getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
