package org.vigil.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Property tests of the whole de-identified pipeline on random populations (sizes 0-500, skewed ages with members
 * over 89, skewed postal areas, missing values, several policies, k 2-10): the serialized output is grouped by its
 * quasi-identifiers here, and every value is checked against the chosen level with rules written independently of
 * the hierarchies.
 */
class DeidentifierTest {
  static final LocalDate AS_OF = LocalDate.of(2026, 11, 22);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int[] SIZES = {0, 3, 10, 40, 150, 500};
  private static final int[] SUPPRESSION_PERCENT = {0, 1, 5, 10, 30};
  private static final List<DeidentificationPolicy> POLICIES = List.of(
      DeidentificationPolicy.DEFAULT,
      new DeidentificationPolicy(List.of("postal6", "postal4", "postal2"), true),
      new DeidentificationPolicy(List.of("district", "city", "province"), false),
      new DeidentificationPolicy(List.of("postal3"), true));
  private static final String[] CONDITIONS = {"hypertension", "diabetes", "dyslipidemia", "gout", "ascvd"};

  private record Population(List<Member> members, Map<String, Activity> activity, DeidentificationPolicy policy,
      int k, int suppressionPercent) {}

  private static Population population(long seed) {
    Random rnd = new Random(seed);
    int n = SIZES[rnd.nextInt(SIZES.length)];
    List<Member> members = new ArrayList<>();
    Map<String, Activity> activity = new HashMap<>();
    String[] prefixes = {"2000", "2000", "2000", "2001", "2100", "1000", "5180", "8300"};
    String[] cities = {"Shanghai", "Shanghai", "Beijing", "Shenzhen", "Urumqi"};
    for (int i = 0; i < n; i++) {
      Optional<LocalDate> birth = Optional.empty();
      if (rnd.nextInt(20) > 0) {
        int years = rnd.nextInt(10) == 0 ? 90 + rnd.nextInt(16) : (int) (18 + 72 * Math.sqrt(rnd.nextDouble()));
        birth = Optional.of(AS_OF.minusYears(years).minusDays(rnd.nextInt(365)));
      }
      int s = rnd.nextInt(100);
      Optional<String> sex = s < 65 ? Optional.of("female") : s < 95 ? Optional.of("male")
          : s < 98 ? Optional.empty() : Optional.of("other");
      String city = cities[rnd.nextInt(cities.length)];
      Member.Address address = rnd.nextInt(20) == 0 ? Member.Address.NONE : new Member.Address(
          Optional.of(prefixes[(int) (prefixes.length * Math.pow(rnd.nextDouble(), 2))]
              + String.format("%02d", rnd.nextInt(rnd.nextBoolean() ? 3 : 100))),
          Optional.of("district-" + rnd.nextInt(4)), Optional.of(city), Optional.of(city + "-province"));
      List<Member.Condition> conditions = new ArrayList<>();
      for (String c : CONDITIONS) {
        if (rnd.nextDouble() < (c.equals("hypertension") ? 0.6 : 0.15)) {
          conditions.add(new Member.Condition(c, "http://vigil.health/fhir/CodeSystem/condition", c,
              rnd.nextInt(5) == 0 ? "resolved" : "active", Instant.parse("2025-01-01T00:00:00Z")));
        }
      }
      String id = "member-" + seed + "-" + i;
      members.add(new Member(id, birth, sex, address, conditions));
      List<Activity.Reading> readings = new ArrayList<>();
      for (int r = rnd.nextInt(5); r > 0; r--) {
        readings.add(new Activity.Reading(OffsetDateTime.of(2024 + rnd.nextInt(3), 1 + rnd.nextInt(12),
            1 + rnd.nextInt(28), rnd.nextInt(24), rnd.nextInt(60), 0, 0, ZoneOffset.ofHours(rnd.nextInt(3) * 4)),
            "systolic-bp", "8480-6", 100 + rnd.nextInt(80), "mm[Hg]", "home"));
      }
      List<Activity.Alert> alerts = rnd.nextBoolean() ? List.of() : List.of(new Activity.Alert("hypertension",
          "htn-grade", "htn-grade-2", "grade-2", "urgent", "open", Instant.parse("2025-06-07T08:09:10Z"),
          Optional.empty()));
      activity.put(id, new Activity(readings, alerts));
    }
    return new Population(members, activity, POLICIES.get(rnd.nextInt(POLICIES.size())), 2 + rnd.nextInt(9),
        SUPPRESSION_PERCENT[rnd.nextInt(SUPPRESSION_PERCENT.length)]);
  }

  static IntStream seeds() {
    return IntStream.range(0, 150);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everyReleasedClassHasAtLeastKRecordsAndNoValueIsFinerThanItsLevel(int seed) {
    Population p = population(seed);
    Deidentifier deidentifier = new Deidentifier(p.policy());
    Deidentifier.Plan plan = deidentifier.plan(p.members(), AS_OF, p.k(), p.suppressionPercent() / 100.0,
        new Random(seed));
    DeidentificationReport report = plan.report();
    List<JsonNode> records = new ArrayList<>();
    Map<Integer, Member> memberOfRecord = new HashMap<>();
    for (Deidentifier.Release r : plan.releases()) {
      records.add(JSON.readTree(JSON.writeValueAsString(deidentifier.record(r, p.activity().get(r.member().id())))));
      memberOfRecord.put(r.record(), r.member());
    }
    int n = p.members().size();

    assertThat(report.requestedK()).isEqualTo(p.k());
    assertThat(report.recordsIn()).isEqualTo(n);
    assertThat(report.recordsOut()).isEqualTo(records.size());
    assertThat(report.suppressed()).isEqualTo(n - records.size()).isLessThanOrEqualTo(
        report.kReached() ? p.suppressionPercent() * n / 100 : n);
    if (!report.kReached()) {
      assertThat(n).isLessThan(p.k());
      assertThat(records).isEmpty();
    }
    assertThat(records.stream().map(r -> r.get("record").asInt()).toList())
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, records.size()).boxed().toList());

    Map<String, Integer> classes = new HashMap<>();
    for (JsonNode r : records) {
      String key = r.get("age").asString() + "|" + r.get("sex").asString() + "|" + r.get("geography").asString()
          + (p.policy().conditionsQuasiIdentifier() ? "|" + r.get("conditions").asString() : "");
      classes.merge(key, 1, Integer::sum);
    }
    assertThat(classes.values()).allSatisfy(size -> assertThat(size).isGreaterThanOrEqualTo(p.k()));
    assertThat(report.equivalenceClasses()).isEqualTo(classes.size());
    if (records.isEmpty()) {
      assertThat(report.achievedK()).isEmpty();
    } else {
      assertThat(report.achievedK())
          .hasValue(classes.values().stream().mapToInt(Integer::intValue).min().orElseThrow());
    }

    Map<String, String> level = new HashMap<>();
    report.generalization().forEach(g -> level.put(g.attribute(), g.levelName()));
    for (JsonNode r : records) {
      Member m = memberOfRecord.get(r.get("record").asInt());
      assertThat(r.get("age").asString()).as("age").isEqualTo(expectedAge(m, level.get("age")));
      assertThat(r.get("sex").asString()).isEqualTo(level.get("sex").equals("*") ? "*" : m.sex().orElse("unknown"));
      assertThat(r.get("geography").asString()).as("geography at %s", level.get("geography"))
          .isEqualTo(expectedGeography(m.address(), level.get("geography")));
      assertThat(r.get("conditions").asString()).isEqualTo(expectedConditions(m,
          p.policy().conditionsQuasiIdentifier() ? level.get("conditions") : "condition set"));
      List<Activity.Reading> source = p.activity().get(m.id()).readings();
      assertThat(r.get("readings")).hasSize(source.size());
      for (int i = 0; i < source.size(); i++) {
        JsonNode reading = r.get("readings").get(i);
        assertThat(reading.propertyNames()).containsExactlyInAnyOrder("year", "analyte", "code", "value", "unit",
            "setting");
        assertThat(reading.get("year").asInt()).isEqualTo(source.get(i).effective().getYear());
      }
      for (JsonNode alert : r.get("alerts")) {
        assertThat(alert.get("year").asInt()).isEqualTo(2025);
        boolean hidden = p.policy().conditionsQuasiIdentifier() && !level.get("conditions").equals("condition set");
        assertThat(alert.get("condition").isNull()).isEqualTo(hidden);
      }
    }
  }

  /** Age at the chosen level, computed here from the birth date: exact years, bands, 90+ and 80+ top codes. */
  static String expectedAge(Member m, String level) {
    if (level.equals("*")) {
      return "*";
    }
    if (m.birthDate().isEmpty()) {
      return "unknown";
    }
    int years = Period.between(m.birthDate().get(), AS_OF).getYears();
    int width = switch (level) {
      case "years" -> 1;
      case "5-year bands" -> 5;
      case "10-year bands" -> 10;
      case "20-year bands" -> 20;
      default -> throw new AssertionError(level);
    };
    if (years >= 90) {
      return width == 20 ? "80+" : "90+";
    }
    if (width == 1) {
      return Integer.toString(years);
    }
    int low = years - years % width;
    return low + width > 90 ? low + "+" : low + "-" + (low + width - 1);
  }

  private static final Pattern POSTAL = Pattern.compile("postal(\\d)");

  static String expectedGeography(Member.Address a, String level) {
    Matcher postal = POSTAL.matcher(level);
    if (postal.matches()) {
      if (a.postalCode().isEmpty()) {
        return "unknown";
      }
      String code = a.postalCode().get();
      int keep = Integer.parseInt(postal.group(1));
      StringBuilder masked = new StringBuilder();
      for (int i = 0; i < code.length(); i++) {
        masked.append(i < keep ? code.charAt(i) : '*');
      }
      return masked.toString();
    }
    return switch (level) {
      case "*" -> "*";
      case "province" -> a.state().orElse("unknown");
      case "city" -> a.city().isEmpty() ? "unknown" : a.state().orElseThrow() + "/" + a.city().get();
      case "district" -> a.city().isEmpty() ? "unknown"
          : a.state().orElseThrow() + "/" + a.city().get() + "/" + a.district().orElseThrow();
      default -> throw new AssertionError(level);
    };
  }

  static String expectedConditions(Member m, String level) {
    Set<String> active = new TreeSet<>();
    m.conditions().stream().filter(c -> c.clinicalStatus().equals("active")).forEach(c -> active.add(c.condition()));
    return switch (level) {
      case "condition set" -> active.isEmpty() ? "none" : String.join("+", active);
      case "number of conditions" -> active.size() + (active.size() == 1 ? " condition" : " conditions");
      case "*" -> "*";
      default -> throw new AssertionError(level);
    };
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void theSameDataGivesTheSameGeneralizationWhateverTheOutputOrder(int seed) {
    Population p = population(seed);
    Deidentifier d = new Deidentifier(p.policy());
    Deidentifier.Plan a = d.plan(p.members(), AS_OF, p.k(), p.suppressionPercent() / 100.0, new Random(1));
    Deidentifier.Plan b = d.plan(p.members(), AS_OF, p.k(), p.suppressionPercent() / 100.0, new Random(2));
    assertThat(a.report()).isEqualTo(b.report());
    Set<String> released = new HashSet<>();
    a.releases().forEach(r -> released.add(r.member().id()));
    assertThat(b.releases()).extracting(r -> r.member().id()).containsExactlyInAnyOrderElementsOf(released);
  }
}
