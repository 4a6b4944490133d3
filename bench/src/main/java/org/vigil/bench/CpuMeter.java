package org.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the machine's CPU went during a phase, from {@code /proc} (Linux): the server JVM, the embedded PostgreSQL
 * (postmaster, its live backends and, through the postmaster's children time, the ones that ended), this driver and
 * everything else. On a shared 2-core machine this tells a slow figure caused by the server from one caused by the
 * neighbours. Reports zeros where a process is unknown or {@code /proc} is absent.
 */
final class CpuMeter {
  private static final double HZ = 100.0; // USER_HZ: 100 on every Linux architecture Vigil runs on
  private final long serverPid;
  private final Path pgPidFile;

  /** {@code serverPid} 0 = unknown; {@code pgPidFile} null = no embedded PostgreSQL to measure. */
  CpuMeter(long serverPid, Path pgPidFile) {
    this.serverPid = serverPid;
    this.pgPidFile = pgPidFile;
  }

  /** Clock ticks at one moment: machine busy, server JVM, PostgreSQL, this driver. */
  record Sample(long nanos, long busy, long server, long pg, long driver) {}

  /** CPU in use between two samples, in cores. */
  record Usage(double seconds, double machine, double server, double pg, double driver, int cores) {
    double others() {
      return Math.max(0, machine - server - pg - driver);
    }

    String describe() {
      return String.format(Locale.ROOT, "%.1f s; cores in use, of %d: whole machine %.2f = server JVM %.2f"
          + " + embedded PostgreSQL %.2f + load driver %.2f + other processes %.2f", seconds, cores, machine, server,
          pg, driver, others());
    }
  }

  Sample sample() {
    return new Sample(System.nanoTime(), busy(), ticks(serverPid), pgTicks(), ticks(ProcessHandle.current().pid()));
  }

  static Usage between(Sample a, Sample b) {
    double s = (b.nanos() - a.nanos()) / 1e9;
    return new Usage(s, (b.busy() - a.busy()) / HZ / s, (b.server() - a.server()) / HZ / s,
        (b.pg() - a.pg()) / HZ / s, (b.driver() - a.driver()) / HZ / s, Runtime.getRuntime().availableProcessors());
  }

  private long pgTicks() {
    if (pgPidFile == null || !Files.isRegularFile(pgPidFile)) {
      return 0;
    }
    try {
      long pg = Long.parseLong(Files.readAllLines(pgPidFile).getFirst().strip());
      long total = ticks(pg);
      Path children = Path.of("/proc", Long.toString(pg), "task", Long.toString(pg), "children");
      if (Files.isReadable(children)) {
        for (String c : Files.readString(children).strip().split("\\s+")) {
          if (!c.isEmpty()) {
            total += ticks(Long.parseLong(c));
          }
        }
      }
      return total;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** utime + stime + cutime + cstime of a process (0 when gone or unknown). */
  static long ticks(long pid) {
    if (pid <= 0) {
      return 0;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // After "pid (comm) ": state is field 0, utime 11, stime 12, cutime 13, cstime 14.
      return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long busy() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
        if (line.startsWith("cpu ")) {
          List<String> f = List.of(line.trim().split("\\s+"));
          // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
          return Long.parseLong(f.get(1)) + Long.parseLong(f.get(2)) + Long.parseLong(f.get(3))
              + Long.parseLong(f.get(6)) + Long.parseLong(f.get(7)) + Long.parseLong(f.get(8));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
