package org.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PatientJsonTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aMemberBecomesAFhirPatientWithPinyinAndCharacterNames() {
    SimMember m = Population.member(2026, 42);
    JsonNode p = JSON.readTree(PatientJson.of(m));
    assertThat(p.get("resourceType").stringValue()).isEqualTo("Patient");
    assertThat(p.get("id").stringValue()).isEqualTo("demo-000042");
    assertThat(p.get("identifier")).hasSize(1);
    assertThat(p.get("identifier").get(0).get("system").stringValue()).isEqualTo("urn:vigil:demo:member");
    assertThat(p.get("identifier").get(0).get("value").stringValue()).isEqualTo("M000042");
    assertThat(p.get("name")).hasSize(2);
    assertThat(p.get("name").get(0).get("family").stringValue()).isEqualTo(m.familyName());
    assertThat(p.get("name").get(0).get("given")).hasSize(1);
    assertThat(p.get("name").get(0).get("given").get(0).stringValue()).isEqualTo(m.givenName());
    assertThat(p.get("name").get(1).propertyNames()).containsExactly("text");
    assertThat(p.get("name").get(1).get("text").stringValue()).isEqualTo(m.nameZh());
    assertThat(p.get("gender").stringValue()).isEqualTo(m.gender()).isIn("male", "female");
    assertThat(p.get("birthDate").stringValue()).isEqualTo(m.birthDate().toString()).matches("\\d{4}-\\d\\d-\\d\\d");
    assertThat(p.get("telecom").get(0).get("system").stringValue()).isEqualTo("phone");
    assertThat(p.get("telecom").get(0).get("value").stringValue()).isEqualTo("+86 138 0000 0042");
  }
}
