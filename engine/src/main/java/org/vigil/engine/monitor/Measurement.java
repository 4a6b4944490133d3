package org.vigil.engine.monitor;

import org.vigil.engine.units.Quantity;

/** One analyte's value within a reading, already in the analyte's canonical unit. */
public record Measurement(String analyte, Quantity value) {}
