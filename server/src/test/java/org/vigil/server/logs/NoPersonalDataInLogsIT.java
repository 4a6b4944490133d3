package org.vigil.server.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.context.WebApplicationContext;
import org.vigil.server.IntegrationTest;
import org.vigil.server.Times;
import org.vigil.server.TestHttp.Response;
import org.vigil.server.users.Role;
import org.vigil.server.users.User;
import org.vigil.server.users.UserService;

/**
 * No personal data in the logs (issue 6): members with distinctive names, phone numbers, national ids, addresses
 * and e-mail addresses are created through FHIR, send readings, and run into every kind of refusal that involves
 * them (bad readings, bad Patient updates, identifiers of another member, unknown references, malformed JSON);
 * their pages are opened. Everything the JVM printed meanwhile (console log and stray prints, captured by Spring
 * Boot's {@link OutputCaptureExtension}) must not contain any of that data, in any letter case.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoPersonalDataInLogsIT extends IntegrationTest {
  private static final String NATIONAL_ID_SYSTEM = "urn:oid:2.16.156.10011.1.5";

  // Member 1
  private static final String FAMILY = "Quxenbergova";
  private static final String GIVEN = "Zhivkoletta";
  private static final String NAME_ZH = "屈晓蕾";
  private static final String PHONE = "+86 139 7531 8642";
  private static final String NATIONAL_ID = "11010519770315271X";
  private static final String STREET = "88 Zhuoyuanqiao Lane";
  private static final String CITY = "Quxhaivale";
  private static final String EMAIL = "zhivkoletta.quxenbergova@example.org";
  // Member 2
  private static final String FAMILY_2 = "Morvathelin";
  private static final String GIVEN_2 = "Yaskorine";
  private static final String PHONE_2 = "+86 186 2468 1357";
  private static final String NATIONAL_ID_2 = "32010219881120441X";
  private static final String EMAIL_2 = "yaskorine.m@example.net";
  private static final String STREET_2 = "17 Pingzhelu Courtyard";
  // Ids nobody holds, sent by mistake where a member's id belongs
  private static final String UNKNOWN_ID = "44030519900101873X";
  private static final String MRN = "MRN-7788-4512-QX";

  @Autowired
  private WebApplicationContext web;

  @Autowired
  private UserService users;

  private static String at(long hoursAgo) {
    return Times.hoursAgo(hoursAgo);
  }

  @Test
  void personalDataOfMembersNeverReachesTheLog(CapturedOutput output) throws Exception {
    String canary = unique("log-capture-canary");
    LoggerFactory.getLogger(NoPersonalDataInLogsIT.class).warn("{} (proves the log is captured)", canary);

    String m1 = unique("pii");
    String m2 = unique("pii");
    createMembers(m1, m2);
    sendReadings(m1);
    refusePatientWrites(m1, m2);
    refuseReferencesAndBundles(m1);
    openPages(m1, m2);

    String log = output.getAll();
    assertThat(log).as("the capture sees the application's log").contains(canary);
    String lower = log.toLowerCase(Locale.ROOT);
    List<String> found = new ArrayList<>();
    for (String variant : variants()) {
      if (lower.contains(variant.toLowerCase(Locale.ROOT))) {
        found.add(variant);
      }
    }
    assertThat(found).as("personal data in the log:%n%s", excerpts(log, found)).isEmpty();
  }

  private void createMembers(String m1, String m2) {
    Response created = put("/fhir/Patient/" + m1, "application/fhir+json", patient(m1, FAMILY, GIVEN, NAME_ZH,
        PHONE, EMAIL, NATIONAL_ID, STREET, CITY, "1977-03-15"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Response bundle = postFhir("/fhir", """
        {"resourceType": "Bundle", "type": "transaction", "entry": [
          {"fullUrl": "urn:uuid:9b1e6f1c-0000-4000-8000-000000000001",
           "request": {"method": "PUT", "url": "Patient/%s"},
           "resource": %s},
          {"fullUrl": "urn:uuid:9b1e6f1c-0000-4000-8000-000000000002",
           "request": {"method": "POST", "url": "Observation"},
           "resource": {"resourceType": "Observation", "status": "final",
             "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
             "subject": {"reference": "urn:uuid:9b1e6f1c-0000-4000-8000-000000000001"}, "effectiveDateTime": "%s",
             "valueQuantity": {"value": 61.5, "system": "http://unitsofmeasure.org", "code": "kg"}}}]}"""
        .formatted(m2, patient(m2, FAMILY_2, GIVEN_2, null, PHONE_2, EMAIL_2, NATIONAL_ID_2, STREET_2, CITY,
            "1988-11-20"), at(30)));
    assertThat(bundle.status()).as(bundle.body()).isEqualTo(200);
  }

  private void sendReadings(String m1) {
    readings(single(m1, "29463-7", 64.2, "kg", at(20), ""), bp(m1, 186, 95, at(19), "home"));
    // A device that names itself with its owner's e-mail address, and one that sends the national id as the member.
    Response mixed = postJson("/api/v1/readings", "{\"readings\": ["
        + single(m1, "29463-7", 64.0, "kg", at(18), "").replace("test-device", EMAIL) + ","
        + single(NATIONAL_ID, "29463-7", 64.0, "kg", at(18), "") + ","
        + single(m1, "29463-7", -64.0, "kg", at(18), "\"identifier\": \"" + PHONE + "\"") + ","
        + single(m1, "1558-6", 126, "mg/dL", "1977-03-15", "\"identifier\": \"" + NATIONAL_ID + "\"") + ","
        + "{\"patient\": \"" + m1 + "\", \"code\": \"" + FAMILY + "\", \"value\": 1, \"unit\": \"" + GIVEN
        + "\", \"effective\": \"" + EMAIL + "\", \"source\": \"" + STREET + "\", \"setting\": \"" + CITY + "\"}]}");
    assertThat(mixed.status()).as(mixed.body()).isEqualTo(422);
    Response malformed = postJson("/api/v1/readings",
        "{\"readings\": [{\"patient\": \"" + NATIONAL_ID + "\", \"source\": \"" + EMAIL + "\", \"value\": 1" + GIVEN);
    assertThat(malformed.status()).isEqualTo(400);
    Response observation = postFhir("/fhir/Observation", """
        {"resourceType": "Observation", "status": "final",
         "code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
         "subject": {"reference": "Patient?identifier=%s|%s"}, "effectiveDateTime": "%s",
         "device": {"display": "%s"},
         "valueQuantity": {"value": 2000, "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}"""
        .formatted(NATIONAL_ID_SYSTEM, NATIONAL_ID, at(17), PHONE));
    assertThat(observation.status()).as(observation.body()).isEqualTo(422);
  }

  private void refusePatientWrites(String m1, String m2) {
    // Member 2 given member 1's national id: a conflict naming the identifier.
    assertRefused(put("/fhir/Patient/" + m2, "application/fhir+json", patient(m2, FAMILY_2, GIVEN_2, null, PHONE_2,
        EMAIL_2, NATIONAL_ID, STREET_2, CITY, "1988-11-20")));
    // Born in the future.
    assertRefused(put("/fhir/Patient/" + m1, "application/fhir+json", patient(m1, FAMILY, GIVEN, NAME_ZH, PHONE,
        EMAIL, NATIONAL_ID, STREET, CITY, "2999-03-15")));
    // The phone number where the birth date belongs, and the national id as the resource id.
    assertRefused(put("/fhir/Patient/" + m1, "application/fhir+json", patient(m1, FAMILY, GIVEN, NAME_ZH, PHONE,
        EMAIL, NATIONAL_ID, STREET, CITY, PHONE.replace(" ", ""))));
    assertRefused(put("/fhir/Patient/" + m1, "application/fhir+json", patient(NATIONAL_ID, FAMILY, GIVEN, NAME_ZH,
        PHONE, EMAIL, NATIONAL_ID, STREET, CITY, "1977-03-15")));
    assertRefused(put("/fhir/Patient/" + NATIONAL_ID + "-" + FAMILY + "_" + GIVEN, "application/fhir+json",
        patient(null, FAMILY, GIVEN, NAME_ZH, PHONE, EMAIL, UNKNOWN_ID, STREET, CITY, "1977-03-15")));
    // Wrong JSON types and codes around personal data, unknown elements holding it, and cut-off JSON.
    String good = patient(m1, FAMILY, GIVEN, NAME_ZH, PHONE, EMAIL, NATIONAL_ID, STREET, CITY, "1977-03-15");
    assertRefused(put("/fhir/Patient/" + m1, "application/fhir+json",
        good.replace("\"telecom\": [", "\"telecom\": [{\"system\": \"mobile\", \"value\": \"" + PHONE_2 + "\"}, ")));
    assertRefused(put("/fhir/Patient/" + m1, "application/fhir+json",
        good.replace("\"gender\": \"female\"", "\"gender\": \"" + GIVEN + "\"")));
    assertRefused(put("/fhir/Patient/" + m1, "application/fhir+json",
        good.replace("\"gender\": \"female\"", "\"gender\": \"female\", \"nickname\": \"" + GIVEN_2 + "\"")));
    assertRefused(put("/fhir/Patient/" + m1, "application/fhir+json",
        good.replace("\"family\": \"" + FAMILY + "\"", "\"family\": {\"value\": \"" + FAMILY + "\"}")));
    assertRefused(put("/fhir/Patient/" + m1, "application/fhir+json",
        good.replace("\"value\": \"" + EMAIL + "\"", "\"value\": {\"address\": \"" + EMAIL + "\"}")));
    assertRefused(put("/fhir/Patient/" + m1, "application/fhir+json", good.substring(0, good.indexOf(STREET) + 5)));
    assertRefused(put("/fhir/Patient/" + m1, "application/fhir+json",
        good.replace("\"birthDate\": \"1977-03-15\"",
            "\"birthDate\": \"1977-03-15\", \"birthDate\": \"" + MRN + "\"")));
    assertRefused(postFhir("/fhir/Patient", good.replace("\"" + STREET + "\"", "\"" + STREET + "\u0000\"")));
  }

  private void refuseReferencesAndBundles(String m1) {
    assertRefused(postFhir("/fhir/Condition", """
        {"resourceType": "Condition",
         "code": {"coding": [{"system": "http://vigil.health/fhir/CodeSystem/condition", "code": "hypertension"}]},
         "subject": {"reference": "Patient?identifier=%s|%s"}, "note": [{"text": "%s %s"}]}"""
        .formatted(NATIONAL_ID_SYSTEM, UNKNOWN_ID, FAMILY, PHONE)));
    assertRefused(postFhir("/fhir/Condition", """
        {"resourceType": "Condition",
         "code": {"coding": [{"system": "http://vigil.health/fhir/CodeSystem/condition", "code": "hypertension"}]},
         "subject": {"reference": "Patient/%s"}}""".formatted(NATIONAL_ID)));
    // A transaction with a member's data and an implausible reading: rolled back whole.
    Response tx = postFhir("/fhir", """
        {"resourceType": "Bundle", "type": "transaction", "entry": [
          {"fullUrl": "urn:uuid:9b1e6f1c-0000-4000-8000-000000000011", "request": {"method": "POST", "url": "Patient"},
           "resource": %s},
          {"request": {"method": "POST", "url": "Observation"},
           "resource": {"resourceType": "Observation", "status": "final",
             "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
             "subject": {"reference": "Patient?identifier=urn:hospital:mrn|%s"}, "effectiveDateTime": "%s",
             "valueQuantity": {"value": -61.5, "system": "http://unitsofmeasure.org", "code": "kg"}}}]}"""
        .formatted(patient(null, FAMILY, GIVEN_2, null, PHONE_2, EMAIL, UNKNOWN_ID, STREET, CITY, "1990-01-01")
            .replace(NATIONAL_ID_SYSTEM, "urn:hospital:mrn").replace(UNKNOWN_ID, MRN), MRN, at(5)));
    assertRefused(tx);
    // A batch whose two Patients claim the same national id; and one whose Observation names an unknown member.
    Response batch = postFhir("/fhir", """
        {"resourceType": "Bundle", "type": "batch", "entry": [
          {"request": {"method": "PUT", "url": "Patient/%s"}, "resource": %s},
          {"request": {"method": "POST", "url": "Observation"},
           "resource": {"resourceType": "Observation", "status": "final",
             "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
             "subject": {"reference": "Patient?identifier=%s|%s"}, "effectiveDateTime": "%s",
             "valueQuantity": {"value": 61.5, "system": "http://unitsofmeasure.org", "code": "kg"}}}]}"""
        .formatted(m1 + "-twin", patient(m1 + "-twin", FAMILY, GIVEN, NAME_ZH, PHONE, EMAIL, NATIONAL_ID, STREET,
            CITY, "1977-03-15"), NATIONAL_ID_SYSTEM, UNKNOWN_ID, at(4)));
    assertThat(batch.status()).as(batch.body()).isEqualTo(200);
    assertThat(batch.body()).contains("422");
    // Searches by name and identifier, reads.
    assertThat(get("/fhir/Patient?name=" + FAMILY).status()).isEqualTo(200);
    assertThat(get("/fhir/Patient?identifier=" + NATIONAL_ID_SYSTEM + "|" + NATIONAL_ID).status()).isEqualTo(200);
    assertThat(get("/fhir/Patient/" + m1).status()).isEqualTo(200);
    assertThat(get("/fhir/Patient/" + NATIONAL_ID).status()).isEqualTo(404);
    assertThat(get("/api/v1/alerts?patient=" + m1).status()).isEqualTo(200);
  }

  private void openPages(String m1, String m2) throws Exception {
    String operator = unique("ops-logs");
    users.save(new User(operator, "Log Test Operator", Role.OPERATOR, "default", "en", null, false));
    // The pages as the operator would see them (a bearer token works for pages as for the API).
    var asOperator = http(token(operator, "operator", "default"));
    for (String page : List.of("/worklist", "/ui/worklist", "/members/" + m1, "/members/" + m2)) {
      assertThat(asOperator.get(page, "text/html").status()).as(page).isEqualTo(200);
    }
  }

  private static void assertRefused(Response r) {
    assertThat(r.status()).as(r.body()).isBetween(400, 499);
  }

  private static String patient(String id, String family, String given, String nameZh, String phone, String email,
      String nationalId, String street, String city, String birthDate) {
    return """
        {"resourceType": "Patient", %s
         "identifier": [{"system": "%s", "value": "%s"}],
         "name": [{"family": "%s", "given": ["%s"]}%s],
         "telecom": [{"system": "phone", "value": "%s"}, {"system": "email", "value": "%s"}],
         "gender": "female", "birthDate": "%s",
         "address": [{"line": ["%s"], "city": "%s", "country": "CN"}]}"""
        .formatted(id == null ? "" : "\"id\": \"" + id + "\",", NATIONAL_ID_SYSTEM, nationalId, family, given,
            nameZh == null ? "" : ", {\"text\": \"" + nameZh + "\"}", phone, email, birthDate, street, city);
  }

  /** Every personal datum above, as written and in the other shapes a log could carry it. */
  private static Set<String> variants() {
    Set<String> out = new LinkedHashSet<>();
    for (String s : List.of(FAMILY, GIVEN, NAME_ZH, PHONE, NATIONAL_ID, STREET, CITY, EMAIL, FAMILY_2, GIVEN_2,
        PHONE_2, NATIONAL_ID_2, EMAIL_2, STREET_2, UNKNOWN_ID, MRN)) {
      out.add(s);
      out.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
      out.add(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
      StringBuilder escaped = new StringBuilder();
      s.chars().forEach(c -> escaped.append(c < 128 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
      out.add(escaped.toString());
    }
    for (String phone : List.of(PHONE, PHONE_2)) {
      out.add(phone.replace(" ", ""));
      out.add(phone.replace(" ", "").replace("+86", ""));
      out.add(phone.replace("+86 ", "").replace(" ", "-"));
    }
    for (String id : List.of(NATIONAL_ID, NATIONAL_ID_2, UNKNOWN_ID)) {
      out.add(id.substring(0, id.length() - 1));
    }
    return out;
  }

  private static String excerpts(String log, List<String> found) {
    StringBuilder sb = new StringBuilder();
    String lower = log.toLowerCase(Locale.ROOT);
    for (String f : found) {
      int at = lower.indexOf(f.toLowerCase(Locale.ROOT));
      int from = Math.max(0, log.lastIndexOf('\n', at) + 1);
      int to = log.indexOf('\n', at);
      sb.append("  '").append(f).append("' in: ").append(log, from, to < 0 ? log.length() : Math.min(to, from + 600))
          .append('\n');
    }
    return sb.toString();
  }
}
