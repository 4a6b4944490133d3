package org.vigil.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.vigil.server.TestHttp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Test members with every kind of direct identifier, each value unique to the member so that finding it anywhere
 * in the database can only mean it was stored in clear.
 */
final class Members {
  static final String NATIONAL_ID = "urn:oid:2.16.156.10011.1.1";
  static final String MRN = "urn:hospital:mrn";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One member.
   *
   * @param family a family name made of letters only, unique to this member
   */
  record Member(String id, String tenant, String family, String given, String nameZh, String phone, String email,
      String nationalId, String mrn, String street, String postalCode) {

    /** Every value that must never be stored in clear. */
    List<String> secrets() {
      return List.of(family, given, nameZh, phone, email, nationalId, mrn, street, postalCode);
    }

    String json() {
      return """
          {"resourceType": "Patient", "id": "%s",
           "meta": {"tag": [{"system": "http://vigil.health/fhir/CodeSystem/tenant", "code": "%s"}]},
           "text": {"status": "generated", "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\">%s %s</div>"},
           "identifier": [{"use": "official", "system": "%s", "value": "%s"}, {"system": "%s", "value": "%s"}],
           "name": [{"use": "official", "family": "%s", "given": ["%s"]}, {"text": "%s"}],
           "telecom": [{"system": "phone", "value": "%s", "use": "mobile"}, {"system": "email", "value": "%s"}],
           "gender": "female", "birthDate": "1958-03-04",
           "address": [{"use": "home", "line": ["%s"], "city": "Shanghai", "district": "Xuhui",
                        "postalCode": "%s", "country": "CN"}]}"""
          .formatted(id, tenant, family, nationalId, NATIONAL_ID, nationalId, MRN, mrn, family, given, nameZh,
              phone, email, street, postalCode);
    }
  }

  private Members() {}

  static Member member(String tenant) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String tag = letters(8);
    String digits = Long.toString(r.nextLong(1_000_000_000L, 9_999_999_999L));
    String nameZh = "王" + (char) ('\u4e00' + r.nextInt(2000)) + (char) ('\u4e00' + r.nextInt(2000))
        + (char) ('\u4e00' + r.nextInt(2000));
    return new Member("enc-" + letters(10), tenant, "Fam" + tag, "Giv" + letters(6), nameZh,
        "+86 13" + digits.substring(0, 1) + " " + digits.substring(1, 5) + " " + digits.substring(5, 9),
        tag + "@example.org", "31010119" + digits.substring(0, 8) + "2X", "MRN-" + tag.toUpperCase(Locale.ROOT),
        r.nextInt(10, 999) + " Street" + letters(5) + " Road", "PC-" + letters(6));
  }

  private static String letters(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
    }
    return b.toString();
  }

  static void create(TestHttp http, Member m) {
    TestHttp.Response r = http.forTenant(m.tenant()).put("/fhir/Patient/" + m.id(), "application/fhir+json",
        m.json());
    assertThat(r.status()).as(r.body()).isIn(200, 201);
  }

  /** The member as read through FHIR, equal to what was written apart from the server's meta. */
  static void assertReadsBack(TestHttp http, Member m) {
    TestHttp.Response r = http.forTenant(m.tenant()).get("/fhir/Patient/" + m.id());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    ObjectNode read = (ObjectNode) r.json();
    ObjectNode sent = (ObjectNode) JSON.readTree(m.json());
    assertThat(read.get("meta").get("tag")).isEqualTo(sent.get("meta").get("tag"));
    read.remove("meta");
    sent.remove("meta");
    assertThat(read).isEqualTo(sent);
  }

  /** The ids of the members a FHIR search finds. */
  static List<String> search(TestHttp http, String query) {
    JsonNode bundle = http.get("/fhir/Patient?" + query).json();
    return bundle.path("entry").valueStream().map(e -> e.get("resource").get("id").asString()).toList();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * Fails when any member's secret appears, as written, in lower case or as the hex of its UTF-8 bytes (a clear
   * value in a bytea column), anywhere in any row of the member tables.
   */
  static void assertNoneInClear(JdbcClient jdbc, List<Member> members) {
    String dump = String.join("\n", jdbc.sql("""
            select t::text from patient t
            union all select t::text from patient_identifier t
            union all select t::text from patient_search_token t""").query(String.class).list());
    assertThat(dump).isNotBlank();
    String lower = dump.toLowerCase(Locale.ROOT);
    for (Member m : members) {
      for (String secret : m.secrets()) {
        assertThat(dump).as("clear " + secret).doesNotContain(secret);
        assertThat(lower).as("lower-case " + secret).doesNotContain(secret.toLowerCase(Locale.ROOT));
        assertThat(lower).as("hex of " + secret)
            .doesNotContain(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(lower).as("hex of lower-case " + secret)
            .doesNotContain(HexFormat.of().formatHex(secret.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
      }
    }
  }
}
