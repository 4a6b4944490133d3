package org.vigil.engine.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.engine.explain.AppliedThreshold;
import org.vigil.engine.explain.DifferentialResult;
import org.vigil.engine.explain.EvidenceItem;
import org.vigil.engine.units.Quantity;
import org.vigil.knowledge.DifferentialDefinition;

/** Dresses a rule that holds as an explained finding: evidence, thresholds, differentials, readable text. */
final class FindingBuilder {
  private final String profileId;
  private final String knowledgeVersion;
  private final AnalyteTable analytes;
  private final RuleEvaluator evaluator;

  FindingBuilder(String profileId, String knowledgeVersion, AnalyteTable analytes, RuleEvaluator evaluator) {
    this.profileId = profileId;
    this.knowledgeVersion = knowledgeVersion;
    this.analytes = analytes;
    this.evaluator = evaluator;
  }

  Finding build(Rule rule, Outcome.Met o, PatientState state, MemberFacts facts, String patientId,
      Optional<Setting> triggerSetting, Instant now) {
    RuleInfo info = rule.info();
    List<EvidenceItem> evidence = new ArrayList<>(o.evidence().length * 2);
    long lastId = Long.MIN_VALUE;
    int readings = 0;
    java.util.Set<Long> days = new java.util.HashSet<>();
    java.util.Set<Long> ids = new java.util.HashSet<>();
    for (int i : o.evidence()) {
      for (int m = 0; m < state.measurements(i); m++) {
        var def = analytes.get(state.analyte(i, m));
        if (!info.inputs().contains(def.id())) {
          continue;
        }
        evidence.add(new EvidenceItem(state.readingId(i), def.id(), def.primaryCode(),
            new Quantity(state.value(i, m), def.canonicalUnit()), Instant.ofEpochSecond(state.epochSecond(i)),
            ZoneOffset.ofTotalSeconds(state.offsetSeconds(i)), state.setting(i).code()));
      }
      // Counts (readings, days) are of the results judged, not of what a value was derived with.
      if (contains(o.derivedInputs(), i)) {
        continue;
      }
      if (ids.add(state.readingId(i))) {
        readings++;
      }
      days.add(state.localDay(i));
    }
    List<AppliedThreshold> thresholds = new ArrayList<>();
    for (Threshold t : o.thresholdsOf().criteria()) {
      Double v = o.observed().get(t.analyte());
      thresholds.add(new AppliedThreshold(t.analyte(), t.op().symbol(), t.limit(),
          v == null ? null : new Quantity(v, t.limit().unit()), o.observedAs(), v != null && t.test(v)));
    }
    List<DifferentialResult> differentials = new ArrayList<>(info.differentials().size());
    for (DifferentialDefinition d : info.differentials()) {
      differentials.add(differential(d, readings, days.size(), state, facts, now));
    }
    int readingCount = readings;
    int dayCount = days.size();
    String text = info.explanation().render(name -> switch (name) {
      case "level" -> o.band().label();
      case "values" -> formatValues(info, o.band(), o.observed());
      case "thresholds" -> o.thresholdsOf().describeCriteria().isEmpty() ? o.thresholdsOf().label()
          : o.thresholdsOf().describeCriteria();
      case "readingCount" -> Integer.toString(readingCount);
      case "dayCount" -> Integer.toString(dayCount);
      case "window" -> describe(rule.lookback());
      case "guideline" -> info.citation().title();
      case "year" -> info.citation().yearVerified() ? Integer.toString(info.citation().year())
          : info.citation().year() + ", year not verified";
      case "section" -> info.citation().section();
      case "setting" -> triggerSetting.map(s -> s.code() + " reading").orElse("readings");
      case "category" -> o.category().map(c -> c.label() + c.note().map(n -> " (" + n + ")").orElse(""))
          .orElse("");
      case "since" -> o.sinceRecord() < 0 ? "" : DateTimeFormatter.ISO_LOCAL_DATE.format(
          Instant.ofEpochSecond(state.epochSecond(o.sinceRecord()))
              .atOffset(ZoneOffset.ofTotalSeconds(state.offsetSeconds(o.sinceRecord()))));
      default -> null;
    });
    return new Finding(
        patientId, info.id(), info.family(), info.condition(), o.band().severity(), o.band().level(),
        o.band().label(), profileId, knowledgeVersion, info.citation(), info.supportingCitations(), evidence,
        thresholds, differentials, o.band().recommendedAction(), text, now, o.pending(),
        o.category().map(Category::category), info.memberAdvice(), info.autoResolve());
  }

  private static boolean contains(int[] a, int x) {
    for (int v : a) {
      if (v == x) {
        return true;
      }
    }
    return false;
  }

  private DifferentialResult differential(
      DifferentialDefinition d, int readings, int days, PatientState state, MemberFacts facts, Instant now) {
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
        Rule other = evaluator.rule(d.rule());
        excluded = other != null
            && evaluator.outcome(other, state, facts, evaluator.lastTrigger(other, state, now.getEpochSecond()), now)
                .met();
        count = excluded ? 1 : 0;
      }
      default -> throw new IllegalStateException("unknown differential check " + d.check());
    }
    String text = (excluded ? d.excludedText() : d.notExcludedText()).replace("{count}", Integer.toString(count))
        .replaceAll("\\s+", " ").strip();
    return new DifferentialResult(d.id(), d.name(), excluded, text);
  }

  /** "186/95 mmHg" for blood pressure; otherwise "analyte value unit, ...". */
  private static String formatValues(RuleInfo info, Band met, Map<String, Double> values) {
    Double sys = values.get("systolic-bp");
    Double dia = values.get("diastolic-bp");
    if (sys != null && dia != null && values.size() == 2) {
      return new Quantity(sys, "mm[Hg]").formattedValue(0) + "/" + new Quantity(dia, "mm[Hg]").formattedValue(0)
          + " mmHg";
    }
    StringBuilder sb = new StringBuilder();
    List<Band> bands = new ArrayList<>();
    bands.add(met);
    bands.addAll(info.bands());
    for (Band b : bands) {
      for (Threshold t : b.criteria()) {
        Double v = values.get(t.analyte());
        if (v != null && sb.indexOf(t.analyteDisplay()) < 0) {
          if (!sb.isEmpty()) {
            sb.append(", ");
          }
          Quantity q = new Quantity(v, t.limit().unit());
          sb.append(t.analyteDisplay()).append(' ').append(q.formattedValue(1)).append(' ').append(q.displayUnit());
        }
      }
    }
    if (sb.isEmpty()) {
      values.forEach((a, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(a).append(' ')
          .append(new Quantity(v, "1").formattedValue(2)));
    }
    return sb.toString();
  }

  private static String describe(Duration d) {
    long days = d.toDays();
    return days >= 1 && d.equals(Duration.ofDays(days)) ? days + (days == 1 ? " day" : " days") : d.toString();
  }
}
