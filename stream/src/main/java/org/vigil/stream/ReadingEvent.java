package org.vigil.stream;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vigil.engine.monitor.Measurement;
import org.vigil.engine.monitor.MemberFacts;
import org.vigil.engine.monitor.Reading;
import org.vigil.engine.monitor.ReadingContext;
import org.vigil.engine.monitor.Setting;
import org.vigil.engine.units.Quantity;

/**
 * A reading as it travels on the readings topic, keyed by member: already validated and normalized (values in the
 * analyte's canonical unit) and stored by the ingest, enriched with what the monitor needs besides the reading — the
 * member's guideline profile and facts — and the time Vigil received it, which is the monitor's "now" (so a replay
 * of the topic decides exactly as the live run did).
 */
public record ReadingEvent(
    long id, String patientId, String profile, Instant effective, int offsetSeconds, String setting,
    int contextFlags, List<Value> values, Facts facts, Instant receivedAt) {

  /** One measured value in its canonical unit. */
  public record Value(String analyte, double value, String unit) {}

  /** The member's facts at ingest (sex, birth date, active diagnoses, risk category). */
  public record Facts(String sex, LocalDate birthDate, Set<String> conditions, String riskCategory) {
    public MemberFacts toMemberFacts() {
      return new MemberFacts(Optional.ofNullable(sex), Optional.ofNullable(birthDate),
          conditions == null ? Set.of() : conditions, Optional.ofNullable(riskCategory));
    }

    public static Facts of(MemberFacts f) {
      return new Facts(f.sex().orElse(null), f.birthDate().orElse(null), f.conditions(), f.riskCategory().orElse(null));
    }
  }

  public Reading toReading() {
    return new Reading(id, patientId, effective, ZoneOffset.ofTotalSeconds(offsetSeconds),
        Setting.parse(setting).orElse(Setting.UNSPECIFIED), ReadingContext.ofFlags(contextFlags),
        values.stream().map(v -> new Measurement(v.analyte(), new Quantity(v.value(), v.unit()))).toList());
  }

  public static ReadingEvent of(Reading r, String profile, MemberFacts facts, Instant receivedAt) {
    return new ReadingEvent(r.id(), r.patientId(), profile, r.effective(), r.offset().getTotalSeconds(),
        r.setting().code(), r.context().flags(),
        r.measurements().stream().map(m -> new Value(m.analyte(), m.value().value(), m.value().unit())).toList(),
        Facts.of(facts), receivedAt);
  }
}
