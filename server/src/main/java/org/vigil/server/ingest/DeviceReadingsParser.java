package org.vigil.server.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.vigil.engine.monitor.ReadingContext;
import org.vigil.engine.units.Problem;
import tools.jackson.databind.JsonNode;

/**
 * The parse stage of the device API: the JSON tree of {@code {"readings": [...]}} into {@link RawReading}s.
 * Type errors and unknown fields are problems of their item, named by path ("readings[3].value"), so one
 * malformed reading does not sink the batch.
 */
@Component
public class DeviceReadingsParser {
  /** The most readings one request may carry. */
  public static final int MAX_BATCH = 10_000;

  private static final Set<String> FIELDS = Set.of("identifier", "patient", "code", "value", "unit", "components",
      "effective", "source", "setting", "context");
  private static final Set<String> COMPONENT_FIELDS = Set.of("code", "value", "unit");

  /** What parsing produced: readings to validate, and items refused already. */
  public record Parsed(List<RawReading> readings, List<ItemOutcome> refused) {}

  /** Structural problems with the request as a whole (not an object, no readings array, too many). */
  public List<Problem> checkEnvelope(JsonNode root) {
    if (root == null || !root.isObject()) {
      return List.of(new Problem("$", "the body must be a JSON object {\"readings\": [...]}"));
    }
    List<Problem> problems = new ArrayList<>();
    for (String name : root.propertyNames()) {
      if (!name.equals("readings")) {
        problems.add(new Problem(name.isBlank() ? "$[\"" + name + "\"]" : name,
            "unknown field (the body holds only \"readings\")"));
      }
    }
    JsonNode readings = root.get("readings");
    if (readings == null || !readings.isArray()) {
      problems.add(new Problem("readings", "an array of readings is required"));
    } else if (readings.isEmpty()) {
      problems.add(new Problem("readings", "the batch is empty"));
    } else if (readings.size() > MAX_BATCH) {
      problems.add(new Problem("readings", "at most " + MAX_BATCH + " readings per request (got "
          + readings.size() + ")"));
    }
    return problems;
  }

  public Parsed parse(JsonNode root) {
    JsonNode array = root.get("readings");
    List<RawReading> out = new ArrayList<>(array.size());
    List<ItemOutcome> refused = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String f = "readings[" + i + "]";
      JsonNode item = array.get(i);
      List<Problem> problems = new ArrayList<>();
      if (!item.isObject()) {
        refused.add(ItemOutcome.rejected(i, List.of(new Problem(f, "a reading must be a JSON object"))));
        continue;
      }
      for (String name : item.propertyNames()) {
        if (!FIELDS.contains(name)) {
          problems.add(new Problem(member(f, name),
              "unknown field (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")"));
        }
      }
      String source = text(item, "source", f, problems);
      List<RawReading.RawComponent> components = new ArrayList<>();
      JsonNode comps = item.get("components");
      if (comps != null && !comps.isNull()) {
        if (!comps.isArray()) {
          problems.add(new Problem(f + ".components", "must be an array"));
        } else {
          for (int c = 0; c < comps.size(); c++) {
            String cf = f + ".components[" + c + "]";
            JsonNode comp = comps.get(c);
            if (!comp.isObject()) {
              problems.add(new Problem(cf, "a component must be a JSON object"));
              continue;
            }
            for (String name : comp.propertyNames()) {
              if (!COMPONENT_FIELDS.contains(name)) {
                problems.add(new Problem(member(cf, name), "unknown field (known: code, unit, value)"));
              }
            }
            components.add(new RawReading.RawComponent(text(comp, "code", cf, problems),
                number(comp, "value", cf, problems), text(comp, "unit", cf, problems)));
          }
        }
      }
      JsonNode context = item.get("context");
      ReadingContext parsedContext = context(context, f + ".context", problems);
      String identifier = text(item, "identifier", f, problems);
      RawReading raw = new RawReading(i, f, text(item, "patient", f, problems), text(item, "code", f, problems),
          number(item, "value", f, problems), text(item, "unit", f, problems), components,
          text(item, "effective", f, problems), source, defaultSetting(text(item, "setting", f, problems)),
          context == null || context.isNull() || !context.isObject() ? null : context.toString(), parsedContext,
          identifier == null ? null : source, identifier, null);
      if (problems.isEmpty()) {
        out.add(raw);
      } else {
        refused.add(ItemOutcome.rejected(i, problems));
      }
    }
    return new Parsed(out, refused);
  }

  /**
   * The circumstances a device reports: {@code fasting}, {@code symptoms} (classic symptoms of hyperglycaemia),
   * {@code cgm} (a continuous glucose monitor) as booleans; {@code period} of an ambulatory summary.
   */
  static ReadingContext context(JsonNode node, String f, List<Problem> problems) {
    if (node == null || node.isNull()) {
      return ReadingContext.NONE;
    }
    if (!node.isObject()) {
      problems.add(new Problem(f, "must be a JSON object"));
      return ReadingContext.NONE;
    }
    boolean[] flags = new boolean[3];
    String[] names = {"fasting", "symptoms", "cgm"};
    String period = null;
    for (String name : node.propertyNames()) {
      JsonNode v = node.get(name);
      int k = java.util.Arrays.asList(names).indexOf(name);
      if (k >= 0) {
        if (!v.isBoolean()) {
          problems.add(new Problem(f + "." + name, "must be true or false"));
        } else {
          flags[k] = v.asBoolean();
        }
      } else if (name.equals("period")) {
        if (!v.isString() || !Set.of("24h", "day", "night").contains(v.asString())) {
          problems.add(new Problem(f + ".period", "must be 24h, day or night (an ambulatory summary)"));
        } else {
          period = v.asString();
        }
      } else {
        problems.add(new Problem(member(f, name), "unknown (known: cgm, fasting, period, symptoms)"));
      }
    }
    return new ReadingContext(flags[0], flags[1], flags[2], period);
  }

  /** The path of a member of an object: {@code readings[0].value}, or {@code readings[0][" "]} for a blank key. */
  private static String member(String parent, String name) {
    return name.isBlank() ? parent + "[\"" + name + "\"]" : parent + "." + name;
  }

  /** Readings from home devices are home readings unless the device says otherwise. */
  private static String defaultSetting(String setting) {
    return setting == null ? "home" : setting;
  }

  private static String text(JsonNode node, String name, String f, List<Problem> problems) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      problems.add(new Problem(f + "." + name, "must be a string"));
      return null;
    }
    if (hasForbiddenCharacter(v.asString(), false)) {
      problems.add(new Problem(f + "." + name, "must not contain control characters or unpaired surrogates"));
      return null;
    }
    return v.asString();
  }

  /**
   * Whether text holds what no field of a reading may: a control character (U+0000, which PostgreSQL cannot store,
   * the rest of C0, and DEL) or half of a surrogate pair. {@code fhir}: FHIR's rule for strings instead, which
   * allows tab, CR, LF and DEL.
   */
  public static boolean hasForbiddenCharacter(String text, boolean fhir) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        if (!(fhir && (c == '\t' || c == '\n' || c == '\r' || c == 0x7f))) {
          return true;
        }
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static Double number(JsonNode node, String name, String f, List<Problem> problems) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      problems.add(new Problem(f + "." + name, "must be a number"));
      return null;
    }
    return v.asDouble();
  }
}
