package org.vigil.engine.monitor;

import java.time.Duration;

/**
 * How long a member's state keeps a reading: per setting and analyte, the longest window of any rule that reads
 * that analyte in that setting, plus a day (a window measured from "now" may reach into a local day that began
 * earlier). The newest reading of every analyte is kept whatever its age: absence rules and derived values (BMI
 * needs the last height) read it. A home blood pressure is kept about a week; an office one about three months.
 */
public final class Retention {
  private final long[][] seconds;
  private final int maxRecords;

  /** {@code seconds[setting ordinal][analyte index]}. */
  public Retention(long[][] seconds, int maxRecords) {
    if (seconds.length != Setting.values().length) {
      throw new IllegalArgumentException("one row per setting");
    }
    this.seconds = new long[seconds.length][];
    for (int i = 0; i < seconds.length; i++) {
      this.seconds[i] = seconds[i].clone();
    }
    this.maxRecords = maxRecords;
  }

  public long seconds(Setting s, int analyte) {
    long[] row = seconds[s.ordinal()];
    return analyte < row.length ? row[analyte] : 0;
  }

  public int maxRecords() {
    return maxRecords;
  }

  /** The longest retention of all: replaying readings this recent (plus each analyte's newest) rebuilds a state. */
  public Duration longest() {
    long max = 0;
    for (long[] row : seconds) {
      for (long s : row) {
        max = Math.max(max, s);
      }
    }
    return Duration.ofSeconds(max);
  }

  /** Every setting and analyte kept for the same time. */
  public static Retention uniform(Duration d, int analytes, int maxRecords) {
    long[][] s = new long[Setting.values().length][analytes];
    for (long[] row : s) {
      java.util.Arrays.fill(row, d.toSeconds());
    }
    return new Retention(s, maxRecords);
  }
}
