package org.vigil.server.ingest;

import java.util.List;
import org.vigil.engine.monitor.ReadingContext;

/**
 * A reading as a client sent it, before validation: nothing here is trusted yet. {@code field} is where the
 * item sits in the request ("readings[3]", "entry[2].resource") so every problem can name its field.
 *
 * @param value single-value readings; null for a panel
 * @param components panel components; empty for a single value
 * @param resourceJson the FHIR Observation as received, when it came as FHIR
 */
public record RawReading(
    int index,
    String field,
    String patient,
    String code,
    Double value,
    String unit,
    List<RawComponent> components,
    String effective,
    String source,
    String setting,
    String contextJson,
    ReadingContext context,
    String identifierSystem,
    String identifierValue,
    String resourceJson) {

  public RawReading {
    components = components == null ? List.of() : List.copyOf(components);
    context = context == null ? ReadingContext.NONE : context;
  }

  /** One component of a panel as sent. */
  public record RawComponent(String code, Double value, String unit) {}
}
