package org.vigil.engine.explain;

import java.time.Instant;
import java.time.ZoneOffset;
import org.vigil.engine.units.Quantity;

/** A reading a finding rests on: its id, what it measured (analyte and LOINC code), the value and when. */
public record EvidenceItem(
    long readingId, String analyte, String code, Quantity value, Instant time, ZoneOffset offset, String setting) {}
