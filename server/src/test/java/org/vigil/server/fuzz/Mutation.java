package org.vigil.server.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * One change to a valid seed: what, where (an index into the tree's slots, taken modulo their number) and with
 * which payload (an index into {@link #VALUES}, modulo its size). Plain integers, so jqwik shrinks a failing
 * input towards fewer and simpler mutations.
 */
record Mutation(Kind kind, int target, int choice) {

  enum Kind {
    /** Removes a field or an array element. */
    DROP,
    /** Repeats a field (the same key twice in one object) or an array element. */
    DUPLICATE,
    /** Renames a field (typos, case, empty, control characters, a neighbour's name). */
    RENAME,
    /** Replaces a value by one from {@link #VALUES}: wrong types, odd numbers, nasty strings, bad units ... */
    REPLACE,
    /**
     * Replaces a string by another string from {@link #VALUES}, a number by another number: the JSON stays
     * well-typed, so more inputs get past the parser to the validation behind it.
     */
    SAME_TYPE,
    /** Replaces a value by a copy of another part of the same document (a date where a unit belongs ...). */
    COPY,
    /** Cuts the JSON text short. */
    TRUNCATE,
    /** Inserts a stray character into the JSON text. */
    INJECT
  }

  @Override
  public String toString() {
    return kind + "@" + target + "/" + choice;
  }

  /** Applies the mutations to a copy of {@code seed}; returns the JSON text to send. */
  static String apply(Json seed, List<Mutation> mutations) {
    Json root = seed.copy();
    for (Mutation m : mutations) {
      if (m.kind != Kind.TRUNCATE && m.kind != Kind.INJECT) {
        m.applyTo(root);
      }
    }
    String text = root.toString();
    for (Mutation m : mutations) {
      if (m.kind == Kind.TRUNCATE) {
        text = text.substring(0, Math.floorMod(m.choice, text.length() + 1));
      } else if (m.kind == Kind.INJECT) {
        int at = Math.floorMod(m.target, text.length() + 1);
        text = text.substring(0, at) + INJECTED.get(Math.floorMod(m.choice, INJECTED.size())) + text.substring(at);
      }
    }
    return text;
  }

  /** A place in the tree that holds a value: a field of an object or an element of an array. */
  private record Slot(Json container, int index) {
    Json value() {
      return container instanceof Json.Obj o ? o.fields.get(index).value : ((Json.Arr) container).items.get(index);
    }

    void set(Json v) {
      if (container instanceof Json.Obj o) {
        o.fields.get(index).value = v;
      } else {
        ((Json.Arr) container).items.set(index, v);
      }
    }
  }

  private void applyTo(Json root) {
    List<Slot> slots = new ArrayList<>();
    collect(root, slots);
    if (slots.isEmpty()) {
      return;
    }
    Slot s = slots.get(Math.floorMod(target, slots.size()));
    switch (kind) {
      case DROP -> {
        if (s.container instanceof Json.Obj o) {
          o.fields.remove(s.index);
        } else {
          ((Json.Arr) s.container).items.remove(s.index);
        }
      }
      case DUPLICATE -> {
        if (s.container instanceof Json.Obj o) {
          Json.Field f = o.fields.get(s.index);
          o.fields.add(s.index + 1, new Json.Field(f.key, value(choice)));
        } else {
          ((Json.Arr) s.container).items.add(s.index + 1, s.value().copy());
        }
      }
      case RENAME -> {
        if (s.container instanceof Json.Obj o) {
          Json.Field f = o.fields.get(s.index);
          f.key = rename(f.key, choice);
        } else {
          s.set(value(choice));
        }
      }
      case REPLACE -> s.set(value(choice));
      case SAME_TYPE -> {
        Json now = s.value();
        if (now instanceof Json.Leaf leaf && leaf.text.startsWith("\"")) {
          s.set(STRINGS.get(Math.floorMod(choice, STRINGS.size())));
        } else if (now instanceof Json.Leaf leaf && NUMBER.matcher(leaf.text).matches()) {
          s.set(NUMBERS.get(Math.floorMod(choice, NUMBERS.size())));
        } else {
          s.set(value(choice));
        }
      }
      case COPY -> s.set(slots.get(Math.floorMod(choice, slots.size())).value().copy());
      default -> throw new IllegalStateException(kind.name());
    }
  }

  private static void collect(Json node, List<Slot> out) {
    if (node instanceof Json.Obj o) {
      for (int i = 0; i < o.fields.size(); i++) {
        out.add(new Slot(o, i));
        collect(o.fields.get(i).value, out);
      }
    } else if (node instanceof Json.Arr a) {
      for (int i = 0; i < a.items.size(); i++) {
        out.add(new Slot(a, i));
        collect(a.items.get(i), out);
      }
    }
  }

  private static String rename(String key, int choice) {
    List<String> names = List.of(key.toUpperCase(java.util.Locale.ROOT), key + "_", key.length() > 1
        ? key.substring(1) : "x", "", " " + key, key + "\u0000", "值", "subject", "patient", "value", "valueString",
        "effective", "effectiveDateTime", "component", "components", "resourceType", "id", "extension", "unit",
        "code", "reading", "entry", "identifier", "$ref", "__proto__");
    return names.get(Math.floorMod(choice, names.size()));
  }

  /** The payloads of REPLACE (and of the value a DUPLICATE repeats a key with). */
  static Json value(int choice) {
    return VALUES.get(Math.floorMod(choice, VALUES.size())).copy();
  }

  private static final List<String> INJECTED = List.of("}", "]", "{", "[", ",", ":", "\"", "\\", "\u0000", "/*",
      "NaN", "\uFEFF", "'", "\n", "0x1F");

  static final List<Json> VALUES = values();
  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
  private static final List<Json> STRINGS = VALUES.stream()
      .filter(j -> j instanceof Json.Leaf l && l.text.startsWith("\"")).toList();
  private static final List<Json> NUMBERS = VALUES.stream()
      .filter(j -> j instanceof Json.Leaf l && NUMBER.matcher(l.text).matches()).toList();

  private static List<Json> values() {
    List<Json> v = new ArrayList<>();
    // wrong JSON types
    for (String raw : List.of("true", "false", "null", "[]", "{}", "[1, \"a\", null]", "{\"value\": 1}",
        "{\"reference\": \"Patient/x\"}", "[{}]", "[[]]")) {
      v.add(Json.raw(raw));
    }
    // odd numbers: huge, tiny, negative, beyond double, beyond long, NaN-like (as JSON strings and bare words)
    for (String raw : List.of("0", "-0", "-1", "-70", "1e308", "-1e308", "1e400", "-1e400", "1e-400",
        "123456789012345678901234567890", "9007199254740993", "0.000001", "2147483648", "1E2", "-0.0", "70.5",
        "3.4028235E38", "4.9e-324", "NaN", "Infinity", "-Infinity", "1" + "0".repeat(1200))) {
      v.add(Json.raw(raw));
    }
    for (String s : List.of("NaN", "Infinity", "-Infinity", "70", "1e400", "0x46")) {
      v.add(Json.str(s));
    }
    // strings: empty, control characters, unicode, injection-shaped, long
    for (String s : List.of("", " ", "\u0000", "a\u0000b", "\u0007bell", "\u001b[31mred", "\u202e07",
        "\uD83D\uDE00", "\uD800", "x\uDC00", "王芳", "\t\r\n", "'; drop table patient; --", "%s%n%x",
        "<script>alert(1)</script>", "${jndi:ldap://example.invalid/a}", "null", "true", "\\", "\"",
        "../../etc/passwd", "x".repeat(300), "y".repeat(5000), "\uFFFF", "\uFEFFkg")) {
      v.add(Json.str(s));
    }
    // long text that does not compress (PostgreSQL compresses "yyyy..." below its index row limit)
    java.util.Random random = new java.util.Random(42);
    StringBuilder noise = new StringBuilder();
    for (int i = 0; i < 6_000; i++) {
      noise.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
    }
    v.add(Json.str(noise.toString()));
    v.add(Json.str(noise.substring(0, 900)));
    // units: right for something else, aliases, not UCUM, nested
    for (String s : List.of("kg", "g", "[lb_av]", "lb", "mm[Hg]", "mmHg", "mm Hg", "mg/dL", "mmol/L", "%", "{score}",
        "1", "10*3/uL", "(((((((((((((((((((((((((((((((mm[Hg])))))))))))))))))))))))))))))))", "m/s2", "Cel",
        "[degF]", "kg/m2", "cm", "umol/L", "mmol/mol", "/min", "mm[Hg]/kg", "mL", "10*999999999", "kg^2", "kg.kg.kg",
        "(" .repeat(3000) + "kg" + ")".repeat(3000))) {
      v.add(Json.str(s));
    }
    // codes: unknown LOINC, panels where singles belong and the reverse, other systems
    for (String s : List.of("99999-9", "12345-6", "85354-9", "55284-4", "8480-6", "8462-4", "29463-7", "1558-6",
        "2339-0", "4548-4", "2093-3", "14771-0", "8867-4", "39156-5", "3084-1", "72514-3", "not-a-code",
        "http://loinc.org", "http://unitsofmeasure.org", "urn:oid:", "hypertension", "E11.9", "I10", "Z99")) {
      v.add(Json.str(s));
    }
    // dates and times: no zone, date only, impossible, extreme offsets and years, future, other formats
    for (String s : List.of("2025-06-02T07:00:00", "2025-06-02", "2025-06", "2025", "2025-02-30T07:00:00+08:00",
        "2025-06-02T25:00:00Z", "2025-06-02T07:00:00+25:00", "2025-06-02T07:00:00+14:00",
        "2025-06-02T07:00:00-12:00", "2025-06-02T07:00:00Z", "2025-06-02T07:00Z", "0000-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "+99999-01-01T00:00:00Z", "1800-01-01T00:00:00+08:00",
        "2999-01-01T00:00:00Z", "2025-06-02T07:00:00.123456789+08:00", "2025-06-02T07:00:00+08:00[Asia/Shanghai]",
        "yesterday", "1700000000", "2025-W23-1", "2025-06-02 07:00:00+08:00", "2025-06-02T07:00:00+0800")) {
      v.add(Json.str(s));
    }
    // references: unknown members, wrong types, conditional, other servers, bundle-local
    for (String s : List.of("Patient/nobody-at-all", "Patient/", "Patient?identifier=urn:fuzz:member|nobody",
        "Patient?name=x", "Patient?identifier=nobar", "urn:uuid:00000000-0000-0000-0000-000000000999",
        "Encounter/1", "http://elsewhere.example/fhir/Patient/1", "Patient/" + "x".repeat(70), "#contained",
        "Patient/../Patient/x", "urn:oid:1.2.3")) {
      v.add(Json.str(s));
    }
    for (String s : FuzzPatients.ids()) {
      v.add(Json.str(s));
      v.add(Json.str("Patient/" + s));
      v.add(Json.str("Patient/" + s + "/_history/1"));
      v.add(Json.str("Patient?identifier=urn:fuzz:member|" + s));
    }
    // resource types, codes of FHIR enumerations
    for (String s : List.of("Observation", "Patient", "Bundle", "Condition", "Encounter", "OperationOutcome",
        "patient", "Binary", "transaction", "batch", "collection", "final", "entered-in-error", "cancelled",
        "POST", "PUT", "DELETE", "GET", "PATCH", "male", "unknown", "office", "home", "ambulatory", "basic",
        "premium", "http://vigil.health/fhir/StructureDefinition/measurement-setting",
        "http://vigil.health/fhir/StructureDefinition/service-tier",
        "http://vigil.health/fhir/StructureDefinition/reading-context-fasting")) {
      v.add(Json.str(s));
    }
    // deep nesting
    for (int depth : List.of(3, 40, 400, 2000)) {
      v.add(Json.raw("[".repeat(depth) + "]".repeat(depth)));
      v.add(Json.raw("{\"a\": ".repeat(depth) + "1" + "}".repeat(depth)));
    }
    return List.copyOf(v);
  }
}
