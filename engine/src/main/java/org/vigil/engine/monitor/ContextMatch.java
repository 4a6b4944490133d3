package org.vigil.engine.monitor;

import org.vigil.knowledge.ContextFilter;

/** A compiled reading-context filter: the flag bits that must be set and those that must be clear. */
public record ContextMatch(int required, int forbidden, int periodMask) {
  public static final ContextMatch ANY = new ContextMatch(0, 0, 0);

  static ContextMatch of(ContextFilter f) {
    if (f == null) {
      return ANY;
    }
    int req = 0;
    int forb = 0;
    if (f.fasting() != null) {
      if (f.fasting()) {
        req |= 1 << 2;
      } else {
        forb |= 1 << 2;
      }
    }
    if (f.symptoms() != null) {
      if (f.symptoms()) {
        req |= 1 << 3;
      } else {
        forb |= 1 << 3;
      }
    }
    if (f.cgm() != null) {
      if (f.cgm()) {
        req |= 1 << 4;
      } else {
        forb |= 1 << 4;
      }
    }
    int period = f.period() == null ? 0 : ReadingContext.periodCode(f.period()) << 5;
    return new ContextMatch(req, forb, period);
  }

  /** Whether a record with these context flags passes. */
  public boolean matches(int flags) {
    if ((flags & required) != required || (flags & forbidden) != 0) {
      return false;
    }
    return periodMask == 0 || (flags & (3 << 5)) == periodMask;
  }
}
