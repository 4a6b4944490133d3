package org.vigil.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.vigil.engine.monitor.Evaluation;
import org.vigil.engine.monitor.Monitor;
import org.vigil.engine.monitor.PatientState;
import org.vigil.engine.monitor.Reading;
import org.vigil.knowledge.KnowledgeLoader;

/**
 * Readings per second per core through {@link Monitor#evaluate} with the {@code international} profile. Each
 * op takes the next reading of the next member (round robin), evaluates it at its own time and stores the new
 * state back, so states evolve as in production.
 *
 * <p>{@code historyDays} is the history every member has in the pre-warmed states: 14 days is a newly
 * enrolled member, 91 days the steady state of a long-term one (the monitor keeps 91 days, at most 256
 * points, so that state no longer grows). After {@link #CYCLE_READINGS} readings per member the cohort is
 * rewound to the pre-warmed states and replays the same readings, so whatever the throughput a member's
 * history stays within {@code historyDays} + about a week and the workload does not drift between fast and
 * slow benchmarks or iterations. {@link #readingOnly} is the cost of generating a reading, which every other
 * figure includes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
public class MonitorBenchmark {
  static final String PROFILE = "international";
  static final long COHORT_SEED = 20_260_105L;
  static final long RUN_SEED = 42L;
  /** Readings applied to each member (about a week's worth) before the cohort is rewound. */
  static final int CYCLE_READINGS = 10;

  /** A cohort of members with pre-warmed states; subclasses choose how their blood pressures are spread. */
  @State(Scope.Thread)
  public abstract static class Population {
    @Param("10000")
    public int members;

    @Param({"14", "91"})
    public int historyDays;

    private Monitor monitor;
    private Cohort cohort;
    private PatientState[] prewarmed;
    private int[] prewarmedClocks;
    private PatientState[] states;
    private int cursor;
    private int laps;
    private long readings;
    private long findings;
    private long points;

    abstract Cohort.Mix mix();

    @Setup(Level.Trial)
    public void prewarm() {
      monitor = Monitor.forProfile(KnowledgeLoader.loadDefault(), PROFILE);
      cohort = new Cohort(members, mix(), COHORT_SEED);
      prewarmed = cohort.prewarm(monitor, historyDays);
      prewarmedClocks = cohort.clocks();
    }

    @Setup(Level.Iteration)
    public void startIteration() {
      rewind();
    }

    /** Back to the pre-warmed states and the start of the reading sequence. */
    private void rewind() {
      if (states == null) {
        states = new PatientState[prewarmed.length];
      }
      System.arraycopy(prewarmed, 0, states, 0, prewarmed.length);
      cohort.rewind(prewarmedClocks, RUN_SEED);
      cursor = 0;
      laps = 0;
    }

    @TearDown(Level.Trial)
    public void report() {
      System.out.printf("%n[%s, %d members, %d days] %,d readings over the trial, %.3f findings per reading, "
              + "states of %.1f points on average%n",
          mix(), members, historyDays, readings, (double) findings / readings, (double) points / readings);
    }

    /**
     * Applies the next reading. With {@code explain} the explained findings are built too (what the server
     * always does before it writes an alert); without, only the decision is made.
     */
    Evaluation applyNext(boolean explain) {
      if (cursor == states.length) {
        cursor = 0;
        if (++laps == CYCLE_READINGS) {
          rewind();
        }
      }
      int m = cursor++;
      Reading reading = cohort.next(m);
      Evaluation evaluation = monitor.evaluate(states[m], reading, reading.effective());
      states[m] = evaluation.state();
      readings++;
      findings += explain ? evaluation.findings().size() : evaluation.findingCount();
      points += evaluation.state().size();
      return evaluation;
    }
  }

  /** Usual BP around 135/85: some members quiet, some firing. */
  public static class RealisticPopulation extends Population {
    @Override
    Cohort.Mix mix() {
      return Cohort.Mix.REALISTIC;
    }
  }

  /** Usual BP around 110/68: every rule is evaluated, none fires. */
  public static class NormotensivePopulation extends Population {
    @Override
    Cohort.Mix mix() {
      return Cohort.Mix.NORMOTENSIVE;
    }
  }

  /** Usual BP around 152/96: nearly every reading produces an explained finding. */
  public static class HypertensivePopulation extends Population {
    @Override
    Cohort.Mix mix() {
      return Cohort.Mix.HYPERTENSIVE;
    }
  }

  /**
   * The realistic mix, decision only: which rules hold at which level (0.94 findings per reading), explanations
   * not built.
   */
  @Benchmark
  public void realisticMix(RealisticPopulation population, Blackhole blackhole) {
    blackhole.consume(population.applyNext(false));
  }

  /** The realistic mix with every finding explained (evidence, thresholds, differentials, text). */
  @Benchmark
  public void realisticMixExplained(RealisticPopulation population, Blackhole blackhole) {
    blackhole.consume(population.applyNext(true));
  }

  /** The "no rule fires" path: rules evaluated, no finding built. */
  @Benchmark
  public void noRuleFires(NormotensivePopulation population, Blackhole blackhole) {
    blackhole.consume(population.applyNext(true));
  }

  /** The "findings produced" path: the difference from {@link #noRuleFires} is the cost of explaining. */
  @Benchmark
  public void findingsProduced(HypertensivePopulation population, Blackhole blackhole) {
    blackhole.consume(population.applyNext(true));
  }

  /** Baseline: generating the reading alone (no monitor), a cost included in every figure above. */
  @Benchmark
  public Reading readingOnly(GeneratorOnly population) {
    return population.generateNext();
  }

  /** The realistic cohort without pre-warming (the baseline needs only its reading generator). */
  @State(Scope.Thread)
  public static class GeneratorOnly {
    @Param("10000")
    public int members;

    private Cohort cohort;
    private int[] clocks;
    private int cursor;

    @Setup(Level.Trial)
    public void create() {
      cohort = new Cohort(members, Cohort.Mix.REALISTIC, COHORT_SEED);
      clocks = cohort.clocks();
    }

    @Setup(Level.Iteration)
    public void rewind() {
      cohort.rewind(clocks, RUN_SEED);
      cursor = 0;
    }

    Reading generateNext() {
      int m = cursor;
      cursor = m + 1 == members ? 0 : m + 1;
      return cohort.next(m);
    }
  }
}
