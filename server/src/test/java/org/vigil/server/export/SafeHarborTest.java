package org.vigil.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Members stored the way Vigil stores them (FHIR Patients with names, phones, e-mail, national ids, medical record
 * numbers, street lines, exact birth dates, all over 89) go through both exports; the serialized output is searched
 * for every one of those identifiers.
 */
class SafeHarborTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 22);

  private record Person(String id, String family, String given, String phone, String email, String nationalId,
      String mrn, String street, String birthDate, String resource) {}

  private static List<Person> people() {
    List<Person> out = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String id = "sh-member-" + (4711 + i);
      String family = "Zhangfamily" + (char) ('a' + i);
      String given = "Wujigiven" + (char) ('a' + i);
      String phone = "+86 138 0013 8" + (100 + i);
      String email = "wuji" + i + "@example.org";
      String nationalId = "11010119310714" + (1000 + i);
      String mrn = "MRN-77" + (100 + i);
      String street = (80 + i) + " Huaihai Road";
      String birth = "193" + (i % 5) + "-07-1" + (i % 9);
      String resource = """
          {"resourceType": "Patient", "id": "%s",
           "identifier": [{"system": "urn:oid:2.16.156.10011.1.1", "value": "%s"},
                          {"system": "urn:hospital:mrn", "value": "%s"}],
           "name": [{"family": "%s", "given": ["%s"]}, {"text": "%s %s"}],
           "telecom": [{"system": "phone", "value": "%s"}, {"system": "email", "value": "%s"}],
           "gender": "female", "birthDate": "%s",
           "address": [{"use": "home", "line": ["%s"], "district": "Xuhui", "city": "Shanghai",
                        "state": "Shanghai", "postalCode": "2000%02d"}]}"""
          .formatted(id, nationalId, mrn, family, given, given, family, phone, email, birth, street, 30 + i % 3);
      out.add(new Person(id, family, given, phone, email, nationalId, mrn, street, birth, resource));
    }
    return out;
  }

  private static Member member(Person p) {
    JsonNode resource = JSON.readTree(p.resource());
    return new Member(p.id(), Optional.of(LocalDate.parse(resource.get("birthDate").asString())),
        Optional.of(resource.get("gender").asString()), PatientResourceFields.address(p.resource()),
        List.of(new Member.Condition("hypertension", "http://snomed.info/sct", "38341003", "active",
            Instant.parse("2025-02-03T04:05:06Z"))));
  }

  private static Activity activity() {
    return new Activity(
        List.of(new Activity.Reading(OffsetDateTime.parse("2026-03-05T08:15:42+08:00"), "systolic-bp", "8480-6", 151,
            "mm[Hg]", "home")),
        List.of(new Activity.Alert("hypertension", "htn-grade", "htn-grade-2", "grade-2", "urgent", "resolved",
            Instant.parse("2026-03-05T00:16:10Z"), Optional.of(Instant.parse("2026-03-06T09:00:00Z")))));
  }

  @Test
  void aDeidentifiedExportContainsNoneOfTheDirectIdentifiersExactDatesOrAgesOverEightyNine() {
    List<Person> people = people();
    Deidentifier d = new Deidentifier(DeidentificationPolicy.DEFAULT);
    Deidentifier.Plan plan = d.plan(people.stream().map(SafeHarborTest::member).toList(), AS_OF, 5, 0.05,
        new Random(7));
    Map<String, Object> export = new HashMap<>();
    export.put("report", plan.report());
    export.put("records", plan.releases().stream().map(r -> d.record(r, activity())).toList());
    String out = JSON.writeValueAsString(export);
    String records = JSON.writeValueAsString(export.get("records"));

    assertThat(plan.releases()).as("the test is only meaningful if records are released").hasSize(12);
    for (Person p : people) {
      assertThat(out).doesNotContain(p.id(), p.family(), p.given(), p.phone(), p.phone().replace(" ", ""), p.email(),
          p.nationalId(), p.mrn(), p.street(), p.birthDate());
      // The report's decimals could contain any four digits; the records must not hold a birth year anywhere.
      assertThat(records).doesNotContain(p.birthDate().substring(0, 4));
    }
    assertThat(out).doesNotContain("Huaihai", "Xuhui", "Shanghai", "200030", "200031", "200032", "2026-03-05",
        "2026-03-06", "08:15", "00:16", "2025-02-03");
    for (JsonNode r : JSON.readTree(out).get("records")) {
      assertThat(r.get("age").asString()).isIn("90+", "80+", "*");
      assertThat(r.get("geography").asString()).matches("2000\\*\\*|20\\*\\*\\*\\*|\\*");
    }
  }

  @Test
  void aPseudonymizedExportKeepsDatesAndPostalCodeButNoDirectIdentifier() {
    Pseudonymizer pseudonymizer = new Pseudonymizer(new byte[32]);
    for (Person p : people()) {
      String out = JSON.writeValueAsString(
          PseudonymizedRecord.of(pseudonymizer.pseudonym("default", p.id()), member(p), activity()));
      assertThat(out).doesNotContain(p.id(), p.family(), p.given(), p.phone(), p.email(), p.nationalId(), p.mrn(),
          p.street(), "Huaihai");
      assertThat(out).contains(p.birthDate(), "2026-03-05T08:15:42+08:00", "\"postalCode\":\"2000");
    }
  }
}
