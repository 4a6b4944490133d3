package org.vigil.engine.monitor;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.vigil.engine.units.Quantity;

/** Test readings written the way a clinician reads them. */
final class Readings {
  private Readings() {}

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

  /** Applies readings in order, each evaluated at its own time; returns every finding. */
  static Run run(Monitor monitor, Reading... readings) {
    PatientState state = PatientState.EMPTY;
    List<Finding> all = new ArrayList<>();
    Evaluation last = null;
    for (Reading r : readings) {
      last = monitor.evaluate(state, r, r.effective());
      state = last.state();
      all.addAll(last.findings());
    }
    return new Run(state, all, last == null ? List.of() : last.findings());
  }

  record Run(PatientState state, List<Finding> all, List<Finding> last) {
    List<Finding> lastOf(String family) {
      return last.stream().filter(f -> f.family().equals(family)).toList();
    }
  }
}
