package org.vigil.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vigil.server.patients.PatientPii;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What of a Patient is sealed, what stays clear, and that joining gives the resource back exactly. */
class PatientPiiTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static final String PATIENT = """
      {"resourceType": "Patient", "id": "m-1",
       "meta": {"tag": [{"system": "http://vigil.health/fhir/CodeSystem/tenant", "code": "shanghai"}]},
       "text": {"status": "generated", "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\">Wang Fang 110101</div>"},
       "extension": [{"url": "http://example.org/weight-at-birth", "valueDecimal": 3.50}],
       "identifier": [{"use": "official", "system": "urn:oid:2.16.156.10011.1.1", "value": "110101195803040021"},
                      {"system": "urn:hospital:mrn", "value": "MRN-77", "_value": {"extension": [
                        {"url": "http://example.org/checked", "valueBoolean": true}]}},
                      {"system": "urn:no-value"}],
       "name": [{"family": "Wang", "given": ["Fang"]}, {"text": "王芳"}],
       "telecom": [{"system": "phone", "value": "+86 138 0013 8000", "use": "mobile"}],
       "gender": "female", "birthDate": "1958-03-04",
       "address": [{"use": "home", "line": ["88 Huaihai Road", "Flat 1203"], "city": "Shanghai",
                    "district": "Xuhui", "state": "SH", "postalCode": "200030", "country": "CN"}],
       "contact": [{"name": {"family": "Li"}, "telecom": [{"system": "phone", "value": "+86 139 0000 0000"}]}]}""";

  @Test
  void directIdentifiersLeaveTheClearHalf() {
    PatientPii.Split split = PatientPii.split(PATIENT);
    String rest = split.restJson();
    for (String secret : new String[] {"Wang", "Fang", "王芳", "110101195803040021", "MRN-77", "138 0013 8000",
        "Huaihai", "Flat 1203", "200030", "139 0000 0000", "Li\""}) {
      assertThat(rest).as(secret).doesNotContain(secret);
      assertThat(new String(split.piiJson(), StandardCharsets.UTF_8)).as(secret).contains(secret);
    }
    JsonNode clear = JSON.readTree(rest);
    assertThat(clear.get("identifier").get(0).get("system").asString()).isEqualTo("urn:oid:2.16.156.10011.1.1");
    assertThat(clear.get("address").get(0).get("city").asString()).isEqualTo("Shanghai");
    assertThat(clear.get("address").get(0).get("district").asString()).isEqualTo("Xuhui");
    assertThat(clear.get("birthDate").asString()).isEqualTo("1958-03-04");
    assertThat(clear.has("text")).isFalse();
  }

  @Test
  void joiningGivesTheResourceBackToTheDecimalDigit() {
    PatientPii.Split split = PatientPii.split(PATIENT);
    String joined = PatientPii.join(split.restJson(), split.piiJson());
    assertThat(JSON.readTree(joined)).isEqualTo(JSON.readTree(PATIENT));
    assertThat(joined).contains("3.50");
  }

  @Test
  void aPatientWithoutIdentifiersSplitsAndJoins() {
    String bare = "{\"resourceType\":\"Patient\",\"gender\":\"male\"}";
    PatientPii.Split split = PatientPii.split(bare);
    assertThat(JSON.readTree(PatientPii.join(split.restJson(), split.piiJson()))).isEqualTo(JSON.readTree(bare));
  }

  @Test
  void nameTokensAreWholePartsCaseAndAccentInsensitive() {
    byte[] pii = PatientPii.split("""
        {"resourceType": "Patient", "name": [{"family": "Müller-Lüdenscheidt", "given": ["José", "Ana"],
          "prefix": ["Dr."]}, {"text": "王芳"}]}""").piiJson();
    assertThat(PatientPii.nameTokens(pii)).containsExactlyInAnyOrder("muller-ludenscheidt", "muller", "ludenscheidt",
        "jose", "ana", "dr.", "王芳");
    assertThat(PatientPii.queryTokens("  JOSÉ  müller ")).containsExactly("jose", "muller");
    assertThat(PatientPii.queryTokens(" ")).isEmpty();
  }

  @Test
  void identifierValuesAreComparedWithoutSurroundingSpacesButWithCase() {
    assertThat(PatientPii.normalizeIdentifier(" A12 ")).isEqualTo("A12");
    assertThat(PatientPii.normalizeIdentifier("a12")).isNotEqualTo(PatientPii.normalizeIdentifier("A12"));
  }
}
