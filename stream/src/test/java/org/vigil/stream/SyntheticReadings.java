package org.vigil.stream;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.vigil.engine.monitor.Measurement;
import org.vigil.engine.monitor.MemberFacts;
import org.vigil.engine.monitor.Reading;
import org.vigil.engine.monitor.Setting;
import org.vigil.engine.units.Quantity;

/**
 * Blood-pressure readings of a synthetic panel, in time order, as the ingest would publish them: a third of the
 * members with readings that sometimes reach a crisis, a third persistently high, a third normal. Deterministic for a
 * seed; member ids are synthetic.
 */
final class SyntheticReadings {
  static final String PROFILE = "china";
  private static final MemberFacts FACTS = new MemberFacts(Optional.of("female"),
      Optional.of(LocalDate.parse("1960-03-14")), Set.of(), Optional.empty());

  private SyntheticReadings() {}

  static List<ReadingEvent> of(long seed, int members, int days, OffsetDateTime start) {
    Random random = new Random(seed);
    List<ReadingEvent> out = new ArrayList<>();
    long id = 1;
    for (int d = 0; d < days; d++) {
      for (int half = 0; half < 2; half++) {
        for (int m = 0; m < members; m++) {
          OffsetDateTime t = start.plusDays(d).plusHours(half * 12L).plusMinutes(m % 60);
          double sys;
          double dia;
          switch (m % 3) {
            case 0 -> {
              sys = random.nextInt(20) == 0 ? 185 + random.nextInt(15) : 140 + random.nextInt(20);
              dia = 88 + random.nextInt(12);
            }
            case 1 -> {
              sys = 145 + random.nextInt(15);
              dia = 92 + random.nextInt(8);
            }
            default -> {
              sys = 110 + random.nextInt(15);
              dia = 70 + random.nextInt(8);
            }
          }
          Setting setting = d % 7 == 0 && half == 0 ? Setting.OFFICE : Setting.HOME;
          Reading r = new Reading(id++, "m-" + seed + "-" + m, t.toInstant(), t.getOffset(), setting, List.of(
              new Measurement("systolic-bp", new Quantity(sys, "mm[Hg]")),
              new Measurement("diastolic-bp", new Quantity(dia, "mm[Hg]"))));
          out.add(ReadingEvent.of(r, PROFILE, FACTS, t.toInstant().plus(Duration.ofMinutes(1))));
        }
      }
    }
    return out;
  }
}
