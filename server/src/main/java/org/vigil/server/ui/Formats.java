package org.vigil.server.ui;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.engine.units.Quantity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How pages write times, values and units ({@code ${@fmt...}} in templates). Times of events are shown in one
 * display zone ({@code vigil.ui.time-zone}, default the server's), with the offset; a reading's time is shown as the
 * device reported it (the member's local time) with its offset. Units are written as people write them (mmHg).
 */
@Component("fmt")
public class Formats {
  private final ZoneId zone;
  private final DateTimeFormatter time;
  private final DateTimeFormatter date;
  private final JsonMapper json;

  public Formats(@Value("${vigil.ui.time-zone:}") String zone, JsonMapper json) {
    this.zone = zone == null || zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
    this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'xxx").withZone(this.zone);
    this.date = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(this.zone);
    this.json = json;
  }

  public String time(Instant t) {
    return t == null ? "" : time.format(t);
  }

  public String date(Instant t) {
    return t == null ? "" : date.format(t);
  }

  /** A reading's time as the device reported it: "2026-11-22 07:24 (+08:00)". */
  public String reading(String iso) {
    try {
      OffsetDateTime t = OffsetDateTime.parse(iso);
      return t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + " (" + t.getOffset() + ")";
    } catch (DateTimeParseException | NullPointerException e) {
      return String.valueOf(iso);
    }
  }

  public String unit(String ucum) {
    return ucum == null ? "" : Quantity.displayUnit(ucum);
  }

  /** A value without a meaningless ".0": 192, 5.6, 7.25. */
  public String value(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(Math.round(v * 100) / 100.0);
  }

  /** An event's JSON detail as "key: value" pairs (lists joined), for people. */
  public String detail(String detailJson) {
    if (detailJson == null || detailJson.isBlank()) {
      return "";
    }
    JsonNode node = json.readTree(detailJson);
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      String text = v.isArray() ? String.join(", ", v.valueStream().map(x -> x.asString("")).toList())
          : v.asString("");
      parts.add(e.getKey() + ": " + text);
    }
    return String.join(" · ", parts);
  }
}
