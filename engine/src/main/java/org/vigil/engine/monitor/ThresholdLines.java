package org.vigil.engine.monitor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The thresholds that apply to one member, for drawing on their charts: for every active reading rule (single
 * readings, confirmations, windowed means) whose member filter the member meets, the line where the rule starts
 * to hold (its least severe band) and any emergency band. Each line names its rule, band, settings and guideline.
 */
public final class ThresholdLines {
  private ThresholdLines() {}

  /**
   * One line.
   *
   * @param value in the analyte's canonical unit
   * @param settings where the readings must be taken (office, home, ...)
   */
  public record Line(String analyte, String operator, double value, String unit, String label, String severity,
      String ruleId, String condition, List<String> settings, String guideline, int year) {}

  public static List<Line> of(Monitor monitor, MemberFacts facts, Instant now, ZoneOffset offset) {
    Map<String, Line> lines = new LinkedHashMap<>();
    for (Rule rule : monitor.rules()) {
      RuleInfo info = rule.info();
      boolean readingRule = rule instanceof Rule.ThresholdRule || rule instanceof Rule.ConfirmationRule
          || rule instanceof Rule.WindowedMeanRule;
      if (!readingRule || !info.active() || info.bands().isEmpty() || !info.appliesWhen().matches(facts, now, offset)) {
        continue;
      }
      List<Band> bands = new ArrayList<>();
      bands.add(info.bands().getLast());
      info.bands().stream().filter(b -> b.severity() == Severity.EMERGENCY && b != info.bands().getLast())
          .forEach(bands::add);
      Set<String> settings = new TreeSet<>();
      info.settings().forEach(s -> settings.add(s.code()));
      for (Band band : bands) {
        if (!band.appliesTo(facts.sex())) {
          continue;
        }
        for (Threshold t : band.criteria()) {
          if (!t.configured()) {
            continue;
          }
          Line line = new Line(t.analyte(), t.op().symbol(), t.limit().value(), t.limit().displayUnit(), band.label(),
              band.severity().code(), info.id(), info.condition().code(), List.copyOf(settings),
              info.citation().title(), info.citation().year());
          lines.putIfAbsent(t.analyte() + '|' + t.op().symbol() + '|' + t.limit().value() + '|' + settings, line);
        }
      }
    }
    return List.copyOf(lines.values());
  }
}
