package org.vigil.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;
import org.vigil.engine.monitor.ReadingContext;
import org.vigil.engine.units.Result;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.server.ingest.RawReading;

/**
 * FHIR Observation to Vigil's raw reading and back. A Vigil extension says where a reading was taken;
 * without it, an Observation arriving as FHIR is taken to be an office (clinic) measurement
 * (docs/adr/0004-ingest-pipeline.md).
 */
@Component
public class ObservationMapper {
  public static final String LOINC = "http://loinc.org";
  public static final String UCUM = "http://unitsofmeasure.org";
  public static final String SETTING_EXTENSION = "http://vigil.health/fhir/StructureDefinition/measurement-setting";
  /** Reading-context extensions: booleans fasting, symptoms, cgm; code abpm-period (24h, day, night). */
  public static final String CONTEXT_EXTENSION = "http://vigil.health/fhir/StructureDefinition/reading-context-";
  static final Set<String> VITAL_SIGNS = Set.of("systolic-bp", "diastolic-bp", "heart-rate", "body-weight",
      "body-height", "bmi", "waist-circumference", "hip-circumference");

  private final UnitNormalizer units;
  private final FhirContext fhir;

  public ObservationMapper(UnitNormalizer units, FhirContext fhir) {
    this.units = units;
    this.fhir = fhir;
  }

  /** The LOINC code of an observation, if it has one Vigil manages (an analyte or a panel). */
  public Optional<String> managedCode(CodeableConcept code) {
    for (Coding c : code.getCoding()) {
      if (LOINC.equals(c.getSystem()) && c.hasCode()
          && (units.knowledge().analyteForCode(c.getCode()).isPresent() || units.panel(c.getCode()).isPresent())) {
        return Optional.of(c.getCode());
      }
    }
    return Optional.empty();
  }

  /** The first LOINC code of a concept, managed or not (for messages). */
  public static Optional<String> loinc(CodeableConcept code) {
    return code.getCoding().stream().filter(c -> LOINC.equals(c.getSystem()) && c.hasCode())
        .map(Coding::getCode).findFirst();
  }

  /**
   * The raw reading for an observation whose subject is {@code patientId}. Only what FHIR itself forbids is
   * refused here (a dateTime HAPI cannot read); the rest (missing value, bad unit, no time zone) is left to the
   * validator, which names it under {@code field}. Adjusts {@code o} (subject, id) for storage.
   */
  public Result<RawReading> toRaw(int index, String field, Observation o, String patientId, String code) {
    try {
      if (o.hasEffective()) {
        // The parser keeps the text lazily; copying re-reads it with the type's precision rules.
        o.getEffective().copy();
      }
    } catch (IllegalArgumentException e) {
      return Result.err(field + ".effective[x]", "not a valid FHIR dateTime (seconds and a time zone are needed,"
          + " e.g. 2026-03-02T07:30:00+08:00): " + e.getMessage());
    }
    Double value = null;
    String unit = null;
    if (o.hasValueQuantity()) {
      Quantity q = o.getValueQuantity();
      value = q.hasValue() ? q.getValue().doubleValue() : null;
      unit = unitOf(q);
    }
    List<RawReading.RawComponent> components = new ArrayList<>();
    for (Observation.ObservationComponentComponent c : o.getComponent()) {
      String ccode = loinc(c.getCode()).orElse(c.getCode().getCodingFirstRep().getCode());
      Quantity q = c.hasValueQuantity() ? c.getValueQuantity() : null;
      components.add(new RawReading.RawComponent(ccode,
          q != null && q.hasValue() ? q.getValue().doubleValue() : null, q == null ? null : unitOf(q)));
    }
    String identSystem = null;
    String identValue = null;
    if (o.hasIdentifier() && o.getIdentifierFirstRep().hasValue()) {
      identSystem = o.getIdentifierFirstRep().hasSystem() ? o.getIdentifierFirstRep().getSystem() : "";
      identValue = o.getIdentifierFirstRep().getValue();
    }
    String source = source(o);
    String effective = effective(o);
    String setting;
    ReadingContext context;
    try {
      // Each extension may appear once; HAPI throws IllegalArgumentException for a repeated one.
      setting = setting(o);
      context = context(o);
    } catch (IllegalArgumentException e) {
      return Result.err(field + ".extension", e.getMessage());
    }
    o.setIdElement(null);
    o.setMeta(null);
    o.setSubject(new Reference("Patient/" + patientId));
    return Result.ok(new RawReading(index, field, patientId, code, value, unit, components, effective, source,
        setting, null, context, identSystem, identValue, fhir.newJsonParser().encodeResourceToString(o)));
  }

  private static String unitOf(Quantity q) {
    if (q.hasCode() && (!q.hasSystem() || UCUM.equals(q.getSystem()))) {
      return q.getCode();
    }
    return q.hasUnit() ? q.getUnit() : null;
  }

  private static String effective(Observation o) {
    if (o.hasEffectiveDateTimeType()) {
      return o.getEffectiveDateTimeType().getValueAsString();
    }
    if (o.hasEffectiveInstantType()) {
      return o.getEffectiveInstantType().getValueAsString();
    }
    if (o.hasEffectivePeriod() && o.getEffectivePeriod().hasStart()) {
      return o.getEffectivePeriod().getStartElement().getValueAsString();
    }
    return null;
  }

  private static String source(Observation o) {
    if (o.hasMeta() && o.getMeta().hasSource()) {
      return o.getMeta().getSource();
    }
    if (o.hasDevice()) {
      return o.getDevice().hasDisplay() ? o.getDevice().getDisplay() : o.getDevice().getReference();
    }
    return "fhir";
  }

  private static ReadingContext context(Observation o) {
    boolean fasting = flag(o, "fasting");
    boolean symptoms = flag(o, "symptoms");
    boolean cgm = flag(o, "cgm");
    Extension period = o.getExtensionByUrl(CONTEXT_EXTENSION + "abpm-period");
    String p = period != null && period.getValue() instanceof CodeType c ? c.getValue() : null;
    return new ReadingContext(fasting, symptoms, cgm, p);
  }

  private static boolean flag(Observation o, String name) {
    Extension e = o.getExtensionByUrl(CONTEXT_EXTENSION + name);
    return e != null && e.getValue() instanceof org.hl7.fhir.r4.model.BooleanType b
        && Boolean.TRUE.equals(b.getValue());
  }

  private static String setting(Observation o) {
    Extension e = o.getExtensionByUrl(SETTING_EXTENSION);
    if (e != null && e.getValue() instanceof CodeType c) {
      return c.getValue();
    }
    return "office";
  }

  /** The FHIR Observation for a stored row: as received when it came as FHIR, otherwise built from the values. */
  public Observation toFhir(ObservationRepository.Row row) {
    Observation o;
    if (row.resourceJson() != null) {
      o = fhir.newJsonParser().parseResource(Observation.class, row.resourceJson());
    } else {
      o = new Observation();
      o.setStatus(Observation.ObservationStatus.FINAL);
      boolean vital = row.values().stream().allMatch(v -> VITAL_SIGNS.contains(v.analyte()));
      o.addCategory().addCoding()
          .setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
          .setCode(vital ? "vital-signs" : "laboratory");
      o.getCode().addCoding().setSystem(LOINC).setCode(row.code());
      o.setSubject(new Reference("Patient/" + row.patientId()));
      o.setEffective(new DateTimeType(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(row.effective())));
      o.getDevice().setDisplay(row.source());
      if (row.identifierValue() != null) {
        o.addIdentifier().setSystem(row.identifierSystem()).setValue(row.identifierValue());
      }
      o.addExtension(SETTING_EXTENSION, new CodeType(row.setting()));
      if (units.panel(row.code()).isPresent()) {
        for (ObservationRepository.Value v : row.values()) {
          var c = o.addComponent();
          c.getCode().addCoding().setSystem(LOINC).setCode(v.code());
          c.setValue(quantity(v));
        }
      } else if (!row.values().isEmpty()) {
        o.setValue(quantity(row.values().getFirst()));
      }
    }
    o.setId("Observation/" + row.id());
    o.getMeta().setVersionId("1").setLastUpdated(Date.from(row.receivedAt()));
    return o;
  }

  private static Quantity quantity(ObservationRepository.Value v) {
    return new Quantity().setValue(v.value()).setSystem(UCUM).setCode(v.unit())
        .setUnit(org.vigil.engine.units.Quantity.displayUnit(v.unit()));
  }
}
