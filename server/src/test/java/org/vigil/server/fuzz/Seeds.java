package org.vigil.server.fuzz;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.vigil.server.Times;

/**
 * Valid inputs for each ingestion endpoint, built from a few small numbers so the generators can vary them and
 * jqwik can shrink them. The mutations of {@link Mutation} start from these.
 */
final class Seeds {
  static final String LOINC = "http://loinc.org";
  static final String UCUM = "http://unitsofmeasure.org";
  static final String MEMBER_SYSTEM = "urn:fuzz:member";
  static final String MRN_SYSTEM = "urn:fuzz:mrn";

  private Seeds() {}

  /** A reading time in the past: {@code minutesAgo} before now, on China Standard Time, with seconds. */
  static String past(int minutesAgo) {
    return Times.iso(OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS)
        .minusMinutes(Math.max(1, minutesAgo)));
  }

  // ---- device API ----------------------------------------------------------------------------------------------

  /** {@link #deviceReading} of the {@code p}-th fuzz member. */
  static Json.Obj deviceReadingFor(int kind, int p, int minutesAgo, int jitter, int identifier) {
    return deviceReading(kind, FuzzPatients.id(p), minutesAgo, jitter, identifier);
  }

  /** One reading of the device API, of one of eight kinds. */
  static Json.Obj deviceReading(int kind, String patient, int minutesAgo, int jitter, int identifier) {
    Json.Obj r = Json.obj();
    if (identifier > 0) {
      r.put("identifier", "dev-" + FuzzPatients.RUN + "-" + identifier);
    }
    r.put("patient", patient);
    int j = Math.floorMod(jitter, 40);
    switch (Math.floorMod(kind, 8)) {
      case 0 -> r.put("code", "85354-9").put("components", Json.arr(
          component("8480-6", 100 + j * 2, "mm[Hg]"), component("8462-4", 60 + j, "mmHg")));
      case 1 -> r.put("code", "29463-7").put("value", Json.num(50 + j * 1.5)).put("unit", "kg");
      case 2 -> r.put("code", "1558-6").put("value", Json.num(80 + j * 4)).put("unit", "mg/dL")
          .put("context", Json.obj().put("fasting", Json.raw("true")));
      case 3 -> r.put("code", "14771-0").put("value", Json.num(4 + j * 0.2)).put("unit", "mmol/L");
      case 4 -> r.put("code", "4548-4").put("value", Json.num(5 + j * 0.15)).put("unit", "%");
      case 5 -> r.put("code", "8480-6").put("value", Json.num(110 + j * 2)).put("unit", "mm[Hg]");
      case 6 -> r.put("code", "2093-3").put("value", Json.num(150 + j * 3)).put("unit", "mg/dL");
      default -> r.put("code", "3084-1").put("value", Json.num(250 + j * 5)).put("unit", "umol/L");
    }
    r.put("effective", past(minutesAgo));
    r.put("source", "fuzz-device-" + Math.floorMod(jitter, 3));
    if (Math.floorMod(jitter, 5) == 0) {
      r.put("setting", "office");
    }
    return r;
  }

  private static Json.Obj component(String code, double value, String unit) {
    return Json.obj().put("code", code).put("value", Json.num(value)).put("unit", unit);
  }

  // ---- FHIR ----------------------------------------------------------------------------------------------------

  private static Json.Obj coding(String system, String code) {
    return Json.obj().put("system", system).put("code", code);
  }

  private static Json.Obj concept(String system, String code) {
    return Json.obj().put("coding", Json.arr(coding(system, code)));
  }

  private static Json.Obj quantity(double value, String unit) {
    return Json.obj().put("value", Json.num(value)).put("unit", unit).put("system", UCUM).put("code", unit);
  }

  /** A FHIR Observation of one of six kinds about {@code subject} (a reference). */
  static Json.Obj observation(int kind, String subject, int minutesAgo, int jitter, int identifier) {
    int j = Math.floorMod(jitter, 40);
    Json.Obj o = Json.obj().put("resourceType", "Observation");
    if (identifier > 0) {
      o.put("identifier", Json.arr(Json.obj().put("system", "urn:fuzz:obs").put("value",
          "obs-" + FuzzPatients.RUN + "-" + identifier)));
    }
    o.put("status", "final");
    switch (Math.floorMod(kind, 6)) {
      case 0 -> o.put("code", concept(LOINC, "85354-9")).put("subject", ref(subject))
          .put("effectiveDateTime", past(minutesAgo))
          .put("component", Json.arr(
              Json.obj().put("code", concept(LOINC, "8480-6")).put("valueQuantity", quantity(100 + j * 2, "mm[Hg]")),
              Json.obj().put("code", concept(LOINC, "8462-4")).put("valueQuantity", quantity(60 + j, "mm[Hg]"))));
      case 1 -> o.put("code", concept(LOINC, "29463-7")).put("subject", ref(subject))
          .put("effectiveDateTime", past(minutesAgo)).put("valueQuantity", quantity(50 + j * 1.5, "kg"));
      case 2 -> o.put("extension", Json.arr(Json.obj()
              .put("url", "http://vigil.health/fhir/StructureDefinition/reading-context-fasting")
              .put("valueBoolean", Json.raw("true"))))
          .put("code", concept(LOINC, "1558-6")).put("subject", ref(subject))
          .put("effectiveDateTime", past(minutesAgo)).put("valueQuantity", quantity(80 + j * 4, "mg/dL"));
      case 3 -> o.put("extension", Json.arr(Json.obj()
              .put("url", "http://vigil.health/fhir/StructureDefinition/measurement-setting")
              .put("valueCode", "home")))
          .put("code", concept(LOINC, "4548-4")).put("subject", ref(subject))
          .put("effectivePeriod", Json.obj().put("start", past(minutesAgo)).put("end", past(minutesAgo - 1)))
          .put("valueQuantity", quantity(5 + j * 0.15, "%"));
      case 4 -> o.put("meta", Json.obj().put("source", "fuzz-lab"))
          .put("code", concept(LOINC, "2093-3")).put("subject", ref(subject))
          .put("effectiveInstant", past(minutesAgo)).put("valueQuantity", quantity(4 + j * 0.1, "mmol/L"));
      default -> o.put("code", concept(LOINC, "8480-6")).put("subject", ref(subject))
          .put("effectiveDateTime", past(minutesAgo)).put("device", Json.obj().put("display", "fuzz-cuff"))
          .put("valueQuantity", quantity(110 + j * 2, "mm[Hg]"));
    }
    return o;
  }

  private static Json.Obj ref(String reference) {
    return Json.obj().put("reference", reference);
  }

  /** A FHIR Patient; {@code id} null for a create with a server-assigned id. */
  static Json.Obj patient(String id, int variant, String identifierValue) {
    Json.Obj p = Json.obj().put("resourceType", "Patient");
    if (id != null) {
      p.put("id", id);
    }
    int v = Math.floorMod(variant, 4);
    if (v != 0) {
      p.put("meta", Json.obj().put("tag", Json.arr(
          coding("http://vigil.health/fhir/CodeSystem/tenant", "default"))));
      p.put("extension", Json.arr(Json.obj().put("url", "http://vigil.health/fhir/StructureDefinition/service-tier")
          .put("valueCode", v == 2 ? "premium" : "professional")));
    }
    p.put("identifier", Json.arr(Json.obj().put("system", MEMBER_SYSTEM).put("value", identifierValue)));
    p.put("name", Json.arr(Json.obj().put("family", "Fuzz").put("given", Json.arr(Json.str("Member")))));
    p.put("telecom", Json.arr(Json.obj().put("system", "phone").put("value", "+86 10 0000 0000")));
    p.put("gender", v == 3 ? "male" : "female");
    p.put("birthDate", v == 2 ? "1958" : "1961-04-02");
    p.put("address", Json.arr(Json.obj().put("city", "Tianjin").put("country", "CN")));
    return p;
  }

  /** A FHIR Condition Vigil manages (its own code system or an ICD-10 category). */
  static Json.Obj condition(int variant, String subject) {
    Json.Obj c = Json.obj().put("resourceType", "Condition");
    c.put("clinicalStatus", concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"));
    switch (Math.floorMod(variant, 4)) {
      case 0 -> c.put("code", concept("http://vigil.health/fhir/CodeSystem/condition", "hypertension"));
      case 1 -> c.put("code", concept("http://hl7.org/fhir/sid/icd-10", "E11.9"));
      case 2 -> c.put("code", concept("http://hl7.org/fhir/sid/icd-10-cm", "I10"));
      default -> c.put("code", concept("http://vigil.health/fhir/CodeSystem/condition", "diabetes"))
          .put("verificationStatus", concept("http://terminology.hl7.org/CodeSystem/condition-ver-status",
              "confirmed"));
    }
    c.put("subject", ref(subject));
    return c;
  }

  /**
   * A hospital-style Bundle: a new (or already known) member by identifier, two of their observations, a
   * condition, an encounter Vigil skips, and an observation of an existing fuzz member; {@code transaction} or
   * {@code batch}.
   */
  static Json.Obj bundle(String type, int mrn, int existing, int minutesAgo, int jitter, boolean withPut) {
    String patientUrl = uuid(1);
    String mrnValue = "mrn-" + FuzzPatients.RUN + "-" + Math.floorMod(mrn, 1_000_000);
    Json.Arr entries = Json.arr();
    Json.Obj patient = patient(null, jitter, mrnValue);
    patient.fields.removeIf(f -> f.key.equals("identifier"));
    patient.put("identifier", Json.arr(Json.obj().put("system", MRN_SYSTEM).put("value", mrnValue)));
    entries.add(Json.obj().put("fullUrl", patientUrl).put("resource", patient).put("request", Json.obj()
        .put("method", "POST").put("url", "Patient").put("ifNoneExist", "identifier=" + MRN_SYSTEM + "|" + mrnValue)));
    entries.add(Json.obj().put("fullUrl", uuid(2)).put("resource", observation(0, patientUrl, minutesAgo, jitter, 0))
        .put("request", Json.obj().put("method", "POST").put("url", "Observation")));
    entries.add(Json.obj().put("fullUrl", uuid(3))
        .put("resource", observation(1, "Patient?identifier=" + MRN_SYSTEM + "|" + mrnValue, minutesAgo + 5,
            jitter + 1, 0))
        .put("request", Json.obj().put("method", "POST").put("url", "Observation")));
    entries.add(Json.obj().put("fullUrl", uuid(4)).put("resource", condition(jitter, patientUrl))
        .put("request", Json.obj().put("method", "POST").put("url", "Condition")));
    entries.add(Json.obj().put("fullUrl", uuid(5)).put("resource", Json.obj().put("resourceType", "Encounter")
            .put("status", "finished")
            .put("class", coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"))
            .put("subject", ref(patientUrl)))
        .put("request", Json.obj().put("method", "POST").put("url", "Encounter")));
    String other = FuzzPatients.id(existing);
    entries.add(Json.obj().put("fullUrl", uuid(6))
        .put("resource", observation(2 + Math.floorMod(jitter, 4), "Patient/" + other, minutesAgo + 9, jitter, 0))
        .put("request", Json.obj().put("method", "POST").put("url", "Observation")));
    if (withPut) {
      String id = FuzzPatients.fresh(mrn);
      entries.add(Json.obj().put("fullUrl", "Patient/" + id)
          .put("resource", patient(id, jitter, id))
          .put("request", Json.obj().put("method", "PUT").put("url", "Patient/" + id)));
    }
    return Json.obj().put("resourceType", "Bundle").put("type", type).put("entry", entries);
  }

  private static String uuid(int n) {
    return "urn:uuid:00000000-0000-4000-8000-" + String.format("%012d", n);
  }
}
