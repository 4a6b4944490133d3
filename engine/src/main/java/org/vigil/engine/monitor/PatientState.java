package org.vigil.engine.monitor;

import java.time.Duration;
import java.util.Arrays;

/**
 * What the monitor remembers about one member: the recent measurements it needs to evaluate every rule,
 * sorted by time. Immutable; {@link #with} returns a new state. Stored as parallel primitive arrays so a
 * member costs a few hundred bytes, not a few kilobytes.
 *
 * <p>The state is a pure function of the set of readings applied to it: applying the same reading twice is
 * a no-op, and readings arriving out of time order land in time order.
 */
public final class PatientState {
  /** A member nobody has measured yet. */
  public static final PatientState EMPTY =
      new PatientState(new long[0], new long[0], new int[0], new byte[0], new String[0], new double[0]);

  private static final Setting[] SETTINGS = Setting.values();

  private final long[] readingIds;
  private final long[] epochSeconds;
  private final int[] offsetSeconds;
  private final byte[] settings;
  private final String[] analytes;
  private final double[] values;

  private PatientState(
      long[] readingIds, long[] epochSeconds, int[] offsetSeconds, byte[] settings, String[] analytes,
      double[] values) {
    this.readingIds = readingIds;
    this.epochSeconds = epochSeconds;
    this.offsetSeconds = offsetSeconds;
    this.settings = settings;
    this.analytes = analytes;
    this.values = values;
  }

  public int size() {
    return readingIds.length;
  }

  public long readingId(int i) {
    return readingIds[i];
  }

  public long epochSecond(int i) {
    return epochSeconds[i];
  }

  public int offsetSeconds(int i) {
    return offsetSeconds[i];
  }

  /** The member's local calendar day of point i, as days since the epoch. */
  public long localDay(int i) {
    return Math.floorDiv(epochSeconds[i] + offsetSeconds[i], 86_400L);
  }

  public Setting setting(int i) {
    return SETTINGS[settings[i]];
  }

  public String analyte(int i) {
    return analytes[i];
  }

  public double value(int i) {
    return values[i];
  }

  /** The time of the newest measurement, or {@code Long.MIN_VALUE} when empty. */
  public long newestEpochSecond() {
    return epochSeconds.length == 0 ? Long.MIN_VALUE : epochSeconds[epochSeconds.length - 1];
  }

  public boolean contains(long readingId) {
    for (long id : readingIds) {
      if (id == readingId) {
        return true;
      }
    }
    return false;
  }

  /**
   * This state with the reading's measurements added in time order, then trimmed: points older than
   * {@code retention} before the newest point are dropped, and at most {@code maxPoints} are kept.
   */
  public PatientState with(Reading reading, Duration retention, int maxPoints) {
    if (contains(reading.id())) {
      return this;
    }
    int add = reading.measurements().size();
    int n = size();
    long t = reading.effective().getEpochSecond();
    int at = n;
    while (at > 0 && (epochSeconds[at - 1] > t || (epochSeconds[at - 1] == t && readingIds[at - 1] > reading.id()))) {
      at--;
    }
    long newest = Math.max(newestEpochSecond(), t);
    long cutoff = newest - retention.toSeconds();
    int total = n + add;
    long[] ids = new long[total];
    long[] secs = new long[total];
    int[] offs = new int[total];
    byte[] sets = new byte[total];
    String[] ans = new String[total];
    double[] vals = new double[total];
    int k = 0;
    for (int i = 0; i < at; i++, k++) {
      copy(i, k, ids, secs, offs, sets, ans, vals);
    }
    for (Measurement m : reading.measurements()) {
      ids[k] = reading.id();
      secs[k] = t;
      offs[k] = reading.offset().getTotalSeconds();
      sets[k] = (byte) reading.setting().ordinal();
      ans[k] = m.analyte();
      vals[k] = m.value().value();
      k++;
    }
    for (int i = at; i < n; i++, k++) {
      copy(i, k, ids, secs, offs, sets, ans, vals);
    }
    int from = 0;
    while (from < total && secs[from] < cutoff) {
      from++;
    }
    from = Math.max(from, total - maxPoints);
    if (from == 0) {
      return new PatientState(ids, secs, offs, sets, ans, vals);
    }
    return new PatientState(
        Arrays.copyOfRange(ids, from, total),
        Arrays.copyOfRange(secs, from, total),
        Arrays.copyOfRange(offs, from, total),
        Arrays.copyOfRange(sets, from, total),
        Arrays.copyOfRange(ans, from, total),
        Arrays.copyOfRange(vals, from, total));
  }

  private void copy(int i, int k, long[] ids, long[] secs, int[] offs, byte[] sets, String[] ans, double[] vals) {
    ids[k] = readingIds[i];
    secs[k] = epochSeconds[i];
    offs[k] = offsetSeconds[i];
    sets[k] = settings[i];
    ans[k] = analytes[i];
    vals[k] = values[i];
  }

  /** Approximate bytes this state occupies on a 64-bit JVM with compressed pointers (arrays only). */
  public long approximateBytes() {
    int n = size();
    return 6L * 16 + n * (8L + 8 + 4 + 1 + 4 + 8) + 16;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PatientState s
        && Arrays.equals(readingIds, s.readingIds)
        && Arrays.equals(epochSeconds, s.epochSeconds)
        && Arrays.equals(offsetSeconds, s.offsetSeconds)
        && Arrays.equals(settings, s.settings)
        && Arrays.equals(analytes, s.analytes)
        && Arrays.equals(values, s.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(readingIds) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "PatientState[" + size() + " points]";
  }
}
