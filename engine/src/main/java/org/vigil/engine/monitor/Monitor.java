package org.vigil.engine.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.knowledge.AnalyteDefinition;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.ProfileDefinition;
import org.vigil.knowledge.RuleDefinition;

/**
 * The monitor for one guideline profile: {@code (state, reading, now) -> (state', findings)}. Pure and
 * deterministic: no clock, no I/O; the same inputs always give the same outputs, so any member's state can
 * be rebuilt by replaying their readings.
 */
public final class Monitor {
  /** The most measurements kept per member, whatever the windows (a bound on memory). */
  public static final int MAX_POINTS = 256;

  private final String profileId;
  private final String knowledgeVersion;
  private final List<Rule> rules;
  private final Map<String, Rule> allRules;
  private final Duration retention;
  private final RuleEvaluator evaluator;

  private Monitor(String profileId, String knowledgeVersion, List<Rule> rules, Map<String, Rule> allRules,
      Map<String, String> codes) {
    this.profileId = profileId;
    this.knowledgeVersion = knowledgeVersion;
    this.rules = List.copyOf(rules);
    this.allRules = Map.copyOf(allRules);
    Duration longest = Duration.ofDays(1);
    for (Rule r : allRules.values()) {
      if (r.lookback().compareTo(longest) > 0) {
        longest = r.lookback();
      }
    }
    // One extra day: a window measured from "now" may reach back into a local day that began earlier.
    this.retention = longest.plusDays(1);
    this.evaluator = new RuleEvaluator(profileId, knowledgeVersion, this.allRules, codes);
  }

  /** The monitor running the rules of one profile of the knowledge base. */
  public static Monitor forProfile(KnowledgeBase knowledge, String profileId) {
    ProfileDefinition profile = knowledge.profile(profileId)
        .orElseThrow(() -> new IllegalArgumentException("no guideline profile '" + profileId + "'; known: "
            + knowledge.profiles().stream().map(ProfileDefinition::id).toList()));
    RuleCompiler compiler = new RuleCompiler(knowledge);
    Map<String, Rule> all = new LinkedHashMap<>();
    for (RuleDefinition def : knowledge.rules()) {
      all.put(def.id(), compiler.compile(def));
    }
    List<Rule> rules = knowledge.rulesOf(profile).stream().map(d -> all.get(d.id())).toList();
    Map<String, String> codes = new LinkedHashMap<>();
    for (AnalyteDefinition a : knowledge.analytes()) {
      codes.put(a.id(), a.primaryCode());
    }
    return new Monitor(profileId, knowledge.version(), rules, all, codes);
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

  /** How much history a member's state keeps. Replaying readings newer than this rebuilds the state. */
  public Duration retention() {
    return retention;
  }

  /**
   * Applies a reading: the next state, and a finding for every rule of the profile the reading concerns that
   * is met as of {@code now}. A reading already applied changes nothing and produces no finding.
   */
  public Evaluation evaluate(PatientState state, Reading reading, Instant now) {
    PatientState next = state.with(reading, retention, MAX_POINTS);
    if (next == state) {
      return new Evaluation(state, List.of());
    }
    List<Finding> findings = new ArrayList<>(2);
    for (Rule rule : rules) {
      if (rule.info().concerns(reading)) {
        evaluator.evaluate(rule, next, reading.patientId(), Optional.of(reading), now).ifPresent(findings::add);
      }
    }
    return new Evaluation(next, findings);
  }

  /** The state after a reading, without evaluating rules: how a state is rebuilt from stored readings. */
  public PatientState replay(PatientState state, Reading reading) {
    return state.with(reading, retention, MAX_POINTS);
  }

  /** Every rule of the profile that is met for this member as of {@code now} (the member's current findings). */
  public List<Finding> currentFindings(PatientState state, String patientId, Instant now) {
    List<Finding> findings = new ArrayList<>();
    for (Rule rule : rules) {
      if (!(rule instanceof Rule.ThresholdRule)) {
        evaluator.evaluate(rule, state, patientId, Optional.empty(), now).ifPresent(findings::add);
      }
    }
    return findings;
  }
}
