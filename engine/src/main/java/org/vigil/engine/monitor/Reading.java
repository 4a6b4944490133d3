package org.vigil.engine.monitor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One observation as the monitor sees it: who, when (with the offset the device reported, which decides the
 * member's calendar day), where it was taken, and one or more canonical measurements (a BP panel has two).
 */
public record Reading(
    long id,
    String patientId,
    Instant effective,
    ZoneOffset offset,
    Setting setting,
    List<Measurement> measurements) {

  public Reading {
    measurements = List.copyOf(measurements);
  }

  /** The member's local calendar day of this reading, as days since the epoch. */
  public long localDay() {
    return Math.floorDiv(effective.getEpochSecond() + offset.getTotalSeconds(), 86_400L);
  }
}
