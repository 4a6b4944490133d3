package org.vigil.engine.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.knowledge.DerivedDefinition;
import org.vigil.knowledge.KnowledgeBase;

/**
 * Decides whether a rule of any kind holds for a member as of a time. Works on record indices of the packed
 * state and allocates little: explanations are built only for rules that hold ({@link FindingBuilder}).
 */
final class RuleEvaluator {
  private static final Outcome CLEAR_READING = new Outcome.Clear("the latest reading meets no band of the rule");
  private static final Outcome CLEAR_MEAN = new Outcome.Clear("the mean over the window meets no band of the rule");
  private static final Outcome CLEAR_FRESH = new Outcome.Clear("a reading arrived within the rule's interval");

  private final Map<String, Rule> allRules;
  private final List<Rule> profileRules;
  private final AnalyteTable analytes;
  private final KnowledgeBase knowledge;

  RuleEvaluator(Map<String, Rule> allRules, List<Rule> profileRules, AnalyteTable analytes, KnowledgeBase knowledge) {
    this.allRules = allRules;
    this.profileRules = profileRules;
    this.analytes = analytes;
    this.knowledge = knowledge;
  }

  Rule rule(String id) {
    return allRules.get(id);
  }

  /**
   * The outcome of {@code rule} for the member as of {@code now}. {@code trigger} is the record index of the
   * reading being judged by a single-reading rule (-1 when evaluating without one).
   */
  Outcome outcome(Rule rule, PatientState state, MemberFacts facts, int trigger, Instant now) {
    RuleInfo info = rule.info();
    if (!info.active() || !info.appliesWhen().matches(facts, now, localOffset(state))) {
      return Outcome.SILENT;
    }
    return switch (rule) {
      case Rule.ThresholdRule r -> trigger < 0 ? Outcome.SILENT : threshold(r, state, facts, trigger);
      case Rule.ConfirmationRule r -> confirmation(r, state, facts, now);
      case Rule.WindowedMeanRule r -> windowedMean(r, state, facts, now);
      case Rule.TrendRule r -> trend(r, state, now);
      case Rule.TimeInRangeRule r -> timeInRange(r, state, now);
      case Rule.TargetByCategoryRule r -> targetByCategory(r, state, facts, now);
      case Rule.AbsenceRule r -> absence(r, state, facts, now);
      case Rule.AllOfRule r -> allOf(r, state, facts, trigger, now);
    };
  }

  // ---------------------------------------------------------------------------------------------- threshold

  private Outcome threshold(Rule.ThresholdRule rule, PatientState state, MemberFacts facts, int trigger) {
    RuleInfo info = rule.info();
    List<String> names = info.analyteList();
    List<Integer> inputs = new ArrayList<>();
    double[] values = valuesAt(info, state, trigger, inputs);
    Band band = firstBand(info.bands(), facts, a -> values[names.indexOf(a)]);
    if (band == null) {
      // A rule whose bands need the member's sex cannot say "clear" when the sex is unknown.
      return allNaN(values) || needsUnknownSex(info.bands(), facts) ? Outcome.SILENT : CLEAR_READING;
    }
    // Evidence: this reading, inputs it was derived with, and other readings the same local day that also met the band.
    List<Integer> evidence = new ArrayList<>(inputs);
    long day = state.localDay(trigger);
    long t = state.epochSecond(trigger);
    int to = state.firstAfter(t + 2 * 86_400L);
    for (int i = state.firstAtOrAfter(t - 2 * 86_400L); i < to; i++) {
      if (i == trigger || state.localDay(i) != day || state.readingId(i) == state.readingId(trigger)
          || !info.settings().contains(state.setting(i)) || !info.context().matches(state.contextFlags(i))) {
        continue;
      }
      double[] other = valuesAt(info, state, i, new ArrayList<>());
      if (!allNaN(other) && band.holds(a -> other[names.indexOf(a)])) {
        evidence.add(i);
      }
    }
    evidence.add(trigger);
    for (int i = 0; i < state.size(); i++) {
      if (i != trigger && state.readingId(i) == state.readingId(trigger)) {
        evidence.add(i);
      }
    }
    return new Outcome.Met(band, sorted(evidence), asMap(names, values), "reading", Optional.empty(), false, -1,
        band, derivedOnly(inputs, trigger));
  }

  private static boolean allNaN(double[] values) {
    for (double v : values) {
      if (!Double.isNaN(v)) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Double> asMap(List<String> names, double[] values) {
    Map<String, Double> out = new HashMap<>(4);
    for (int k = 0; k < values.length; k++) {
      if (!Double.isNaN(values[k])) {
        out.put(names.get(k), values[k]);
      }
    }
    return out;
  }

  /**
   * The values a record gives the rule's analytes (in {@link RuleInfo#analyteList()} order, NaN when none),
   * derived ones included (BMI from this weight and the latest height, non-HDL from this total cholesterol and the
   * same day's HDL); {@code inputs} gets the other records used.
   */
  private double[] valuesAt(RuleInfo info, PatientState state, int i, List<Integer> inputs) {
    List<String> names = info.analyteList();
    int[] index = info.analyteIndex();
    double[] values = new double[index.length];
    for (int k = 0; k < index.length; k++) {
      double v = state.valueOf(i, index[k]);
      if (Double.isNaN(v)) {
        Optional<DerivedDefinition> d = knowledge.derivation(names.get(k));
        if (d.isPresent()) {
          v = derive(d.get(), state, i, inputs).orElse(Double.NaN);
        }
      }
      values[k] = v;
    }
    return values;
  }

  /** A derived value involving record i, if i holds one of the inputs and the other input can be found. */
  private Optional<Double> derive(DerivedDefinition d, PatientState state, int i, List<Integer> inputs) {
    int first = analytes.index(d.inputs().get(0));
    int second = analytes.index(d.inputs().get(1));
    double x = state.valueOf(i, first);
    double y = state.valueOf(i, second);
    if (Double.isNaN(x) && Double.isNaN(y)) {
      return Optional.empty();
    }
    boolean sameDay = Boolean.TRUE.equals(d.sameDay());
    if (Double.isNaN(x)) {
      int j = partner(state, i, first, sameDay);
      if (j < 0) {
        return Optional.empty();
      }
      x = state.valueOf(j, first);
      inputs.add(j);
    } else if (Double.isNaN(y)) {
      int j = partner(state, i, second, sameDay);
      if (j < 0) {
        return Optional.empty();
      }
      y = state.valueOf(j, second);
      inputs.add(j);
    }
    return Optional.of(switch (d.formula()) {
      case "bmi" -> x / ((y / 100.0) * (y / 100.0));
      case "difference" -> x - y;
      default -> throw new IllegalStateException("unknown formula " + d.formula());
    });
  }

  /** The newest record holding analyte a at or before record i (or, failing that, the newest at all). */
  private static int partner(PatientState state, int i, int a, boolean sameDay) {
    long day = state.localDay(i);
    for (int j = state.size() - 1; j >= 0; j--) {
      if (state.holds(j, a) && state.epochSecond(j) <= state.epochSecond(i)
          && (!sameDay || state.localDay(j) == day)) {
        return j;
      }
    }
    if (sameDay) {
      for (int j = state.size() - 1; j >= 0; j--) {
        if (state.holds(j, a) && state.localDay(j) == day) {
          return j;
        }
      }
      return -1;
    }
    for (int j = state.size() - 1; j >= 0; j--) {
      if (state.holds(j, a)) {
        return j;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------------------------------------- confirmation

  private Outcome confirmation(Rule.ConfirmationRule rule, PatientState state, MemberFacts facts, Instant now) {
    RuleInfo info = rule.info();
    long from = now.getEpochSecond() - rule.window().toSeconds();
    int start = state.firstAfter(from);
    // Group the window's records into units: local days (daily means), or single results (each measurement of
    // each reading: two tests on one sample are two results).
    Map<Long, double[]> units = new HashMap<>();
    Map<Long, List<Integer>> members = new HashMap<>();
    Map<Long, Long> dayOf = new HashMap<>();
    List<String> names = info.analyteList();
    int[] index = info.analyteIndex();
    for (int i = start; i < state.size(); i++) {
      if (!info.settings().contains(state.setting(i)) || !info.context().matches(state.contextFlags(i))) {
        continue;
      }
      for (int k = 0; k < index.length; k++) {
        double v = state.valueOf(i, index[k]);
        if (!Double.isNaN(v)) {
          long unit = rule.dailyMean() ? state.localDay(i) : state.readingId(i) * 64 + k;
          double[] acc = units.computeIfAbsent(unit, u -> new double[names.size() * 2]);
          acc[2 * k] += v;
          acc[2 * k + 1] += 1;
          dayOf.put(unit, state.localDay(i));
          List<Integer> recs = members.computeIfAbsent(unit, u -> new ArrayList<>());
          if (recs.isEmpty() || recs.getLast() != i) {
            recs.add(i);
          }
        }
      }
    }
    if (units.isEmpty()) {
      return Outcome.SILENT;
    }
    Map<Long, Integer> rankOf = new HashMap<>();
    for (var e : units.entrySet()) {
      double[] acc = e.getValue();
      Band b = firstBand(info.bands(), facts, a -> mean(acc, names.indexOf(a)));
      if (b != null) {
        rankOf.put(e.getKey(), b.rank());
      }
    }
    if (rankOf.isEmpty()) {
      return new Outcome.Clear("no result in the window meets any band of " + info.id());
    }
    int required = rule.minDays() > 0 ? rule.minDays() : rule.minResults();
    for (Band band : info.bands()) {
      List<Long> qualifying = new ArrayList<>();
      rankOf.forEach((unit, rank) -> {
        if (rank <= band.rank()) {
          qualifying.add(unit);
        }
      });
      long counted = rule.minDays() > 0 ? qualifying.stream().map(dayOf::get).distinct().count() : qualifying.size();
      if (counted >= required) {
        return new Outcome.Met(band, evidenceOf(qualifying, members), observedMeans(names, qualifying, units),
            rule.dailyMean() ? "mean of daily means over " + qualifying.size() + " days"
                : "mean of " + qualifying.size() + " results"
                    + (rule.minDays() > 0 ? " on " + counted + " separate days" : ""),
            Optional.empty());
      }
    }
    if (rule.pending().isPresent()) {
      List<Long> qualifying = new ArrayList<>(rankOf.keySet());
      int best = rankOf.values().stream().min(Integer::compare).orElseThrow();
      Band shown = info.bands().get(best);
      long counted = rule.minDays() > 0 ? qualifying.stream().map(dayOf::get).distinct().count() : qualifying.size();
      return new Outcome.Met(rule.pending().get(), evidenceOf(qualifying, members),
          observedMeans(names, qualifying, units), counted + " of " + required
              + (rule.minDays() > 0 ? " separate days" : " results") + " needed so far; " + shown.label(),
          Optional.empty(), true, -1, shown, new int[0]);
    }
    return Outcome.SILENT;
  }

  private static int[] evidenceOf(List<Long> units, Map<Long, List<Integer>> members) {
    List<Integer> out = new ArrayList<>();
    units.forEach(u -> out.addAll(members.get(u)));
    return sorted(out);
  }

  private static Map<String, Double> observedMeans(List<String> names, List<Long> units, Map<Long, double[]> acc) {
    Map<String, Double> observed = new HashMap<>();
    for (int k = 0; k < names.size(); k++) {
      double sum = 0;
      int n = 0;
      for (long u : units) {
        double m = mean(acc.get(u), k);
        if (!Double.isNaN(m)) {
          sum += m;
          n++;
        }
      }
      if (n > 0) {
        observed.put(names.get(k), sum / n);
      }
    }
    return observed;
  }

  private static double mean(double[] acc, int k) {
    if (k < 0 || acc[2 * k + 1] == 0) {
      return Double.NaN;
    }
    return acc[2 * k] / acc[2 * k + 1];
  }

  // ---------------------------------------------------------------------------------------------- windowed mean

  private Outcome windowedMean(Rule.WindowedMeanRule rule, PatientState state, MemberFacts facts, Instant now) {
    RuleInfo info = rule.info();
    List<String> names = info.analyteList();
    int[] index = info.analyteIndex();
    double[] acc = new double[names.size() * 2];
    int start = state.firstAfter(now.getEpochSecond() - rule.window().toSeconds());
    int n = 0;
    int readings = 0;
    long lastId = Long.MIN_VALUE;
    for (int i = start; i < state.size(); i++) {
      if (!info.settings().contains(state.setting(i)) || !info.context().matches(state.contextFlags(i))) {
        continue;
      }
      boolean any = false;
      for (int k = 0; k < index.length; k++) {
        double v = state.valueOf(i, index[k]);
        if (!Double.isNaN(v)) {
          acc[2 * k] += v;
          acc[2 * k + 1] += 1;
          any = true;
        }
      }
      if (any) {
        n++;
        if (state.readingId(i) != lastId) {
          readings++;
          lastId = state.readingId(i);
        }
      }
    }
    if (readings < rule.minReadings()) {
      return Outcome.SILENT;
    }
    Band band = firstBand(info.bands(), facts, a -> mean(acc, names.indexOf(a)));
    if (band == null) {
      return CLEAR_MEAN;
    }
    Map<String, Double> means = new HashMap<>();
    for (int k = 0; k < names.size(); k++) {
      double m = mean(acc, k);
      if (!Double.isNaN(m)) {
        means.put(names.get(k), m);
      }
    }
    int[] evidence = new int[n];
    int e = 0;
    for (int i = start; i < state.size() && e < n; i++) {
      if (info.settings().contains(state.setting(i)) && info.context().matches(state.contextFlags(i))) {
        for (int k : index) {
          if (state.holds(i, k)) {
            evidence[e++] = i;
            break;
          }
        }
      }
    }
    return new Outcome.Met(band, evidence, means, "mean of " + readings + " readings",
        Optional.empty());
  }

  // ---------------------------------------------------------------------------------------------- trend

  private Outcome trend(Rule.TrendRule rule, PatientState state, Instant now) {
    RuleInfo info = rule.info();
    int a = analytes.index(rule.analyte());
    int start = state.firstAfter(now.getEpochSecond() - rule.window().toSeconds());
    List<Integer> points = new ArrayList<>();
    for (int i = start; i < state.size(); i++) {
      if (state.holds(i, a) && info.settings().contains(state.setting(i))
          && info.context().matches(state.contextFlags(i))) {
        points.add(i);
      }
    }
    if (points.size() < rule.minReadings()) {
      return Outcome.SILENT;
    }
    double t0 = state.epochSecond(points.getFirst());
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int i : points) {
      double x = state.epochSecond(i) - t0;
      double y = state.valueOf(i, a);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    int n = points.size();
    double denominator = n * sxx - sx * sx;
    if (denominator == 0) {
      return Outcome.SILENT;
    }
    double slopePerSecond = (n * sxy - sx * sy) / denominator;
    double slope = slopePerSecond * rule.per().toSeconds();
    Map<String, Double> observed = Map.of(rule.analyte(), slope);
    Band band = firstBand(info.bands(), MemberFacts.UNKNOWN, x -> observed.getOrDefault(x, Double.NaN));
    if (band == null) {
      return new Outcome.Clear("the trend over " + n + " readings meets no band of " + info.id());
    }
    return new Outcome.Met(band, sorted(points), observed,
        "least-squares slope per " + rule.per().toDays() + " days over " + n + " readings", Optional.empty());
  }

  // ---------------------------------------------------------------------------------------------- time in range

  private Outcome timeInRange(Rule.TimeInRangeRule rule, PatientState state, Instant now) {
    RuleInfo info = rule.info();
    int a = analytes.index(rule.analyte());
    int start = state.firstAfter(now.getEpochSecond() - rule.window().toSeconds());
    List<Integer> points = new ArrayList<>();
    int inRange = 0;
    for (int i = start; i < state.size(); i++) {
      if (state.holds(i, a) && info.settings().contains(state.setting(i))
          && info.context().matches(state.contextFlags(i))) {
        points.add(i);
        double v = state.valueOf(i, a);
        if (v >= rule.low() && v <= rule.high()) {
          inRange++;
        }
      }
    }
    if (points.size() < rule.minReadings()) {
      return Outcome.SILENT;
    }
    double share = 100.0 * inRange / points.size();
    Map<String, Double> observed = Map.of(org.vigil.knowledge.Vocabulary.TIME_IN_RANGE, share);
    Band band = firstBand(info.bands(), MemberFacts.UNKNOWN, x -> observed.getOrDefault(x, Double.NaN));
    if (band == null) {
      return new Outcome.Clear("time in range " + Math.round(share) + " % meets no band of " + info.id());
    }
    return new Outcome.Met(band, sorted(points), observed, inRange + " of " + points.size() + " readings in range",
        Optional.empty());
  }

  // ---------------------------------------------------------------------------------------------- target by category

  private Outcome targetByCategory(Rule.TargetByCategoryRule rule, PatientState state, MemberFacts facts,
      Instant now) {
    RuleInfo info = rule.info();
    Optional<Category> category = rule.categories().stream().filter(c -> c.includes(facts, now, localOffset(state)))
        .findFirst();
    if (category.isEmpty()) {
      category = rule.unknown();
    }
    if (category.isEmpty()) {
      return Outcome.SILENT;
    }
    // The latest reading that gives a value of the rule's analyte (directly or derived).
    for (int i = state.size() - 1; i >= 0; i--) {
      if (!info.settings().contains(state.setting(i)) || !info.context().matches(state.contextFlags(i))) {
        continue;
      }
      List<Integer> inputs = new ArrayList<>(1);
      Map<String, Double> values = asMap(info.analyteList(), valuesAt(info, state, i, inputs));
      if (values.isEmpty()) {
        continue;
      }
      Band band = firstBand(category.get().bands(), facts, values);
      if (band == null && needsUnknownSex(category.get().bands(), facts)) {
        return Outcome.SILENT;
      }
      if (band == null) {
        return new Outcome.Clear("the latest value meets the target for " + category.get().label());
      }
      inputs.add(i);
      return new Outcome.Met(band, sorted(inputs), values, "latest reading", category,
          false, -1, band, derivedOnly(inputs, i));
    }
    return Outcome.SILENT;
  }

  // ---------------------------------------------------------------------------------------------- absence

  private Outcome absence(Rule.AbsenceRule rule, PatientState state, MemberFacts facts, Instant now) {
    RuleInfo info = rule.info();
    int last = -1;
    for (int i = state.size() - 1; i >= 0 && last < 0; i--) {
      if (!info.settings().contains(state.setting(i))) {
        continue;
      }
      for (String an : rule.analytes()) {
        if (state.holds(i, analytes.index(an))) {
          last = i;
          break;
        }
      }
    }
    if (last < 0) {
      return Outcome.SILENT;
    }
    long lastTime = state.epochSecond(last);
    if (now.getEpochSecond() - lastTime < rule.interval().toSeconds()) {
      return CLEAR_FRESH;
    }
    if (!uncontrolledAsOf(rule.whileUncontrolled(), state, facts, Instant.ofEpochSecond(lastTime), rule)) {
      return Outcome.SILENT;
    }
    List<Integer> evidence = new ArrayList<>();
    for (int i = 0; i < state.size(); i++) {
      if (state.readingId(i) == state.readingId(last)) {
        evidence.add(i);
      }
    }
    return new Outcome.Met(info.bands().getFirst(), sorted(evidence), Map.of(), "last reading",
        Optional.empty(), false, last, info.bands().getFirst(), new int[0]);
  }

  /** Whether any rule of the condition (other than absence rules) held as of {@code asOf}. */
  boolean uncontrolledAsOf(Condition condition, PatientState state, MemberFacts facts, Instant asOf, Rule except) {
    for (Rule r : profileRules) {
      if (r == except || r.info().condition() != condition || r instanceof Rule.AbsenceRule) {
        continue;
      }
      if (outcome(r, state, facts, lastTrigger(r, state, asOf.getEpochSecond()), asOf).met()) {
        return true;
      }
    }
    return false;
  }

  /** The newest record at or before {@code at} that a single-reading rule could judge; -1 when none. */
  int lastTrigger(Rule r, PatientState state, long at) {
    if (!(r instanceof Rule.ThresholdRule) && !(r instanceof Rule.AllOfRule)) {
      return -1;
    }
    RuleInfo info = r.info();
    for (int i = state.firstAfter(at) - 1; i >= 0; i--) {
      if (!info.settings().contains(state.setting(i)) || !info.context().matches(state.contextFlags(i))) {
        continue;
      }
      for (int m = 0; m < state.measurements(i); m++) {
        if (info.inputs().contains(analytes.id(state.analyte(i, m)))) {
          return i;
        }
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------------------------------------- all of

  private Outcome allOf(Rule.AllOfRule rule, PatientState state, MemberFacts facts, int trigger, Instant now) {
    List<Integer> evidence = new ArrayList<>();
    boolean anyClear = false;
    for (String id : rule.ruleIds()) {
      Rule sub = allRules.get(id);
      int t = sub instanceof Rule.ThresholdRule && trigger >= 0 && sub.info().inputs().stream()
          .anyMatch(a -> state.holds(trigger, analytes.index(a))) ? trigger : lastTrigger(sub, state, now.getEpochSecond());
      Outcome o = outcome(sub, state, facts, t, now);
      if (o instanceof Outcome.Met m && !m.pending()) {
        for (int i : m.evidence()) {
          evidence.add(i);
        }
      } else {
        anyClear |= o instanceof Outcome.Clear;
        return anyClear ? new Outcome.Clear("'" + id + "' does not hold") : Outcome.SILENT;
      }
    }
    return new Outcome.Met(rule.info().bands().getFirst(), sorted(evidence.stream().distinct().toList()), Map.of(),
        "all of " + rule.ruleIds(), Optional.empty());
  }

  // ---------------------------------------------------------------------------------------------- shared

  private static Band firstBand(List<Band> bands, MemberFacts facts, Map<String, Double> values) {
    return firstBand(bands, facts, a -> values.getOrDefault(a, Double.NaN));
  }

  private static Band firstBand(List<Band> bands, MemberFacts facts, java.util.function.ToDoubleFunction<String> v) {
    for (Band b : bands) {
      if (b.appliesTo(facts.sex()) && b.holds(v)) {
        return b;
      }
    }
    return null;
  }

  /** The member's UTC offset, as their newest reading reports it (UTC when there is none). */
  private static java.time.ZoneOffset localOffset(PatientState state) {
    return state.size() == 0 ? java.time.ZoneOffset.UTC
        : java.time.ZoneOffset.ofTotalSeconds(state.offsetSeconds(state.size() - 1));
  }

  private static boolean needsUnknownSex(List<Band> bands, MemberFacts facts) {
    return facts.sex().isEmpty() && bands.stream().anyMatch(b -> b.sex().isPresent());
  }

  /** The derivation inputs that are not the judged record itself. */
  private static int[] derivedOnly(List<Integer> inputs, int judged) {
    return inputs.stream().mapToInt(Integer::intValue).filter(i -> i != judged).distinct().toArray();
  }

  private static int[] sorted(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
  }
}
