package org.vigil.engine.monitor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One observation as the monitor sees it: who, when (with the offset the device reported, which decides the
 * member's calendar day), where it was taken, in what circumstances, and one or more canonical measurements
 * (a BP panel has two).
 */
public record Reading(
    long id,
    String patientId,
    Instant effective,
    ZoneOffset offset,
    Setting setting,
    ReadingContext context,
    List<Measurement> measurements) {

  public Reading {
    measurements = List.copyOf(measurements);
    if (measurements.isEmpty()) {
      throw new IllegalArgumentException("a reading has at least one measurement");
    }
    if (offset.getTotalSeconds() % 900 != 0) {
      throw new IllegalArgumentException("UTC offsets are whole quarter hours; got " + offset);
    }
  }

  public Reading(long id, String patientId, Instant effective, ZoneOffset offset, Setting setting,
      List<Measurement> measurements) {
    this(id, patientId, effective, offset, setting, ReadingContext.NONE, measurements);
  }

  /** The member's local calendar day of this reading, as days since the epoch. */
  public long localDay() {
    return Math.floorDiv(effective.getEpochSecond() + offset.getTotalSeconds(), 86_400L);
  }
}
