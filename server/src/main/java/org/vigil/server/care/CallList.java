package org.vigil.server.care;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.vigil.server.alerts.AlertView;

/**
 * The worklist as a CSV call list (RFC 4180): one row per member, the reason to call first. Cells that a
 * spreadsheet would run as a formula are prefixed with an apostrophe.
 */
final class CallList {
  static final List<String> COLUMNS = List.of("priority", "days_waiting", "member_id", "name", "phone",
      "service_tier", "five_highs_tier", "manager", "reason", "recommended_action", "guideline", "waiting_since",
      "open_alerts", "due_follow_ups", "last_contact", "last_contact_outcome");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'")
      .withZone(ZoneOffset.UTC);

  private CallList() {}

  static String csv(Worklist.Page page) {
    StringBuilder b = new StringBuilder(256 * (page.items().size() + 1));
    row(b, COLUMNS);
    for (Worklist.Item i : page.items()) {
      AlertView top = i.alerts().isEmpty() ? null : i.alerts().getFirst();
      String reason = top != null ? top.levelLabel()
          : i.followUps().isEmpty() ? "" : "follow-up: " + i.followUps().getFirst().reason();
      row(b, List.of(i.priority(), Long.toString(i.daysWaiting()), i.patientId(), nz(i.name()), nz(i.phone()),
          nz(i.serviceTier()), nz(i.fiveHighsTier()), nz(i.managerId()), nz(reason),
          top == null ? "" : nz(top.recommendedAction()),
          top == null || top.citation() == null ? "" : top.citation().title() + " (" + top.citation().year() + ")",
          TIME.format(i.waitingSince()), Integer.toString(i.alerts().size()), Integer.toString(i.followUps().size()),
          i.lastContact() == null ? "" : TIME.format(i.lastContact().at()),
          i.lastContact() == null ? "" : i.lastContact().outcome()));
    }
    return b.toString();
  }

  private static void row(StringBuilder b, List<String> cells) {
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        b.append(',');
      }
      b.append(cell(cells.get(c)));
    }
    b.append("\r\n");
  }

  static String cell(String v) {
    String s = v;
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      s = '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
