package org.vigil.server.patients;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Splits a FHIR Patient (JSON) into the direct identifiers, which are stored encrypted, and the rest, which stays
 * queryable; and joins them again. Direct identifiers: every name, telecom, contact person, photo and the
 * narrative; identifier values (their systems stay clear); address lines, free text and postal code. The city,
 * district, state and country stay clear for regional analytics (ADR 0013). Works on the JSON tree, so a resource
 * joined again is the resource split, to the decimal digit.
 */
public final class PatientPii {
  /** Top-level elements moved whole. */
  private static final List<String> WHOLE = List.of("name", "telecom", "contact", "photo", "text");
  private static final List<String> IDENTIFIER_PARTS = List.of("value", "_value");
  private static final List<String> ADDRESS_PARTS = List.of("line", "_line", "text", "_text", "postalCode",
      "_postalCode");
  private static final Pattern SPACE = Pattern.compile("\\s+");
  private static final Pattern DIACRITICS = Pattern.compile("[\\u0300-\\u036f]");

  /** Keeps decimals exactly as written (1.50 stays 1.50). */
  static final JsonMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private PatientPii() {}

  /** The two halves of a Patient: what stays in {@code patient.resource} and the identifiers' JSON (UTF-8). */
  public record Split(String restJson, byte[] piiJson) {}

  public static Split split(String resourceJson) {
    ObjectNode rest = (ObjectNode) JSON.readTree(resourceJson);
    ObjectNode pii = JSON.createObjectNode();
    for (String k : WHOLE) {
      JsonNode v = rest.remove(k);
      if (v != null) {
        pii.set(k, v);
      }
    }
    movePerItem(rest, pii, "identifier", IDENTIFIER_PARTS);
    movePerItem(rest, pii, "address", ADDRESS_PARTS);
    return new Split(JSON.writeValueAsString(rest), JSON.writeValueAsBytes(pii));
  }

  /** The whole resource again. */
  public static String join(String restJson, byte[] piiJson) {
    ObjectNode rest = (ObjectNode) JSON.readTree(restJson);
    ObjectNode pii = (ObjectNode) JSON.readTree(piiJson);
    for (String k : WHOLE) {
      if (pii.has(k)) {
        rest.set(k, pii.get(k));
      }
    }
    joinPerItem(rest, pii, "identifier");
    joinPerItem(rest, pii, "address");
    return JSON.writeValueAsString(rest);
  }

  /** Moves the named parts of each item of an array; the pii side keeps one object per item, by position. */
  private static void movePerItem(ObjectNode rest, ObjectNode pii, String array, List<String> parts) {
    if (!(rest.get(array) instanceof ArrayNode items)) {
      return;
    }
    ArrayNode moved = JSON.createArrayNode();
    boolean any = false;
    for (JsonNode item : items) {
      ObjectNode m = moved.addObject();
      if (item instanceof ObjectNode o) {
        for (String p : parts) {
          JsonNode v = o.remove(p);
          if (v != null) {
            m.set(p, v);
            any = true;
          }
        }
      }
    }
    if (any) {
      pii.set(array, moved);
    }
  }

  private static void joinPerItem(ObjectNode rest, ObjectNode pii, String array) {
    if (!(pii.get(array) instanceof ArrayNode moved) || !(rest.get(array) instanceof ArrayNode items)) {
      return;
    }
    for (int i = 0; i < Math.min(moved.size(), items.size()); i++) {
      if (items.get(i) instanceof ObjectNode o && moved.get(i) instanceof ObjectNode m) {
        for (var e : m.properties()) {
          o.set(e.getKey(), e.getValue());
        }
      }
    }
  }

  /** The identifiers' JSON as a tree, for reading names and telecoms out of it. */
  static ObjectNode tree(byte[] piiJson) {
    return (ObjectNode) JSON.readTree(piiJson);
  }

  /**
   * Every name part a {@code name} search matches, normalized: family, given, prefix, suffix and each word of the
   * text; a hyphenated part also as its pieces.
   */
  public static Set<String> nameTokens(byte[] piiJson) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode n : tree(piiJson).path("name")) {
      List<String> parts = new ArrayList<>();
      parts.add(text(n.get("family")));
      n.path("given").forEach(g -> parts.add(text(g)));
      n.path("prefix").forEach(g -> parts.add(text(g)));
      n.path("suffix").forEach(g -> parts.add(text(g)));
      parts.add(text(n.get("text")));
      for (String part : parts) {
        for (String word : queryTokens(part)) {
          out.add(word);
          if (word.indexOf('-') > 0) {
            for (String piece : word.split("-+")) {
              if (!piece.isEmpty()) {
                out.add(piece);
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** A string element's value, or "" when absent or not a string. */
  static String text(JsonNode n) {
    return n != null && n.isString() ? n.asString() : "";
  }

  /** The words of a name search, normalized like stored name parts; a member must have every one. */
  public static List<String> queryTokens(String text) {
    String s = normalizeName(text);
    return s.isEmpty() ? List.of() : List.of(SPACE.split(s));
  }

  /** Case- and accent-insensitive form (FHIR string search): compatibility-decomposed, accents dropped, lower. */
  static String normalizeName(String s) {
    String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
    d = DIACRITICS.matcher(d).replaceAll("");
    return Normalizer.normalize(d, Normalizer.Form.NFC).toLowerCase(Locale.ROOT).strip();
  }

  /** An identifier value as it is hashed: NFC, without surrounding spaces; case is significant. */
  public static String normalizeIdentifier(String value) {
    return Normalizer.normalize(value, Normalizer.Form.NFC).strip();
  }
}
