package org.vigil.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.engine.units.Quantity;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * Replay property (ADR 0007): a member's state is a pure function of the set of readings applied. Readings applied
 * live in ARRIVAL order (late, shuffled relative to their time, each evaluated at its arrival instant) give the
 * same state as the same readings replayed in time order, and therefore the same current findings and status.
 */
class MonitorReplayPropertyTest {
  private static final org.vigil.knowledge.KnowledgeBase KB = KnowledgeLoader.loadDefault();
  private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  record Arrival(Reading reading, Instant arrives) {}

  private static Reading reading(long id, Instant t, Setting setting, ReadingContext ctx, Measurement... ms) {
    return new Reading(id, "p1", t, BEIJING, setting, ctx, List.of(ms));
  }

  private static Measurement m(String analyte, double value, String unit) {
    return new Measurement(analyte, new Quantity(value, unit));
  }

  /** A random mix over 75 days: home and office BP, glucose of every kind, lipids, urate, weight and height. */
  private static List<Arrival> mixedReadings(long seed) {
    Random rnd = new Random(seed);
    List<Arrival> out = new ArrayList<>();
    int n = 120 + rnd.nextInt(60);
    for (int i = 0; i < n; i++) {
      long id = 1 + i;
      Instant t = START.plusSeconds((long) (rnd.nextDouble() * 75 * 86_400));
      Reading r = switch (rnd.nextInt(10)) {
        case 0, 1, 2 -> reading(id, t, Setting.HOME, ReadingContext.NONE,
            m("systolic-bp", 115 + rnd.nextInt(45), "mm[Hg]"), m("diastolic-bp", 70 + rnd.nextInt(25), "mm[Hg]"));
        case 3 -> reading(id, t, Setting.OFFICE, ReadingContext.NONE,
            m("systolic-bp", 120 + rnd.nextInt(70), "mm[Hg]"), m("diastolic-bp", 75 + rnd.nextInt(40), "mm[Hg]"));
        case 4 -> switch (rnd.nextInt(4)) {
          case 0 -> reading(id, t, Setting.UNSPECIFIED, Readings.FASTING,
              m("fasting-glucose", 4.5 + rnd.nextDouble() * 4, "mmol/L"));
          case 1 -> reading(id, t, Setting.UNSPECIFIED, ReadingContext.NONE, m("hba1c", 5.2 + rnd.nextDouble() * 3, "%"));
          case 2 -> reading(id, t, Setting.HOME, ReadingContext.NONE,
              m("blood-glucose", 2.5 + rnd.nextDouble() * 10, "mmol/L"));
          default -> reading(id, t, Setting.UNSPECIFIED, rnd.nextBoolean() ? Readings.SYMPTOMS : ReadingContext.NONE,
              m("glucose", 6 + rnd.nextDouble() * 9, "mmol/L"));
        };
        case 5 -> switch (rnd.nextInt(4)) {
          case 0 -> reading(id, t, Setting.UNSPECIFIED, ReadingContext.NONE,
              m("ldl-cholesterol", 1.5 + rnd.nextDouble() * 4, "mmol/L"));
          case 1 -> reading(id, t, Setting.UNSPECIFIED, ReadingContext.NONE,
              m("total-cholesterol", 4 + rnd.nextDouble() * 4, "mmol/L"));
          case 2 -> reading(id, t, Setting.UNSPECIFIED, ReadingContext.NONE,
              m("hdl-cholesterol", 0.8 + rnd.nextDouble(), "mmol/L"));
          default -> reading(id, t, Setting.UNSPECIFIED, ReadingContext.NONE,
              m("triglycerides", 1 + rnd.nextDouble() * 6, "mmol/L"));
        };
        case 6 -> reading(id, t, Setting.UNSPECIFIED, ReadingContext.NONE, m("uric-acid", 300 + rnd.nextInt(200), "umol/L"));
        case 7 -> reading(id, t, Setting.HOME, ReadingContext.NONE, m("waist-circumference", 78 + rnd.nextInt(30), "cm"));
        case 8 -> reading(id, t, Setting.HOME, ReadingContext.NONE, m("body-height", 160 + rnd.nextInt(15), "cm"));
        default -> reading(id, t, Setting.HOME, ReadingContext.NONE, m("body-weight", 60 + rnd.nextDouble() * 35, "kg"));
      };
      // Devices upload late: from immediately to ten days after the reading was taken.
      Instant arrives = t.plusSeconds((long) (rnd.nextDouble() * 10 * 86_400));
      out.add(new Arrival(r, arrives));
    }
    return out;
  }

  @ParameterizedTest(name = "seed {0}, {1}")
  @CsvSource({
      "1, china", "2, china", "3, china", "4, china", "5, china",
      "6, international", "7, international", "8, international", "9, international", "10, international",
  })
  void arrivalOrderAndTimeOrderGiveTheSameStateFindingsAndStatus(long seed, String profile) {
    Monitor monitor = Monitor.forProfile(KB, profile);
    MemberFacts facts = Readings.member(seed % 2 == 0 ? "male" : "female", "1972-06-15",
        seed % 3 == 0 ? "high" : null, seed % 4 == 0 ? new String[] {"diabetes"} : new String[] {"gout"});
    List<Arrival> arrivals = mixedReadings(seed);

    List<Arrival> byArrival = new ArrayList<>(arrivals);
    byArrival.sort(Comparator.comparing(Arrival::arrives).thenComparing(a -> a.reading().id()));
    List<Reading> byTime = arrivals.stream().map(Arrival::reading)
        .sorted(Comparator.comparing(Reading::effective).thenComparing(Reading::id)).toList();
    assertThat(byArrival.stream().map(a -> a.reading().id()).toList())
        .as("the arrival order really differs from the time order")
        .isNotEqualTo(byTime.stream().map(Reading::id).toList());

    PatientState live = PatientState.EMPTY;
    int findings = 0;
    for (Arrival a : byArrival) {
      Evaluation e = monitor.evaluate(live, facts, a.reading(), a.arrives());
      live = e.state();
      findings += e.findings().size();
    }
    PatientState replayedLive = PatientState.EMPTY;
    PatientState replayed = PatientState.EMPTY;
    for (Reading r : byTime) {
      replayedLive = monitor.evaluate(replayedLive, facts, r, r.effective()).state();
      replayed = monitor.replay(replayed, r);
    }

    assertThat(live.size()).isPositive();
    assertThat(findings).as("the mix produces findings, so the property is not vacuous").isPositive();
    assertThat(live).isEqualTo(replayedLive).isEqualTo(replayed);

    Instant now = byArrival.getLast().arrives();
    assertThat(monitor.currentFindings(live, facts, "p1", now))
        .isEqualTo(monitor.currentFindings(replayed, facts, "p1", now));
    assertThat(monitor.status(live, facts, "p1", now)).isEqualTo(monitor.status(replayed, facts, "p1", now));
    assertThat(monitor.scheduled(live, facts, "p1", now.plusSeconds(20 * 86_400L)).findings())
        .isEqualTo(monitor.scheduled(replayed, facts, "p1", now.plusSeconds(20 * 86_400L)).findings());
  }

  @Test
  void aReadingOlderThanTheStateKeepsIsAcceptedAndChangesNothing() {
    // A device uploads a backlog: a home BP from March arrives after a June reading. The state cannot keep it
    // (no rule window reaches back that far), so evaluating it must give no findings, not an exception.
    Monitor monitor = Monitor.forProfile(KB, "china");
    Reading june = Readings.bp(2, "2026-06-20T07:00:00+08:00", Setting.HOME, 130, 80);
    Reading march = Readings.bp(1, "2026-03-01T07:00:00+08:00", Setting.HOME, 185, 125);
    PatientState s = monitor.evaluate(PatientState.EMPTY, MemberFacts.UNKNOWN, june, june.effective()).state();
    Evaluation late = monitor.evaluate(s, MemberFacts.UNKNOWN, march, june.effective().plusSeconds(3_600));
    assertThat(late.state()).isEqualTo(monitor.replay(monitor.replay(PatientState.EMPTY, june), march));
    assertThat(late.findings()).extracting(Finding::family).doesNotContain("htn-home", "htn-office");
  }
}
