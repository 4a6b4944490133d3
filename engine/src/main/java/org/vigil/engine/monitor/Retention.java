package org.vigil.engine.monitor;

import java.time.Duration;

/**
 * How long a member's state keeps readings of each setting: the longest window of any rule that reads that
 * setting, plus a day (a window measured from "now" may reach into a local day that began earlier). The newest
 * reading of every analyte is kept whatever its age: absence rules and derived values (BMI needs the last
 * height) read it.
 */
public record Retention(long[] secondsBySetting, int maxRecords) {
  public Retention {
    if (secondsBySetting.length != Setting.values().length) {
      throw new IllegalArgumentException("one retention per setting");
    }
    secondsBySetting = secondsBySetting.clone();
  }

  public long seconds(Setting s) {
    return secondsBySetting[s.ordinal()];
  }

  public Duration longest() {
    long max = 0;
    for (long s : secondsBySetting) {
      max = Math.max(max, s);
    }
    return Duration.ofSeconds(max);
  }

  /** Every setting kept for the same time. */
  public static Retention uniform(Duration d, int maxRecords) {
    long[] s = new long[Setting.values().length];
    java.util.Arrays.fill(s, d.toSeconds());
    return new Retention(s, maxRecords);
  }
}
