package org.vigil.engine.monitor;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vigil.engine.explain.AppliedThreshold;
import org.vigil.engine.explain.EvidenceItem;
import org.vigil.engine.units.Normalized;
import org.vigil.engine.units.Quantity;
import org.vigil.engine.units.Result;
import org.vigil.engine.units.UnitNormalizer;
import org.vigil.knowledge.KnowledgeLoader;

/** Test readings written the way a clinician reads them. */
final class Readings {
  private Readings() {}

  static final ReadingContext FASTING = new ReadingContext(true, false, false, null);
  static final ReadingContext SYMPTOMS = new ReadingContext(false, true, false, null);
  static final ReadingContext CGM = new ReadingContext(false, false, true, null);

  private static UnitNormalizer units;

  static Reading bp(long id, String time, Setting setting, double systolic, double diastolic) {
    OffsetDateTime t = OffsetDateTime.parse(time);
    return new Reading(id, "p1", t.toInstant(), t.getOffset(), setting, List.of(
        new Measurement("systolic-bp", new Quantity(systolic, "mm[Hg]")),
        new Measurement("diastolic-bp", new Quantity(diastolic, "mm[Hg]"))));
  }

  static Reading systolicOnly(long id, String time, Setting setting, double systolic) {
    OffsetDateTime t = OffsetDateTime.parse(time);
    return new Reading(id, "p1", t.toInstant(), t.getOffset(), setting, List.of(
        new Measurement("systolic-bp", new Quantity(systolic, "mm[Hg]"))));
  }

  /** An ambulatory (ABPM) summary of one period: 24h, day or night. */
  static Reading abpm(long id, String time, String period, double systolic, double diastolic) {
    OffsetDateTime t = OffsetDateTime.parse(time);
    return new Reading(id, "p1", t.toInstant(), t.getOffset(), Setting.AMBULATORY,
        new ReadingContext(false, false, false, period), List.of(
        new Measurement("systolic-bp", new Quantity(systolic, "mm[Hg]")),
        new Measurement("diastolic-bp", new Quantity(diastolic, "mm[Hg]"))));
  }

  /** A BP reading with a context (e.g. a home reading wrongly labelled with an ABPM period). */
  static Reading bp(long id, String time, Setting setting, ReadingContext context, double systolic,
      double diastolic) {
    OffsetDateTime t = OffsetDateTime.parse(time);
    return new Reading(id, "p1", t.toInstant(), t.getOffset(), setting, context, List.of(
        new Measurement("systolic-bp", new Quantity(systolic, "mm[Hg]")),
        new Measurement("diastolic-bp", new Quantity(diastolic, "mm[Hg]"))));
  }

  /** One measurement in its canonical unit. */
  static Reading single(long id, String time, Setting setting, ReadingContext context, String analyte, double value,
      String unit) {
    OffsetDateTime t = OffsetDateTime.parse(time);
    return new Reading(id, "p1", t.toInstant(), t.getOffset(), setting, context,
        List.of(new Measurement(analyte, new Quantity(value, unit))));
  }

  static Reading single(long id, String time, Setting setting, String analyte, double value, String unit) {
    return single(id, time, setting, ReadingContext.NONE, analyte, value, unit);
  }

  /** A laboratory result (setting unspecified), in the analyte's canonical unit. */
  static Reading lab(long id, String time, String analyte, double value, String unit) {
    return single(id, time, Setting.UNSPECIFIED, analyte, value, unit);
  }

  /** Several laboratory results of one sample, sent as one reading. */
  static Reading labPanel(long id, String time, Measurement... measurements) {
    OffsetDateTime t = OffsetDateTime.parse(time);
    return new Reading(id, "p1", t.toInstant(), t.getOffset(), Setting.UNSPECIFIED, List.of(measurements));
  }

  static Measurement m(String analyte, double value, String unit) {
    return new Measurement(analyte, new Quantity(value, unit));
  }

  /** A plasma glucose (fasting-glucose, glucose, ogtt-2h-glucose) in mmol/L from a laboratory. */
  static Reading glucose(long id, String time, String analyte, double mmolPerL, ReadingContext context) {
    return single(id, time, Setting.UNSPECIFIED, context, analyte, mmolPerL, "mmol/L");
  }

  static Reading glucose(long id, String time, String analyte, double mmolPerL) {
    return glucose(id, time, analyte, mmolPerL, ReadingContext.NONE);
  }

  /** A home meter (capillary blood glucose) in mmol/L. */
  static Reading meter(long id, String time, double mmolPerL) {
    return single(id, time, Setting.HOME, "blood-glucose", mmolPerL, "mmol/L");
  }

  static Reading hba1c(long id, String time, double percent) {
    return lab(id, time, "hba1c", percent, "%");
  }

  /**
   * The canonical value of a result sent as {@code value unit} under a LOINC code, converted the way ingest does it
   * (clinical-knowledge.md C6 factors).
   */
  static double canonical(String loinc, double value, String unit) {
    Result<Normalized> r = units().normalize("reading", loinc, value, unit);
    if (!(r instanceof Result.Ok<Normalized> ok)) {
      throw new IllegalArgumentException(loinc + " " + value + " " + unit + ": " + r);
    }
    return ok.value().canonical().value();
  }

  static synchronized UnitNormalizer units() {
    if (units == null) {
      units = new UnitNormalizer(KnowledgeLoader.loadDefault());
    }
    return units;
  }

  /** Member facts; null sex, birth date or risk category mean unknown. */
  static MemberFacts member(String sex, String birthDate, String riskCategory, String... conditions) {
    return new MemberFacts(Optional.ofNullable(sex), Optional.ofNullable(birthDate).map(LocalDate::parse),
        Set.of(conditions), Optional.ofNullable(riskCategory));
  }

  static MemberFacts withConditions(String... conditions) {
    return member(null, null, null, conditions);
  }

  /** Applies readings in order, each evaluated at its own time; returns every finding. */
  static Run run(Monitor monitor, Reading... readings) {
    return run(monitor, MemberFacts.UNKNOWN, readings);
  }

  /** Applies readings in order for a member with these facts, each evaluated at its own time. */
  static Run run(Monitor monitor, MemberFacts facts, Reading... readings) {
    PatientState state = PatientState.EMPTY;
    List<Finding> all = new ArrayList<>();
    List<Cleared> allCleared = new ArrayList<>();
    Evaluation last = null;
    for (Reading r : readings) {
      last = monitor.evaluate(state, facts, r, r.effective());
      state = last.state();
      all.addAll(last.findings());
      allCleared.addAll(last.cleared());
    }
    return new Run(state, all, last == null ? List.of() : last.findings(), allCleared,
        last == null ? List.of() : last.cleared());
  }

  record Run(PatientState state, List<Finding> all, List<Finding> last, List<Cleared> allCleared,
      List<Cleared> lastCleared) {
    Run(PatientState state, List<Finding> all, List<Finding> last) {
      this(state, all, last, List.of(), List.of());
    }

    List<Finding> lastOf(String family) {
      return last.stream().filter(f -> f.family().equals(family)).toList();
    }

    List<Finding> allOf(String family) {
      return all.stream().filter(f -> f.family().equals(family)).toList();
    }

    /** The single finding of a family the last reading produced (fails when there is none or several). */
    Finding only(String family) {
      List<Finding> f = lastOf(family);
      if (f.size() != 1) {
        throw new AssertionError("expected one '" + family + "' finding from the last reading, got " + f
            + "; all findings of the last reading: " + last.stream().map(Finding::ruleId).toList());
      }
      return f.getFirst();
    }

    List<Cleared> lastClearedOf(String family) {
      return lastCleared.stream().filter(c -> c.family().equals(family)).toList();
    }
  }

  static List<Long> evidenceIds(Finding f) {
    return f.evidence().stream().map(EvidenceItem::readingId).distinct().sorted().toList();
  }

  /** The applied threshold of an analyte with an operator (fails when absent). */
  static AppliedThreshold threshold(Finding f, String analyte, String op) {
    return f.thresholds().stream().filter(t -> t.analyte().equals(analyte) && t.operator().equals(op)).findFirst()
        .orElseThrow(() -> new AssertionError("no threshold " + analyte + " " + op + " in " + f.thresholds()));
  }
}
