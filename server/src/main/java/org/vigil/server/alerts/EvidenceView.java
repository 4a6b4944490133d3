package org.vigil.server.alerts;

import java.time.format.DateTimeFormatter;
import org.vigil.engine.explain.EvidenceItem;

/**
 * A reading behind an alert: {@code id} is the FHIR reference of the observation, {@code readingId} its
 * number; the value is in the analyte's canonical unit; the time (ISO-8601) keeps the offset the device reported.
 */
public record EvidenceView(
    String id, long readingId, String code, String analyte, double value, String unit, String time,
    String setting) {

  public static EvidenceView of(EvidenceItem e) {
    return new EvidenceView("Observation/" + e.readingId(), e.readingId(), e.code(), e.analyte(), e.value().value(),
        e.value().unit(), DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(e.time().atOffset(e.offset())),
        e.setting());
  }
}
