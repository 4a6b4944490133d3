package org.vigil.engine.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.vigil.engine.explain.AppliedThreshold;
import org.vigil.engine.explain.DifferentialResult;
import org.vigil.engine.explain.EvidenceItem;
import org.vigil.engine.explain.Templates;
import org.vigil.engine.units.Quantity;
import org.vigil.knowledge.DifferentialDefinition;

/** Evaluates one rule of any kind over a member's state as of a time, and builds the explained finding. */
final class RuleEvaluator {
  private final String profileId;
  private final String knowledgeVersion;
  private final Map<String, Rule> allRules;
  private final Map<String, String> codes;

  RuleEvaluator(String profileId, String knowledgeVersion, Map<String, Rule> allRules, Map<String, String> codes) {
    this.profileId = profileId;
    this.knowledgeVersion = knowledgeVersion;
    this.allRules = allRules;
    this.codes = codes;
  }

  /** What a rule kind found before it is dressed as a finding. */
  private record Outcome(Band band, int[] evidence, Map<String, Double> observed, String observedAs) {}

  Optional<Finding> evaluate(Rule rule, PatientState state, String patientId, Optional<Reading> trigger, Instant now) {
    Optional<Outcome> outcome = switch (rule) {
      case Rule.ThresholdRule r -> trigger.flatMap(t -> threshold(r, state, t));
      case Rule.ConfirmationRule r -> confirmation(r, state, now);
      case Rule.WindowedMeanRule r -> windowedMean(r, state, now);
    };
    return outcome.map(o -> finding(rule, state, patientId, trigger, o, now));
  }

  private Optional<Outcome> threshold(Rule.ThresholdRule rule, PatientState state, Reading reading) {
    Map<String, Double> values = new HashMap<>();
    for (Measurement m : reading.measurements()) {
      values.put(m.analyte(), m.value().value());
    }
    Optional<Band> band = firstBand(rule.info(), a -> values.getOrDefault(a, Double.NaN));
    if (band.isEmpty()) {
      return Optional.empty();
    }
    // Evidence: this reading and any earlier reading the same local day that also reached the band.
    long day = reading.localDay();
    List<Integer> evidence = new ArrayList<>();
    int i = 0;
    while (i < state.size()) {
      int end = i;
      while (end < state.size() && state.readingId(end) == state.readingId(i)) {
        end++;
      }
      final int start = i;
      final int stop = end;
      if (state.localDay(i) == day && rule.info().settings().contains(state.setting(i))
          && (state.readingId(i) == reading.id() || band.get().holds(a -> valueIn(state, start, stop, a)))) {
        for (int k = i; k < end; k++) {
          if (rule.info().analytes().contains(state.analyte(k))) {
            evidence.add(k);
          }
        }
      }
      i = end;
    }
    return Optional.of(new Outcome(band.get(), toArray(evidence), values, "reading"));
  }

  private static double valueIn(PatientState state, int from, int to, String analyte) {
    for (int k = from; k < to; k++) {
      if (state.analyte(k).equals(analyte)) {
        return state.value(k);
      }
    }
    return Double.NaN;
  }

  private Optional<Outcome> confirmation(Rule.ConfirmationRule rule, PatientState state, Instant now) {
    RuleInfo info = rule.info();
    List<String> analytes = List.copyOf(info.analytes());
    long from = now.getEpochSecond() - rule.window().toSeconds();
    // Per local day, per analyte: sum and count of the day's readings.
    TreeMap<Long, double[]> days = new TreeMap<>();
    for (int i = 0; i < state.size(); i++) {
      int a = analytes.indexOf(state.analyte(i));
      if (a < 0 || state.epochSecond(i) <= from || !info.settings().contains(state.setting(i))) {
        continue;
      }
      double[] acc = days.computeIfAbsent(state.localDay(i), d -> new double[analytes.size() * 2]);
      acc[2 * a] += state.value(i);
      acc[2 * a + 1] += 1;
    }
    if (days.size() < rule.minDays()) {
      return Optional.empty();
    }
    Map<Long, Integer> dayRank = new HashMap<>();
    for (var e : days.entrySet()) {
      double[] acc = e.getValue();
      firstBand(info, an -> dailyMean(acc, analytes.indexOf(an)))
          .ifPresent(b -> dayRank.put(e.getKey(), b.rank()));
    }
    for (Band band : info.bands()) {
      Set<Long> qualifying = new HashSet<>();
      dayRank.forEach((day, rank) -> {
        if (rank <= band.rank()) {
          qualifying.add(day);
        }
      });
      if (qualifying.size() >= rule.minDays()) {
        Map<String, Double> observed = new HashMap<>();
        for (int a = 0; a < analytes.size(); a++) {
          double sum = 0;
          int n = 0;
          for (long day : qualifying) {
            double m = dailyMean(days.get(day), a);
            if (!Double.isNaN(m)) {
              sum += m;
              n++;
            }
          }
          if (n > 0) {
            observed.put(analytes.get(a), sum / n);
          }
        }
        List<Integer> evidence = new ArrayList<>();
        for (int i = 0; i < state.size(); i++) {
          if (state.epochSecond(i) > from && qualifying.contains(state.localDay(i))
              && info.analytes().contains(state.analyte(i)) && info.settings().contains(state.setting(i))) {
            evidence.add(i);
          }
        }
        return Optional.of(new Outcome(band, toArray(evidence), observed,
            "mean of daily means over " + qualifying.size() + " days"));
      }
    }
    return Optional.empty();
  }

  private static double dailyMean(double[] acc, int a) {
    if (a < 0 || acc[2 * a + 1] == 0) {
      return Double.NaN;
    }
    return acc[2 * a] / acc[2 * a + 1];
  }

  private Optional<Outcome> windowedMean(Rule.WindowedMeanRule rule, PatientState state, Instant now) {
    RuleInfo info = rule.info();
    long from = now.getEpochSecond() - rule.window().toSeconds();
    Map<String, double[]> acc = new HashMap<>();
    List<Integer> evidence = new ArrayList<>();
    Set<Long> readings = new HashSet<>();
    for (int i = 0; i < state.size(); i++) {
      if (state.epochSecond(i) <= from || !info.settings().contains(state.setting(i))
          || !info.analytes().contains(state.analyte(i))) {
        continue;
      }
      double[] a = acc.computeIfAbsent(state.analyte(i), k -> new double[2]);
      a[0] += state.value(i);
      a[1] += 1;
      evidence.add(i);
      readings.add(state.readingId(i));
    }
    if (readings.size() < rule.minReadings()) {
      return Optional.empty();
    }
    Map<String, Double> means = new HashMap<>();
    acc.forEach((analyte, a) -> means.put(analyte, a[0] / a[1]));
    return firstBand(info, an -> means.getOrDefault(an, Double.NaN))
        .map(b -> new Outcome(b, toArray(evidence), means, "mean of " + readings.size() + " readings"));
  }

  private static Optional<Band> firstBand(RuleInfo info, java.util.function.ToDoubleFunction<String> valueOf) {
    for (Band b : info.bands()) {
      if (b.holds(valueOf)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  private Finding finding(
      Rule rule, PatientState state, String patientId, Optional<Reading> trigger, Outcome o, Instant now) {
    RuleInfo info = rule.info();
    List<EvidenceItem> evidence = new ArrayList<>(o.evidence().length);
    Set<Long> readingIds = new HashSet<>();
    Set<Long> days = new HashSet<>();
    for (int i : o.evidence()) {
      String analyte = state.analyte(i);
      evidence.add(new EvidenceItem(
          state.readingId(i), analyte, codes.get(analyte),
          new Quantity(state.value(i), unitOf(info, analyte)),
          Instant.ofEpochSecond(state.epochSecond(i)),
          ZoneOffset.ofTotalSeconds(state.offsetSeconds(i)),
          state.setting(i).code()));
      readingIds.add(state.readingId(i));
      days.add(state.localDay(i));
    }
    List<AppliedThreshold> thresholds = new ArrayList<>();
    for (Threshold t : o.band().criteria()) {
      Double v = o.observed().get(t.analyte());
      thresholds.add(new AppliedThreshold(t.analyte(), t.op().symbol(), t.limit(),
          v == null ? null : new Quantity(v, t.limit().unit()), o.observedAs(), v != null && t.test(v)));
    }
    List<DifferentialResult> differentials = new ArrayList<>();
    for (DifferentialDefinition d : info.differentials()) {
      differentials.add(differential(d, readingIds.size(), days.size(), state, patientId, now));
    }
    Map<String, String> vars = new HashMap<>();
    vars.put("level", o.band().label());
    vars.put("values", formatValues(info, o.observed()));
    vars.put("thresholds", o.band().describeCriteria());
    vars.put("readingCount", Integer.toString(readingIds.size()));
    vars.put("dayCount", Integer.toString(days.size()));
    vars.put("window", describe(rule));
    vars.put("guideline", info.citation().title());
    vars.put("year", Integer.toString(info.citation().year()));
    vars.put("section", info.citation().section());
    vars.put("setting", trigger.map(r -> r.setting().code() + " reading").orElse("readings"));
    return new Finding(
        patientId, info.id(), info.family(), info.condition(), o.band().severity(), o.band().level(),
        o.band().label(), profileId, knowledgeVersion, info.citation(), info.supportingCitations(), evidence,
        thresholds, differentials, o.band().recommendedAction(), Templates.render(info.explanationTemplate(), vars),
        now);
  }

  private DifferentialResult differential(
      DifferentialDefinition d, int readings, int days, PatientState state, String patientId, Instant now) {
    int count;
    boolean excluded;
    switch (d.check()) {
      case "repeated-readings" -> {
        count = readings;
        excluded = readings >= d.min();
      }
      case "separate-days" -> {
        count = days;
        excluded = days >= d.min();
      }
      case "other-rule-met" -> {
        Rule other = allRules.get(d.rule());
        excluded = other != null && evaluate(other, state, patientId, Optional.empty(), now).isPresent();
        count = excluded ? 1 : 0;
      }
      default -> throw new IllegalStateException("unknown differential check " + d.check());
    }
    String text = excluded ? d.excludedText() : d.notExcludedText();
    return new DifferentialResult(d.id(), d.name(), excluded,
        Templates.render(text, Map.of("count", Integer.toString(count))));
  }

  private static String unitOf(RuleInfo info, String analyte) {
    for (Band b : info.bands()) {
      for (Threshold t : b.criteria()) {
        if (t.analyte().equals(analyte)) {
          return t.limit().unit();
        }
      }
    }
    throw new IllegalStateException("analyte " + analyte + " is not in rule " + info.id());
  }

  /** "186/95 mmHg" for blood pressure; otherwise "analyte value unit, ...". */
  static String formatValues(RuleInfo info, Map<String, Double> values) {
    Double sys = values.get("systolic-bp");
    Double dia = values.get("diastolic-bp");
    if (sys != null && dia != null && values.size() == 2) {
      return new Quantity(sys, "mm[Hg]").formattedValue(0) + "/" + new Quantity(dia, "mm[Hg]").formattedValue(0)
          + " mmHg";
    }
    StringBuilder sb = new StringBuilder();
    for (String analyte : info.analytes()) {
      Double v = values.get(analyte);
      if (v == null) {
        continue;
      }
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      Quantity q = new Quantity(v, unitOf(info, analyte));
      sb.append(displayOf(info, analyte)).append(' ').append(q.formattedValue(1)).append(' ').append(q.displayUnit());
    }
    return sb.toString();
  }

  private static String displayOf(RuleInfo info, String analyte) {
    for (Band b : info.bands()) {
      for (Threshold t : b.criteria()) {
        if (t.analyte().equals(analyte)) {
          return t.analyteDisplay();
        }
      }
    }
    return analyte;
  }

  private static String describe(Rule rule) {
    Duration d = rule.lookback();
    long days = d.toDays();
    return days >= 1 && d.equals(Duration.ofDays(days)) ? days + (days == 1 ? " day" : " days") : d.toString();
  }

  private static int[] toArray(List<Integer> list) {
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }
}
