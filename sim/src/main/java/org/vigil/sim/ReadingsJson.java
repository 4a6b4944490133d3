package org.vigil.sim;

import java.util.List;
import org.vigil.engine.units.Quantity;

/**
 * Writes readings as the body of {@code POST /api/v1/readings}: {@code {"readings":[...]}}, each item with exactly
 * the device API's field names and no empty fields.
 */
public final class ReadingsJson {
  private ReadingsJson() {}

  /** The request body for a batch. */
  public static String batch(List<SimReading> readings) {
    StringBuilder b = new StringBuilder(64 + readings.size() * 300).append("{\"readings\":[");
    for (int i = 0; i < readings.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      appendItem(b, readings.get(i));
    }
    return b.append("]}").toString();
  }

  /** One item of the batch, on its own. */
  public static String item(SimReading reading) {
    return appendItem(new StringBuilder(300), reading).toString();
  }

  public static StringBuilder appendItem(StringBuilder b, SimReading r) {
    b.append('{');
    JsonText.string(JsonText.name(b, "identifier", true), r.identifier());
    JsonText.string(JsonText.name(b, "patient", false), r.patient());
    JsonText.string(JsonText.name(b, "code", false), r.code());
    if (!r.components().isEmpty()) {
      JsonText.name(b, "components", false).append('[');
      for (int i = 0; i < r.components().size(); i++) {
        SimReading.Component c = r.components().get(i);
        b.append(i > 0 ? ",{" : "{");
        JsonText.string(JsonText.name(b, "code", true), c.code());
        valueAndUnit(b, c.value());
        b.append('}');
      }
      b.append(']');
    }
    r.value().ifPresent(q -> valueAndUnit(b, q));
    JsonText.dateTime(JsonText.name(b, "effective", false), r.effective());
    JsonText.string(JsonText.name(b, "source", false), r.source());
    JsonText.string(JsonText.name(b, "setting", false), r.setting().code());
    if (!r.context().isEmpty()) {
      JsonText.name(b, "context", false).append('{');
      r.context().fasting().ifPresent(f -> JsonText.name(b, "fasting", true).append(f.booleanValue()));
      b.append('}');
    }
    return b.append('}');
  }

  private static void valueAndUnit(StringBuilder b, Quantity q) {
    JsonText.number(JsonText.name(b, "value", false), q.value());
    JsonText.string(JsonText.name(b, "unit", false), q.unit());
  }
}
