package org.vigil.engine.monitor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * What the monitor remembers about one member: the recent readings its rules need, in time order. Immutable;
 * {@link #with} returns a new state. Packed in one byte array of fixed 28-byte records so a member costs a
 * few hundred bytes:
 *
 * <pre>
 *  0 long  reading id        16 byte offset (quarter hours)   18 byte analyte A   20 float value A
 *  8 long  epoch second      17 byte setting + context flags  19 byte analyte B   24 float value B
 * </pre>
 *
 * A reading with one or two measurements is one record (a BP panel is one); more measurements take more
 * records with the same id. Values are in the analyte's canonical unit, as float (7 significant digits, more
 * than any instrument gives).
 *
 * <p>The state is a pure function of the set of readings applied: applying a reading twice is a no-op, and
 * readings arriving out of time order land in time order.
 */
public final class PatientState {
  /** A member nobody has measured yet. */
  public static final PatientState EMPTY = new PatientState(new byte[0]);

  static final int RECORD = 28;
  private static final int NONE = -1;
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final Setting[] SETTINGS = Setting.values();

  private final byte[] data;

  private PatientState(byte[] data) {
    this.data = data;
  }

  /**
   * The packed records, for storing the state outside the process (a Kafka Streams store). Only meaningful with
   * the same knowledge version: analytes are numbered by the monitor's analyte table.
   */
  public byte[] toBytes() {
    return data.clone();
  }

  /** A state from {@link #toBytes()}; refuses bytes that are not whole records. */
  public static PatientState fromBytes(byte[] bytes) {
    if (bytes.length % RECORD != 0) {
      throw new IllegalArgumentException("a state is whole " + RECORD + "-byte records; got " + bytes.length + " bytes");
    }
    return bytes.length == 0 ? EMPTY : new PatientState(bytes.clone());
  }

  /** Number of records (a reading with one or two measurements is one record). */
  public int size() {
    return data.length / RECORD;
  }

  public long readingId(int i) {
    return (long) LONG.get(data, i * RECORD);
  }

  public long epochSecond(int i) {
    return (long) LONG.get(data, i * RECORD + 8);
  }

  public int offsetSeconds(int i) {
    return data[i * RECORD + 16] * 900;
  }

  /** The member's local calendar day of record i, as days since the epoch. */
  public long localDay(int i) {
    return Math.floorDiv(epochSecond(i) + offsetSeconds(i), 86_400L);
  }

  public Setting setting(int i) {
    return SETTINGS[data[i * RECORD + 17] & 3];
  }

  /** The record's context flags (see {@link ReadingContext#flags()}). */
  public int contextFlags(int i) {
    return data[i * RECORD + 17] & 0b1111100;
  }

  /** How many measurements record i holds (1 or 2). */
  public int measurements(int i) {
    return data[i * RECORD + 19] == NONE ? 1 : 2;
  }

  /** Analyte index (see {@link AnalyteTable}) of measurement m (0 or 1) of record i. */
  public int analyte(int i, int m) {
    return data[i * RECORD + 18 + m];
  }

  public float value(int i, int m) {
    return (float) FLOAT.get(data, i * RECORD + 20 + 4 * m);
  }

  /** The value of analyte a in record i, or NaN when the record does not hold it. */
  public double valueOf(int i, int a) {
    int base = i * RECORD;
    if (data[base + 18] == a) {
      return (float) FLOAT.get(data, base + 20);
    }
    if (data[base + 19] == a) {
      return (float) FLOAT.get(data, base + 24);
    }
    return Double.NaN;
  }

  public boolean holds(int i, int a) {
    int base = i * RECORD;
    return data[base + 18] == a || data[base + 19] == a;
  }

  /** The time of the newest record, or {@code Long.MIN_VALUE} when empty. */
  public long newestEpochSecond() {
    return data.length == 0 ? Long.MIN_VALUE : epochSecond(size() - 1);
  }

  /** Index of the first record at or after {@code epochSecond} (binary search; size() when none). */
  public int firstAtOrAfter(long epochSecond) {
    int lo = 0;
    int hi = size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (epochSecond(mid) < epochSecond) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Index of the first record strictly after {@code epochSecond}. */
  public int firstAfter(long epochSecond) {
    return firstAtOrAfter(epochSecond + 1);
  }

  /** Whether a reading with this id, taken at this time, is already in the state. */
  public boolean contains(long readingId, long epochSecond) {
    for (int i = firstAtOrAfter(epochSecond); i < size() && epochSecond(i) == epochSecond; i++) {
      if (readingId(i) == readingId) {
        return true;
      }
    }
    return false;
  }

  /** Whether any record carries this reading id (a linear scan; prefer {@link #contains(long, long)}). */
  public boolean contains(long readingId) {
    for (int i = 0; i < size(); i++) {
      if (readingId(i) == readingId) {
        return true;
      }
    }
    return false;
  }

  /**
   * This state with the reading added in time order, then trimmed per {@code retention}: a record is kept while
   * it is within its setting's and analyte's retention of the newest record of the same analyte (so a member who
   * stops measuring blood pressure keeps the week that showed them uncontrolled: absence rules read it); the newest
   * record of every analyte is always kept; at most {@code retention.maxRecords()} records are kept (the newest).
   */
  public PatientState with(Reading reading, AnalyteTable analytes, Retention retention) {
    long t = reading.effective().getEpochSecond();
    if (contains(reading.id(), t)) {
      return this;
    }
    byte[] add = encode(reading, analytes);
    int n = size();
    int k = add.length / RECORD;
    int at = firstAfter(t);
    while (at > 0 && epochSecond(at - 1) == t && readingId(at - 1) > reading.id()) {
      at--;
    }
    // Decide what to keep over the merged sequence (old records with the new ones at `at`) before copying
    // anything, so each reading costs one array: the next state's.
    int total = n + k;
    boolean[] keep = new boolean[total];
    long[] newestOf = new long[analytes.size()];
    java.util.Arrays.fill(newestOf, Long.MIN_VALUE);
    int kept = 0;
    for (int v = total - 1; v >= 0; v--) {
      byte[] src = v < at ? data : v < at + k ? add : data;
      int base = (v < at ? v : v < at + k ? v - at : v - k) * RECORD;
      long time = (long) LONG.get(src, base + 8);
      Setting setting = SETTINGS[src[base + 17] & 3];
      boolean fresh = false;
      boolean newest = false;
      for (int m = 0; m < 2; m++) {
        int a = src[base + 18 + m];
        if (a == NONE) {
          continue;
        }
        if (newestOf[a] == Long.MIN_VALUE) {
          newestOf[a] = time;
          newest = true;
        }
        fresh |= newestOf[a] - time <= retention.seconds(setting, a);
      }
      if ((fresh || newest) && kept < retention.maxRecords()) {
        keep[v] = true;
        kept++;
      }
    }
    byte[] out = new byte[kept * RECORD];
    int o = 0;
    for (int v = 0; v < total; v++) {
      if (keep[v]) {
        byte[] src = v < at ? data : v < at + k ? add : data;
        int base = (v < at ? v : v < at + k ? v - at : v - k) * RECORD;
        System.arraycopy(src, base, out, o, RECORD);
        o += RECORD;
      }
    }
    return new PatientState(out);
  }

  private static byte[] encode(Reading r, AnalyteTable analytes) {
    List<Measurement> ms = r.measurements();
    int records = Math.max(1, (ms.size() + 1) / 2);
    byte[] out = new byte[records * RECORD];
    byte flags = (byte) (r.setting().ordinal() | r.context().flags());
    byte offset = (byte) (r.offset().getTotalSeconds() / 900);
    for (int k = 0; k < records; k++) {
      int base = k * RECORD;
      LONG.set(out, base, r.id());
      LONG.set(out, base + 8, r.effective().getEpochSecond());
      out[base + 16] = offset;
      out[base + 17] = flags;
      out[base + 19] = NONE;
      for (int m = 0; m < 2 && 2 * k + m < ms.size(); m++) {
        Measurement meas = ms.get(2 * k + m);
        out[base + 18 + m] = (byte) analytes.index(meas.analyte());
        FLOAT.set(out, base + 20 + 4 * m, (float) meas.value().value());
      }
    }
    return out;
  }

  /** Bytes this state occupies on a 64-bit JVM with compressed pointers: the object and its one array. */
  public long approximateBytes() {
    return 16 + 16 + align8(data.length);
  }

  private static long align8(long n) {
    return (n + 7) & ~7L;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PatientState s && Arrays.equals(data, s.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "PatientState[" + size() + " records]";
  }
}
