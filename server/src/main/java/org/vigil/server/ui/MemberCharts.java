package org.vigil.server.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.vigil.engine.monitor.MemberFacts;
import org.vigil.engine.monitor.ThresholdLines;
import org.vigil.server.monitoring.MemberFactsRepository;
import org.vigil.server.monitoring.Monitors;

/**
 * A member's readings as chart series (blood pressure, glucose, HbA1c, lipids, urate, weight, BMI) with the
 * thresholds of the member's own rules drawn in: the member's guideline profile, their diagnoses, sex and age
 * decide which rules apply (see {@link ThresholdLines}).
 */
@Component
public class MemberCharts {
  /** A chart: which analytes it plots, in which unit. */
  record Spec(String id, String titleKey, String unit, List<String> analytes) {}

  static final List<Spec> SPECS = List.of(
      new Spec("bp", "chart.bp", "mmHg", List.of("systolic-bp", "diastolic-bp")),
      new Spec("glucose", "chart.glucose", "mmol/L", List.of("fasting-glucose", "glucose", "blood-glucose",
          "ogtt-2h-glucose")),
      new Spec("hba1c", "chart.hba1c", "%", List.of("hba1c")),
      new Spec("lipids", "chart.lipids", "mmol/L", List.of("ldl-cholesterol", "total-cholesterol",
          "hdl-cholesterol", "non-hdl-cholesterol", "triglycerides")),
      new Spec("urate", "chart.urate", "µmol/L", List.of("uric-acid")),
      new Spec("weight", "chart.weight", "kg", List.of("body-weight")),
      new Spec("bmi", "chart.bmi", "kg/m²", List.of("bmi", "waist-circumference")));

  /** A series: one analyte's points as [ISO time, value, setting]. */
  public record Series(String analyte, List<Object[]> points) {}

  /** A threshold line: value, label (operator, value, settings) and the rule and guideline behind it. */
  public record Line(String analyte, double value, String label, String severity, String source) {}

  /** One chart, only when the member has readings for it. */
  public record Chart(String id, String titleKey, String unit, List<Series> series, List<Line> lines) {}

  private final JdbcClient jdbc;
  private final MemberFactsRepository members;
  private final Monitors monitors;

  public MemberCharts(JdbcClient jdbc, MemberFactsRepository members, Monitors monitors) {
    this.jdbc = jdbc;
    this.members = members;
    this.monitors = monitors;
  }

  public List<Chart> of(String patientId, Instant now, Duration span) {
    Set<String> all = new LinkedHashSet<>();
    SPECS.forEach(s -> all.addAll(s.analytes()));
    Map<String, List<Object[]>> points = new LinkedHashMap<>();
    jdbc.sql("""
            select r.analyte, o.effective_at, r.value, o.setting from reading r join observation o on o.id = r.observation_id
            where o.patient_id = ? and o.effective_at >= ? and r.analyte = any(?) order by o.effective_at""")
        .params(patientId, OffsetDateTime.ofInstant(now.minus(span), ZoneOffset.UTC), all.toArray(String[]::new))
        .query(rs -> {
          points.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Object[] {
              rs.getObject(2, OffsetDateTime.class).toInstant().toString(), round(rs.getDouble(3)), rs.getString(4)});
        });
    var member = members.load(patientId);
    MemberFacts facts = member.map(MemberFactsRepository.Member::facts).orElse(MemberFacts.UNKNOWN);
    var monitor = member.map(m -> monitors.forTenant(m.tenant())).orElse(monitors.defaultMonitor());
    List<ThresholdLines.Line> thresholds = ThresholdLines.of(monitor, facts, now, ZoneOffset.UTC);
    List<Chart> charts = new ArrayList<>();
    for (Spec spec : SPECS) {
      List<Series> series = spec.analytes().stream().filter(points::containsKey)
          .map(a -> new Series(a, points.get(a))).toList();
      if (series.isEmpty()) {
        continue;
      }
      Map<String, Set<String>> settingsOf = new LinkedHashMap<>();
      for (Series s : series) {
        Set<String> settings = new LinkedHashSet<>();
        s.points().forEach(pt -> settings.add(String.valueOf(pt[2])));
        settingsOf.put(s.analyte(), settings);
      }
      charts.add(new Chart(spec.id(), spec.titleKey(), spec.unit(), series, lines(thresholds, settingsOf)));
    }
    return charts;
  }

  /** The charted analytes' names in a language, for the legends. */
  public Map<String, String> labels(org.springframework.context.MessageSource messages, java.util.Locale locale) {
    Map<String, String> out = new LinkedHashMap<>();
    SPECS.forEach(s -> s.analytes().forEach(a -> out.put(a, messages.getMessage("analyte." + a, null, a, locale))));
    return out;
  }

  /**
   * One line per analyte and value, for the settings the member has readings in (an ambulatory threshold is not
   * drawn over home readings); the settings and rules that share a line are listed together.
   */
  static List<Line> lines(List<ThresholdLines.Line> thresholds, Map<String, Set<String>> settingsOf) {
    Map<String, List<ThresholdLines.Line>> byValue = new LinkedHashMap<>();
    for (ThresholdLines.Line t : thresholds) {
      Set<String> have = settingsOf.get(t.analyte());
      if (have != null && t.settings().stream().anyMatch(have::contains)) {
        byValue.computeIfAbsent(t.analyte() + '|' + t.operator() + '|' + t.value(), k -> new ArrayList<>()).add(t);
      }
    }
    List<Line> out = new ArrayList<>();
    for (List<ThresholdLines.Line> same : byValue.values()) {
      ThresholdLines.Line first = same.getFirst();
      Set<String> settings = new LinkedHashSet<>();
      Set<String> sources = new LinkedHashSet<>();
      Set<String> have = settingsOf.get(first.analyte());
      for (ThresholdLines.Line t : same) {
        t.settings().stream().filter(have::contains).forEach(settings::add);
        sources.add(t.label() + " — " + t.guideline() + " (" + t.year() + "), rule " + t.ruleId());
      }
      out.add(new Line(first.analyte(), round(first.value()),
          first.operator() + " " + fmt(first.value()) + " (" + String.join(", ", settings) + ")",
          first.severity(), String.join("; ", sources)));
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(round(v));
  }
}
