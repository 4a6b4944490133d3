package org.vigil.engine.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.ProfileDefinition;

/**
 * The monitor for one guideline profile: {@code (state, facts, reading, now) -> (state', findings, cleared)}.
 * Pure and deterministic: no clock, no I/O; the same inputs always give the same outputs, so any member's state
 * can be rebuilt by replaying their readings (ADR 0001, 0007).
 */
public final class Monitor {
  /**
   * The fewest records a state may hold, whatever the windows (a bound on memory); raised for profiles whose
   * rules need more readings in a window (time in range needs dense CGM data).
   */
  public static final int MIN_RECORD_CAP = 512;

  private final String profileId;
  private final String knowledgeVersion;
  private final List<Rule> rules;
  private final AnalyteTable analytes;
  private final Retention retention;
  private final RuleEvaluator evaluator;
  private final FindingBuilder findings;

  private Monitor(KnowledgeBase knowledge, String profileId, List<Rule> rules, Map<String, Rule> allRules) {
    this.profileId = profileId;
    this.knowledgeVersion = knowledge.version();
    this.rules = List.copyOf(rules);
    this.analytes = new AnalyteTable(knowledge);
    this.retention = retentionOf(this.rules, allRules, analytes);
    this.evaluator = new RuleEvaluator(allRules, this.rules, analytes, knowledge);
    this.findings = new FindingBuilder(profileId, knowledgeVersion, analytes, evaluator);
  }

  /** The monitor running the rules of one profile of the knowledge base. */
  public static Monitor forProfile(KnowledgeBase knowledge, String profileId) {
    ProfileDefinition profile = knowledge.profile(profileId)
        .orElseThrow(() -> new IllegalArgumentException("no guideline profile '" + profileId + "'; known: "
            + knowledge.profiles().stream().map(ProfileDefinition::id).toList()));
    Map<String, Rule> all = new RuleCompiler(knowledge).compileAll();
    List<Rule> rules = profile.rules().stream().map(all::get).toList();
    return new Monitor(knowledge, profileId, rules, all);
  }

  /**
   * Each setting and analyte is kept as long as the longest window of a rule of this profile that reads it (or
   * that a differential of it consults), plus a day.
   */
  private static Retention retentionOf(List<Rule> rules, Map<String, Rule> all, AnalyteTable analytes) {
    long[][] seconds = new long[Setting.values().length][analytes.size()];
    List<Rule> consulted = new ArrayList<>(rules);
    for (Rule r : rules) {
      r.info().differentials().stream().filter(d -> d.rule() != null).map(d -> all.get(d.rule()))
          .forEach(consulted::add);
      if (r instanceof Rule.AllOfRule a) {
        a.ruleIds().forEach(id -> consulted.add(all.get(id)));
      }
    }
    for (Setting s : Setting.values()) {
      java.util.Arrays.fill(seconds[s.ordinal()], Duration.ofDays(1).toSeconds());
    }
    for (Rule r : consulted) {
      long keep = r.lookback().plusDays(1).toSeconds();
      for (Setting s : r.info().settings()) {
        for (String a : r.info().inputs()) {
          int i = analytes.index(a);
          seconds[s.ordinal()][i] = Math.max(seconds[s.ordinal()][i], keep);
        }
      }
    }
    int cap = MIN_RECORD_CAP;
    for (Rule r : consulted) {
      int needed = switch (r) {
        case Rule.WindowedMeanRule w -> w.minReadings();
        case Rule.TrendRule t -> t.minReadings();
        case Rule.TimeInRangeRule t -> t.minReadings();
        default -> 0;
      };
      cap = Math.max(cap, needed + needed / 4);
    }
    return new Retention(seconds, cap);
  }

  public String profileId() {
    return profileId;
  }

  public String knowledgeVersion() {
    return knowledgeVersion;
  }

  public List<Rule> rules() {
    return rules;
  }

  /** How long a member's state keeps readings; replaying readings newer than the longest rebuilds the state. */
  public Retention retention() {
    return retention;
  }

  /**
   * Applies a reading: the next state, a finding for every rule of the profile the reading concerns that holds
   * as of {@code now}, and the rules it concerns that now clearly do not hold. A reading already applied changes
   * nothing.
   */
  public Evaluation evaluate(PatientState state, MemberFacts facts, Reading reading, Instant now) {
    PatientState next = state.with(reading, analytes, retention);
    if (next == state) {
      return new Evaluation(state, List.of(), List.of());
    }
    int trigger = recordOf(next, reading);
    if (trigger < 0) {
      // Older than anything a rule can still see: kept by no window, it changes nothing.
      return new Evaluation(next, List.of(), List.of());
    }
    List<java.util.function.Supplier<Finding>> found = new ArrayList<>(2);
    List<Cleared> cleared = new ArrayList<>(1);
    for (Rule rule : rules) {
      if (!rule.info().concerns(reading)) {
        continue;
      }
      Outcome o = evaluator.outcome(rule, next, facts, trigger, now);
      switch (o) {
        case Outcome.Met m -> found.add(() ->
            findings.build(rule, m, next, facts, reading.patientId(), Optional.of(reading.setting()), now));
        case Outcome.Clear c -> {
          if (rule.info().autoResolve()) {
            cleared.add(new Cleared(reading.patientId(), rule.info().id(), rule.info().family(),
                rule.info().condition(), c.reason(), now));
          }
        }
        case Outcome.Silent s -> { }
      }
    }
    return new Evaluation(next, found, cleared, true);
  }

  /** Backwards-compatible form for callers without member facts. */
  public Evaluation evaluate(PatientState state, Reading reading, Instant now) {
    return evaluate(state, MemberFacts.UNKNOWN, reading, now);
  }

  /** The state after a reading, without evaluating rules: how a state is rebuilt from stored readings. */
  public PatientState replay(PatientState state, Reading reading) {
    return state.with(reading, analytes, retention);
  }

  /** What the scheduler asks: absence rules (no reading for too long while uncontrolled). */
  public Evaluation scheduled(PatientState state, MemberFacts facts, String patientId, Instant now) {
    List<Finding> found = new ArrayList<>();
    List<Cleared> cleared = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule instanceof Rule.AbsenceRule) {
        Outcome o = evaluator.outcome(rule, state, facts, -1, now);
        if (o instanceof Outcome.Met m) {
          found.add(findings.build(rule, m, state, facts, patientId, Optional.empty(), now));
        } else if (o instanceof Outcome.Clear c && rule.info().autoResolve()) {
          cleared.add(new Cleared(patientId, rule.info().id(), rule.info().family(), rule.info().condition(),
              c.reason(), now));
        }
      }
    }
    return new Evaluation(state, found, cleared);
  }

  /**
   * Every rule of the profile re-judged on the current state (what changes when the member's facts change: a new
   * diagnosis, a risk category). Single-reading rules judge the latest reading they concern.
   */
  public Evaluation reassess(PatientState state, MemberFacts facts, String patientId, Instant now) {
    List<Finding> found = new ArrayList<>();
    List<Cleared> cleared = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule instanceof Rule.AbsenceRule) {
        continue;
      }
      int trigger = evaluator.lastTrigger(rule, state, now.getEpochSecond());
      Outcome o = evaluator.outcome(rule, state, facts, trigger, now);
      if (o instanceof Outcome.Met m) {
        found.add(findings.build(rule, m, state, facts, patientId,
            trigger < 0 ? Optional.empty() : Optional.of(state.setting(trigger)), now));
      } else if (o instanceof Outcome.Clear c && rule.info().autoResolve()) {
        cleared.add(new Cleared(patientId, rule.info().id(), rule.info().family(), rule.info().condition(),
            c.reason(), now));
      }
    }
    return new Evaluation(state, found, cleared);
  }

  /** The rules of the profile that hold for the member now (not single-reading ones: those judge arrivals). */
  public List<Finding> currentFindings(PatientState state, MemberFacts facts, String patientId, Instant now) {
    List<Finding> found = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule instanceof Rule.ThresholdRule || rule instanceof Rule.AbsenceRule) {
        continue;
      }
      if (evaluator.outcome(rule, state, facts, -1, now) instanceof Outcome.Met m) {
        found.add(findings.build(rule, m, state, facts, patientId, Optional.empty(), now));
      }
    }
    return found;
  }

  public List<Finding> currentFindings(PatientState state, String patientId, Instant now) {
    return currentFindings(state, MemberFacts.UNKNOWN, patientId, now);
  }

  /** Where the member stands on each of the Five Highs, with the findings behind it. */
  public List<ConditionStatus> status(PatientState state, MemberFacts facts, String patientId, Instant now) {
    List<ConditionStatus> out = new ArrayList<>();
    for (Condition condition : Condition.values()) {
      List<Finding> met = new ArrayList<>();
      List<String> clear = new ArrayList<>();
      boolean confirmed = false;
      boolean pending = false;
      for (Rule rule : rules) {
        if (rule.info().condition() != condition || rule instanceof Rule.AbsenceRule) {
          continue;
        }
        int trigger = evaluator.lastTrigger(rule, state, now.getEpochSecond());
        Outcome o = evaluator.outcome(rule, state, facts, trigger, now);
        if (o instanceof Outcome.Met m) {
          met.add(findings.build(rule, m, state, facts, patientId,
              trigger < 0 ? Optional.empty() : Optional.of(state.setting(trigger)), now));
          confirmed |= !m.pending();
          pending |= m.pending();
        } else if (o instanceof Outcome.Clear) {
          clear.add(rule.info().id());
        }
      }
      // One result awaiting confirmation says neither "controlled" nor "uncontrolled" yet.
      ConditionStatus.Status status = confirmed ? ConditionStatus.Status.UNCONTROLLED
          : pending || clear.isEmpty() ? ConditionStatus.Status.UNKNOWN : ConditionStatus.Status.CONTROLLED;
      out.add(new ConditionStatus(condition, status, met, clear, lastReading(state, condition)));
    }
    return out;
  }

  private Optional<Instant> lastReading(PatientState state, Condition condition) {
    for (int i = state.size() - 1; i >= 0; i--) {
      for (int m = 0; m < state.measurements(i); m++) {
        String a = analytes.id(state.analyte(i, m));
        for (Rule r : rules) {
          if (r.info().condition() == condition && r.info().inputs().contains(a)) {
            return Optional.of(Instant.ofEpochSecond(state.epochSecond(i)));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The record of a reading just added, or -1 when the state dropped it at once (too old to matter). */
  private static int recordOf(PatientState state, Reading reading) {
    long t = reading.effective().getEpochSecond();
    for (int i = state.firstAtOrAfter(t); i < state.size() && state.epochSecond(i) == t; i++) {
      if (state.readingId(i) == reading.id()) {
        return i;
      }
    }
    return -1;
  }
}
