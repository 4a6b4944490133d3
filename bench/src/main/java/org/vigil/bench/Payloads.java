package org.vigil.bench;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.vigil.engine.units.Quantity;
import org.vigil.sim.ReadingsJson;
import org.vigil.sim.SimReading;

/**
 * Request bodies for the simulated readings: a device API batch ({@code sim}'s own writer, field for field what a
 * device gateway sends) or a FHIR transaction Bundle of the same readings as Observations (what a hospital or lab
 * system sends), so both ingest paths carry the same clinical content.
 */
final class Payloads {
  static final String LOINC = "http://loinc.org";
  static final String UCUM = "http://unitsofmeasure.org";
  static final String SETTING_EXTENSION = "http://vigil.health/fhir/StructureDefinition/measurement-setting";
  static final String FASTING_EXTENSION = "http://vigil.health/fhir/StructureDefinition/reading-context-fasting";
  /** The identifier system of the simulated readings sent as FHIR. */
  static final String IDENTIFIER_SYSTEM = "urn:vigil:sim:reading";
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX",
      Locale.ROOT);

  private Payloads() {}

  /** {@code POST /api/v1/readings} body. */
  static byte[] deviceBatch(List<SimReading> readings) {
    return ReadingsJson.batch(readings).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code POST /fhir} body: a transaction Bundle with one Observation entry per reading. */
  static byte[] fhirTransaction(List<SimReading> readings) {
    StringBuilder b = new StringBuilder(256 + readings.size() * 900)
        .append("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int i = 0; i < readings.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      observationEntry(b, readings.get(i));
    }
    return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void observationEntry(StringBuilder b, SimReading r) {
    b.append("{\"request\":{\"method\":\"POST\",\"url\":\"Observation\"},\"resource\":{")
        .append("\"resourceType\":\"Observation\",\"status\":\"final\",");
    b.append("\"extension\":[{\"url\":\"").append(SETTING_EXTENSION).append("\",\"valueCode\":\"")
        .append(r.setting().code()).append("\"}");
    r.context().fasting().ifPresent(f -> b.append(",{\"url\":\"").append(FASTING_EXTENSION)
        .append("\",\"valueBoolean\":").append(f.booleanValue()).append('}'));
    b.append("],");
    b.append("\"identifier\":[{\"system\":\"").append(IDENTIFIER_SYSTEM).append("\",\"value\":");
    string(b, r.identifier()).append("}],");
    b.append("\"code\":{\"coding\":[{\"system\":\"").append(LOINC).append("\",\"code\":");
    string(b, r.code()).append("}]},");
    b.append("\"subject\":{\"reference\":");
    string(b, "Patient/" + r.patient()).append("},");
    b.append("\"effectiveDateTime\":\"").append(SECONDS.format(r.effective())).append("\",");
    b.append("\"device\":{\"display\":");
    string(b, r.source()).append('}');
    if (r.value().isPresent()) {
      b.append(",\"valueQuantity\":");
      quantity(b, r.value().get());
    } else {
      b.append(",\"component\":[");
      for (int i = 0; i < r.components().size(); i++) {
        SimReading.Component c = r.components().get(i);
        b.append(i > 0 ? "," : "").append("{\"code\":{\"coding\":[{\"system\":\"").append(LOINC)
            .append("\",\"code\":");
        string(b, c.code()).append("}]},\"valueQuantity\":");
        quantity(b, c.value());
        b.append('}');
      }
      b.append(']');
    }
    b.append("}}");
  }

  private static void quantity(StringBuilder b, Quantity q) {
    b.append("{\"value\":").append(number(q.value())).append(",\"system\":\"").append(UCUM).append("\",\"code\":");
    string(b, q.unit()).append('}');
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  static StringBuilder string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"');
  }

  /** A device API item for a blood-pressure panel (the crisis probes and the crash driver's readings). */
  static String bp(String identifier, String patient, int systolic, int diastolic, String effective, String source) {
    StringBuilder b = new StringBuilder(300).append("{\"identifier\":");
    string(b, identifier).append(",\"patient\":");
    string(b, patient).append(",\"code\":\"85354-9\",\"components\":[{\"code\":\"8480-6\",\"value\":")
        .append(systolic).append(",\"unit\":\"mm[Hg]\"},{\"code\":\"8462-4\",\"value\":").append(diastolic)
        .append(",\"unit\":\"mm[Hg]\"}],\"effective\":\"").append(effective).append("\",\"source\":");
    string(b, source).append(",\"setting\":\"home\"}");
    return b.toString();
  }

  /** A device API item for a single value (weight, glucose). */
  static String single(String identifier, String patient, String code, double value, String unit, String effective,
      String source) {
    StringBuilder b = new StringBuilder(240).append("{\"identifier\":");
    string(b, identifier).append(",\"patient\":");
    string(b, patient).append(",\"code\":");
    string(b, code).append(",\"value\":").append(number(value)).append(",\"unit\":");
    string(b, unit).append(",\"effective\":\"").append(effective).append("\",\"source\":");
    string(b, source).append(",\"setting\":\"home\"}");
    return b.toString();
  }

  /** {@code {"readings":[...]}} around items. */
  static byte[] batchOf(List<String> items) {
    return ("{\"readings\":[" + String.join(",", items) + "]}").getBytes(StandardCharsets.UTF_8);
  }

  /** A minimal FHIR Patient for a benchmark member that is not from {@code sim} (probe and crash members). */
  static byte[] patient(String id) {
    StringBuilder b = new StringBuilder(200).append("{\"resourceType\":\"Patient\",\"id\":");
    string(b, id).append(",\"name\":[{\"family\":\"Bench\",\"given\":[\"Member\"]}],\"gender\":\"female\",")
        .append("\"birthDate\":\"1961-04-02\"}");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
