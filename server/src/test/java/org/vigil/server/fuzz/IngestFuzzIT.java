package org.vigil.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;
import org.springframework.test.context.TestContextManager;
import org.vigil.server.IntegrationTest;
import org.vigil.server.TestHttp;
import org.vigil.server.ingest.DeviceReadingsParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes the ingestion endpoints (issue 6): the device API {@code POST /api/v1/readings}, FHIR
 * {@code POST /fhir/Observation}, {@code PUT/POST /fhir/Patient}, {@code POST /fhir/Condition} and transaction and
 * batch Bundles on {@code POST /fhir}. Each property starts from valid seeds ({@link Seeds}) and mutates them
 * ({@link Mutation}): dropped, repeated and renamed fields, wrong JSON types, odd numbers, nasty strings, wrong
 * units and codes, bad times, unknown members, deep nesting, cut-off JSON; now and then it sends junk or an
 * over-limit batch instead. For every input:
 *
 * <ul>
 *   <li>the answer is never a 5xx;</li>
 *   <li>a 4xx is problem+json (device API) or an OperationOutcome (FHIR) whose every error names a field and a
 *       reason;</li>
 *   <li>nothing is half-written: a refused request changes no row; a device batch stores exactly the items its
 *       report calls stored; a Bundle's rows match its entries' responses; a transaction is all or nothing.</li>
 * </ul>
 *
 * <p>jqwik runs the properties (a JUnit Platform engine of its own); the server is the same Spring test context
 * the other integration tests share, loaded through Spring's {@link TestContextManager}. Tries and seed come from
 * {@code vigil.fuzz.tries} and {@code vigil.fuzz.seed} ({@link FuzzSettings}, docs/fuzzing.md).
 */
@AddLifecycleHook(FuzzSettings.class)
class IngestFuzzIT extends IntegrationTest {
  /** Reads JSON as the device API does (a repeated key: the last one counts). */
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonMapper STRICT = JsonMapper.builder()
      .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  /** The longest any input may take to be answered. */
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);
  private static final ExecutorService SENDER = Executors.newVirtualThreadPerTaskExecutor();
  private static TestContextManager spring;
  private static boolean membersCreated;

  @BeforeContainer
  static void loadSpring() throws Exception {
    spring = new TestContextManager(IngestFuzzIT.class);
    spring.beforeTestClass();
  }

  @AfterContainer
  static void releaseSpring() throws Exception {
    spring.afterTestClass();
  }

  @BeforeProperty
  void injectAndCreateMembers() throws Exception {
    spring.prepareTestInstance(this);
    if (!membersCreated) {
      FuzzPatients.ids().forEach(this::patient);
      membersCreated = true;
    }
  }

  // ---- properties ----------------------------------------------------------------------------------------------

  @Property(shrinking = ShrinkingMode.BOUNDED)
  void deviceApiNeverFailsAndWritesExactlyWhatItReports(@ForAll("deviceInputs") FuzzInput in) {
    Counts before = counts();
    TestHttp.Response r = send(in, "application/json");
    Counts after = counts();
    String why = why(in, r);
    assertThat(r.status()).as(why).isLessThan(500);
    if (r.status() == 200 || r.status() == 422) {
      checkDeviceReport(in, r, before, after, why);
    } else {
      assertThat(r.status()).as(why).isBetween(400, 499);
      assertProblem(r, why);
      assertThat(after).as("a refused batch writes nothing\n" + why).isEqualTo(before);
    }
  }

  @Property(shrinking = ShrinkingMode.BOUNDED)
  void fhirObservationCreateIsAllOrNothing(@ForAll("observationInputs") FuzzInput in) {
    Counts before = counts();
    TestHttp.Response r = send(in, "application/fhir+json");
    Counts after = counts();
    String why = why(in, r);
    assertThat(r.status()).as(why).isLessThan(500);
    if (r.status() == 201 || r.status() == 200) {
      assertThat(r.json().path("resourceType").asString()).as(why).isEqualTo("Observation");
      assertThat(after.observations - before.observations).as(why).isEqualTo(r.status() == 201 ? 1 : 0);
      assertThat(after.readings - before.readings > 0).as(why).isEqualTo(r.status() == 201);
      assertThat(after.withObservations(before.observations).withReadings(before.readings).withAlerts(before.alerts))
          .as("only the observation, its readings and alerts are written\n" + why).isEqualTo(before);
    } else {
      assertRefused(r, before, after, why);
    }
  }

  @Property(shrinking = ShrinkingMode.BOUNDED)
  void fhirPatientWriteIsAllOrNothing(@ForAll("patientInputs") FuzzInput in) {
    Counts before = counts();
    TestHttp.Response r = send(in, "application/fhir+json");
    Counts after = counts();
    String why = why(in, r);
    assertThat(r.status()).as(why).isLessThan(500);
    if (r.status() == 201 || r.status() == 200) {
      assertThat(in.method().equals("POST") && r.status() == 200).as("a POST always creates\n" + why).isFalse();
      assertThat(r.json().path("resourceType").asString()).as(why).isEqualTo("Patient");
      if (in.method().equals("PUT")) {
        assertThat(r.json().path("id").asString()).as(why).isEqualTo(in.path().substring("/fhir/Patient/".length()));
      }
      assertThat(after.patients - before.patients).as(why).isEqualTo(r.status() == 201 ? 1 : 0);
      assertThat(after.versions - before.versions).as("one new version\n" + why).isEqualTo(1);
      assertThat(after.withPatients(before.patients).withVersions(before.versions)
          .withIdentifiers(before.identifiers)).as("a Patient write touches only members\n" + why).isEqualTo(before);
    } else {
      assertRefused(r, before, after, why);
    }
  }

  @Property(shrinking = ShrinkingMode.BOUNDED)
  void fhirConditionCreateIsAllOrNothing(@ForAll("conditionInputs") FuzzInput in) {
    Counts before = counts();
    TestHttp.Response r = send(in, "application/fhir+json");
    Counts after = counts();
    String why = why(in, r);
    assertThat(r.status()).as(why).isLessThan(500);
    if (r.status() == 201) {
      assertThat(r.json().path("resourceType").asString()).as(why).isEqualTo("Condition");
      assertThat(after.conditions - before.conditions).as(why).isEqualTo(1);
      assertThat(after.withConditions(before.conditions).withAlerts(before.alerts))
          .as("a Condition writes the condition (and re-judges the member)\n" + why).isEqualTo(before);
    } else {
      assertRefused(r, before, after, why);
    }
  }

  @Property(shrinking = ShrinkingMode.BOUNDED)
  void fhirBundlesMatchTheirResponsesAndTransactionsAreAllOrNothing(@ForAll("bundleInputs") FuzzInput in) {
    Counts before = counts();
    TestHttp.Response r = send(in, "application/fhir+json");
    Counts after = counts();
    String why = why(in, r);
    assertThat(r.status()).as(why).isLessThan(500);
    if (r.status() != 200) {
      assertRefused(r, before, after, why);
      return;
    }
    JsonNode bundle = r.json();
    assertThat(bundle.path("resourceType").asString()).as(why).isEqualTo("Bundle");
    String type = bundle.path("type").asString();
    assertThat(type).as(why).isIn("transaction-response", "batch-response");
    // When every entry is a JSON object (and no key repeats, which leaves it to HAPI's parser which one counts),
    // each gets its response. HAPI reads other shapes its own way: it drops scalars, flattens nested arrays and
    // takes a null for an empty entry.
    JsonNode sent = tryParse(STRICT, in.body());
    if (sent != null && sent.path("entry").isArray()) {
      boolean objects = true;
      for (JsonNode e : sent.path("entry")) {
        objects &= e.isObject();
      }
      if (objects) {
        assertThat(bundle.path("entry").size()).as("one response per entry\n" + why)
            .isEqualTo(sent.path("entry").size());
      }
    }
    long patients = 0;
    long observations = 0;
    long conditions = 0;
    for (int i = 0; i < bundle.path("entry").size(); i++) {
      JsonNode response = bundle.path("entry").get(i).path("response");
      String status = response.path("status").asString();
      assertThat(status).as("entry[%d] has a status\n%s", i, why).matches("\\d{3}( .*)?");
      int code = Integer.parseInt(status.substring(0, 3));
      assertThat(code).as("entry[%d]\n%s", i, why).isLessThan(500);
      if (type.equals("transaction-response")) {
        assertThat(code).as("a transaction that answers 200 succeeded in every entry\n" + why).isBetween(200, 299);
      }
      if (code >= 400) {
        assertOutcomeNamesFields(response.path("outcome"), "entry[" + i + "] " + why);
      }
      String location = response.path("location").asString("");
      if (code == 201) {
        patients += location.startsWith("Patient/") ? 1 : 0;
        observations += location.startsWith("Observation/") ? 1 : 0;
        conditions += location.startsWith("Condition/") ? 1 : 0;
      }
    }
    assertThat(after.patients - before.patients).as("members created = Patient entries answered 201\n" + why)
        .isEqualTo(patients);
    assertThat(after.observations - before.observations)
        .as("observations stored = Observation entries answered 201\n" + why).isEqualTo(observations);
    assertThat(after.conditions - before.conditions).as("conditions stored = Condition entries answered 201\n" + why)
        .isEqualTo(conditions);
    assertThat(after.readings - before.readings >= observations).as(why).isTrue();
  }

  // ---- generators ----------------------------------------------------------------------------------------------

  @Provide
  Arbitrary<FuzzInput> deviceInputs() {
    Arbitrary<Json.Obj> reading = Combinators.combine(ints(0, 7), ints(0, 2), ints(1, 60 * 24 * 120), ints(0, 39),
        Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(1, ints(1, 40))))
        .as(Seeds::deviceReadingFor);
    Arbitrary<FuzzInput> mutated = Combinators.combine(reading.list().ofMinSize(1).ofMaxSize(6), mutations(5))
        .as((items, ms) -> {
          Json.Arr array = new Json.Arr();
          items.forEach(array::add);
          Json.Obj seed = Json.obj().put("readings", array);
          return new FuzzInput(items.size() + " readings, mutations " + ms, "POST", "/api/v1/readings",
              Mutation.apply(seed, ms));
        });
    Arbitrary<FuzzInput> overLimit = Combinators.combine(ints(0, 2), reading).as((extra, r) -> {
      int n = DeviceReadingsParser.MAX_BATCH + (extra == 0 ? 0 : extra == 1 ? 1 : 7);
      String item = extra == 2 ? r.toString() : "{}";
      String body = IntStream.range(0, n).mapToObj(i -> item)
          .collect(Collectors.joining(",", "{\"readings\": [", "]}"));
      return new FuzzInput(n + " readings (the limit is " + DeviceReadingsParser.MAX_BATCH + ")", "POST",
          "/api/v1/readings", body);
    });
    return Arbitraries.frequencyOf(
        Tuple.of(90, mutated),
        Tuple.of(6, junk("POST", "/api/v1/readings", List.of("", " ", "null", "[]", "42", "\"readings\"", "{}",
            "{\"readings\": {}}", "{\"readings\": null}", "{\"readings\": []}", "{\"readings\": [], \"extra\": 1}",
            "{\"readings\": [null]}", "{\"readings\": [[]]}", "{\"readings\": [1, \"a\", true]}"))),
        Tuple.of(1, overLimit));
  }

  @Provide
  Arbitrary<FuzzInput> observationInputs() {
    Arbitrary<Json.Obj> seed = Combinators.combine(ints(0, 5), ints(0, 2), ints(1, 60 * 24 * 120), ints(0, 39),
        Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(1, ints(1, 40))))
        .as((kind, p, minutes, jitter, ident) ->
            Seeds.observation(kind, "Patient/" + FuzzPatients.id(p), minutes, jitter, ident));
    return fhir(seed, "POST", "/fhir/Observation");
  }

  @Provide
  Arbitrary<FuzzInput> patientInputs() {
    Arbitrary<FuzzInput> put = Combinators.combine(ints(0, 5), ints(0, 3), ints(0, 1_000_000), mutations(4),
        Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("")), Tuple.of(1, Arbitraries.of("a_b",
            "x".repeat(65), "%C3%A9", "a.b", "-", "Ab9", "%20"))))
        .as((target, variant, n, ms, odd) -> {
          String id = target < 3 ? FuzzPatients.id(target) : FuzzPatients.fresh(n);
          String url = odd.isEmpty() ? id : odd;
          return new FuzzInput("PUT of " + (target < 3 ? "an existing" : "a new") + " member, variant " + variant
              + ", mutations " + ms, "PUT", "/fhir/Patient/" + url, Mutation.apply(Seeds.patient(id, variant, id), ms));
        });
    Arbitrary<FuzzInput> post = Combinators.combine(ints(0, 3), ints(0, 1_000_000), mutations(4))
        .as((variant, n, ms) -> new FuzzInput("POST of a member, variant " + variant + ", mutations " + ms, "POST",
            "/fhir/Patient", Mutation.apply(Seeds.patient(null, variant, "post-" + FuzzPatients.RUN + "-" + n), ms)));
    return Arbitraries.frequencyOf(Tuple.of(70, put), Tuple.of(20, post),
        Tuple.of(6, junk("PUT", "/fhir/Patient/" + FuzzPatients.id(0), List.of("", "{}", "[]",
            "{\"resourceType\": \"Patient\"}", "{\"resourceType\": \"Observation\"}", "{\"resourceType\": 1}"))));
  }

  @Provide
  Arbitrary<FuzzInput> conditionInputs() {
    Arbitrary<Json.Obj> seed = Combinators.combine(ints(0, 3), ints(0, 2))
        .as((variant, p) -> Seeds.condition(variant, "Patient/" + FuzzPatients.id(p)));
    return fhir(seed, "POST", "/fhir/Condition");
  }

  @Provide
  Arbitrary<FuzzInput> bundleInputs() {
    Arbitrary<Json.Obj> seed = Combinators.combine(Arbitraries.of("transaction", "batch"),
            Arbitraries.frequencyOf(Tuple.of(4, ints(0, 1_000_000)), Tuple.of(1, ints(0, 5))), ints(0, 2),
            ints(1, 60 * 24 * 120), ints(0, 39), Arbitraries.of(false, true))
        .as(Seeds::bundle);
    return fhir(seed, "POST", "/fhir");
  }

  /** Mutated seeds, or now and then junk, for a FHIR endpoint. */
  private static Arbitrary<FuzzInput> fhir(Arbitrary<Json.Obj> seed, String method, String path) {
    Arbitrary<FuzzInput> mutated = Combinators.combine(seed, mutations(4)).as((s, ms) -> new FuzzInput(
        "mutations " + ms, method, path, Mutation.apply(s, ms)));
    return Arbitraries.frequencyOf(Tuple.of(92, mutated), Tuple.of(8, junk(method, path, List.of("", " ", "null",
        "[]", "{}", "{\"resourceType\": \"Bundle\"}", "{\"resourceType\": \"Bundle\", \"type\": \"collection\"}",
        "{\"resourceType\": \"Bundle\", \"type\": \"transaction\", \"entry\": [{}]}",
        "{\"resourceType\": \"Observation\"}", "{\"resourceType\": \"Patient\"}", "{\"resourceType\": \"Condition\"}",
        "{\"resourceType\": \"Nonsense\"}", "<Patient xmlns=\"http://hl7.org/fhir\"/>"))));
  }

  /** Fixed odd bodies, random characters (any UTF-16 unit, unpaired surrogates too) and JSON-ish noise. */
  private static Arbitrary<FuzzInput> junk(String method, String path, List<String> fixed) {
    return Arbitraries.oneOf(
        Arbitraries.of(fixed).map(b -> new FuzzInput("fixed body", method, path, b)),
        Arbitraries.strings().all().ofMaxLength(300).map(b -> new FuzzInput("random characters", method, path, b)),
        Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-truefalsnul readingsresourceType\\u ")
            .ofMaxLength(200).map(b -> new FuzzInput("JSON-ish noise", method, path, b)));
  }

  private static Arbitrary<List<Mutation>> mutations(int max) {
    Arbitrary<Mutation.Kind> kinds = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(Mutation.Kind.DROP)),
        Tuple.of(2, Arbitraries.just(Mutation.Kind.DUPLICATE)),
        Tuple.of(2, Arbitraries.just(Mutation.Kind.RENAME)),
        Tuple.of(6, Arbitraries.just(Mutation.Kind.REPLACE)),
        Tuple.of(10, Arbitraries.just(Mutation.Kind.SAME_TYPE)),
        Tuple.of(3, Arbitraries.just(Mutation.Kind.COPY)),
        Tuple.of(1, Arbitraries.just(Mutation.Kind.TRUNCATE)),
        Tuple.of(1, Arbitraries.just(Mutation.Kind.INJECT)));
    return Combinators.combine(kinds, ints(0, 9_999), ints(0, 9_999)).as(Mutation::new).list().ofMaxSize(max);
  }

  private static Arbitrary<Integer> ints(int min, int max) {
    return Arbitraries.integers().between(min, max);
  }

  // ---- oracles -------------------------------------------------------------------------------------------------

  /** Row counts of everything ingestion writes (plus the sum of member versions, which an update bumps). */
  record Counts(long patients, long versions, long identifiers, long observations, long readings, long alerts,
      long conditions) {
    Counts withPatients(long n) {
      return new Counts(n, versions, identifiers, observations, readings, alerts, conditions);
    }

    Counts withVersions(long n) {
      return new Counts(patients, n, identifiers, observations, readings, alerts, conditions);
    }

    Counts withIdentifiers(long n) {
      return new Counts(patients, versions, n, observations, readings, alerts, conditions);
    }

    Counts withObservations(long n) {
      return new Counts(patients, versions, identifiers, n, readings, alerts, conditions);
    }

    Counts withReadings(long n) {
      return new Counts(patients, versions, identifiers, observations, n, alerts, conditions);
    }

    Counts withAlerts(long n) {
      return new Counts(patients, versions, identifiers, observations, readings, n, conditions);
    }

    Counts withConditions(long n) {
      return new Counts(patients, versions, identifiers, observations, readings, alerts, n);
    }
  }

  private Counts counts() {
    return jdbc.sql("""
            select (select count(*) from patient), (select coalesce(sum(version), 0) from patient),
                   (select count(*) from patient_identifier), (select count(*) from observation),
                   (select count(*) from reading), (select count(*) from alert),
                   (select count(*) from member_condition)""")
        .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
            rs.getLong(6), rs.getLong(7)))
        .single();
  }

  /**
   * Sends the input and waits at most {@link #ANSWER_WITHIN} for the answer (a request that never ends is a
   * failure too); the answers' statuses are counted, so the report shows how deep the inputs got.
   */
  private TestHttp.Response send(FuzzInput in, String contentType) {
    CompletableFuture<TestHttp.Response> answer = CompletableFuture.supplyAsync(() -> in.method().equals("PUT")
        ? http().put(in.path(), contentType, in.body()) : http().post(in.path(), contentType, in.body()), SENDER);
    try {
      TestHttp.Response r = answer.get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
      Statistics.label("answer").collect(r.status());
      // A refused token would make every input "rejected" without reaching ingestion: that is not fuzzing.
      assertThat(r.status()).as("authenticated\ninput: " + in).isNotEqualTo(401);
      return r;
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new AssertionError("no answer within " + ANSWER_WITHIN + "\ninput: " + in);
    } catch (ExecutionException e) {
      throw new AssertionError("the request failed: " + e.getCause() + "\ninput: " + in, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The device API's per-item report against the rows: stored items exist, nothing else was written. */
  private void checkDeviceReport(FuzzInput in, TestHttp.Response r, Counts before, Counts after, String why) {
    JsonNode body = r.json();
    assertThat(body).as(why).isNotNull();
    if (r.status() == 422) {
      assertProblem(r, why);
    }
    JsonNode items = body.path("items");
    JsonNode sent = tryParse(in.body());
    assertThat(sent).as("the server accepted a body that is not JSON\n" + why).isNotNull();
    assertThat(items.size()).as("one report item per reading\n" + why).isEqualTo(sent.path("readings").size());
    List<Long> stored = new ArrayList<>();
    int rejected = 0;
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      assertThat(item.path("index").asInt()).as(why).isEqualTo(i);
      String status = item.path("status").asString();
      switch (status) {
        case "stored", "duplicate" -> {
          String id = item.path("id").asString("");
          assertThat(id).as(why).startsWith("Observation/");
          long n = Long.parseLong(id.substring("Observation/".length()));
          if (status.equals("stored")) {
            stored.add(n);
          }
          assertThat(count("select count(*) from observation where id = ?", n)).as(why).isEqualTo(1);
          assertThat(item.path("problems").size()).as(why).isZero();
        }
        case "rejected" -> {
          rejected++;
          assertThat(item.path("problems").size()).as("a rejected item says why\n" + why).isPositive();
          for (JsonNode p : item.path("problems")) {
            assertThat(p.path("field").asString("")).as("the problem names the item's field\n" + why)
                .startsWith("readings[" + i + "]");
            assertThat(p.path("reason").asString("")).as(why).isNotBlank();
          }
          assertThat(item.path("id").isNull() || item.path("id").isMissingNode()).as(why).isTrue();
        }
        default -> fail("unknown item status '%s'\n%s", status, why);
      }
    }
    assertThat(body.path("stored").asLong()).as(why).isEqualTo(stored.size());
    assertThat(body.path("rejected").asLong()).as(why).isEqualTo(rejected);
    assertThat(r.status() == 422).as("422 exactly when an item was rejected\n" + why).isEqualTo(rejected > 0);
    assertThat(after.observations - before.observations).as("stored observations = items reported stored\n" + why)
        .isEqualTo(stored.size());
    long readings = stored.isEmpty() ? 0 : count("select count(*) from reading where observation_id = any(?)",
        (Object) stored.toArray(Long[]::new));
    assertThat(after.readings - before.readings).as("new readings belong to the stored observations\n" + why)
        .isEqualTo(readings);
    if (stored.isEmpty()) {
      assertThat(after.alerts).as("no stored reading, no new alert\n" + why).isEqualTo(before.alerts);
    }
    assertThat(after.withObservations(before.observations).withReadings(before.readings).withAlerts(before.alerts))
        .as("readings write nothing else\n" + why).isEqualTo(before);
  }

  /** A device API refusal: problem+json whose every error names a field and a reason. */
  private static void assertProblem(TestHttp.Response r, String why) {
    assertThat(r.contentType()).as(why).contains("application/problem+json");
    JsonNode errors = r.json() == null ? null : r.json().path("errors");
    assertThat(errors != null && errors.isArray() && !errors.isEmpty()).as("errors are listed\n" + why).isTrue();
    for (JsonNode e : errors) {
      assertThat(e.path("field").asString("")).as("every error names a field\n" + why).isNotBlank();
      assertThat(e.path("reason").asString("")).as("every error gives a reason\n" + why).isNotBlank();
    }
  }

  /** A FHIR refusal: a 4xx OperationOutcome naming fields, and no row written. */
  private static void assertRefused(TestHttp.Response r, Counts before, Counts after, String why) {
    assertThat(r.status()).as("a FHIR write answers 200, 201 or 4xx\n" + why).isBetween(400, 499);
    assertThat(r.json()).as("the refusal is JSON\n" + why).isNotNull();
    assertOutcomeNamesFields(r.json(), why);
    assertThat(after).as("a refused request writes nothing\n" + why).isEqualTo(before);
  }

  private static void assertOutcomeNamesFields(JsonNode outcome, String why) {
    assertThat(outcome.path("resourceType").asString("")).as(why).isEqualTo("OperationOutcome");
    JsonNode issues = outcome.path("issue");
    assertThat(issues.isArray() && !issues.isEmpty()).as("the outcome has issues\n" + why).isTrue();
    boolean anyError = false;
    for (JsonNode issue : issues) {
      String severity = issue.path("severity").asString("");
      if (!severity.equals("error") && !severity.equals("fatal")) {
        continue;
      }
      anyError = true;
      assertThat(issue.path("diagnostics").asString("")).as("every error gives a reason\n" + why).isNotBlank();
      JsonNode expression = issue.path("expression");
      assertThat(expression.isArray() && !expression.isEmpty() && !expression.get(0).asString("").isBlank())
          .as("every error names the element (expression)\n" + why).isTrue();
    }
    assertThat(anyError).as("a refusal carries an error issue\n" + why).isTrue();
  }

  private static JsonNode tryParse(String body) {
    return tryParse(JSON, body);
  }

  private static JsonNode tryParse(JsonMapper mapper, String body) {
    try {
      return mapper.readTree(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String why(FuzzInput in, TestHttp.Response r) {
    String answer = r.body() == null ? "" : r.body();
    if (answer.length() > 3_000) {
      answer = answer.substring(0, 3_000) + "... (" + answer.length() + " characters)";
    }
    return "input: " + in + "\nanswer: " + r.status() + " " + r.contentType() + "\n  " + answer
        + "\n(seed " + FuzzSettings.seed() + ", " + FuzzSettings.tries() + " tries; docs/fuzzing.md says how to rerun)";
  }
}
