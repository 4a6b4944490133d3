package org.vigil.server.demo;

import java.time.format.DateTimeFormatter;
import java.util.List;
import org.vigil.engine.monitor.ReadingContext;
import org.vigil.server.ingest.RawReading;
import org.vigil.sim.SimReading;

/** A simulated device reading as the ingest pipeline's raw reading: exactly what the device API would parse. */
final class SimReadings {
  private SimReadings() {}

  static RawReading raw(int index, SimReading r) {
    List<RawReading.RawComponent> components = r.components().stream()
        .map(c -> new RawReading.RawComponent(c.code(), c.value().value(), c.value().unit()))
        .toList();
    String context = r.context().fasting().map(f -> "{\"fasting\": " + f + "}").orElse(null);
    ReadingContext parsed = new ReadingContext(r.context().fasting().orElse(false), false, false, null);
    return new RawReading(index, "demo[" + index + "]", r.patient(), r.code(),
        r.value().map(q -> q.value()).orElse(null), r.value().map(q -> q.unit()).orElse(null), components,
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(r.effective()), r.source(), r.setting().code(), context,
        parsed, r.source(), r.identifier(), null);
  }
}
