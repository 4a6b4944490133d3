package org.vigil.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the drivers start from the packaged server jar (the server itself, or another main class of the jar such as
 * an engine instance), its output appended to a log; {@link #awaitLine} waits for a marker printed after start.
 */
final class JvmProcess {
  private final Process process;
  private final Path log;
  private final long logOffset;
  private final long startedNanos;

  private JvmProcess(Process process, Path log, long logOffset, long startedNanos) {
    this.process = process;
    this.log = log;
    this.logOffset = logOffset;
    this.startedNanos = startedNanos;
  }

  /** {@code java [jvmArgs] -jar jar [args]}. */
  static JvmProcess jar(Path jar, List<String> jvmArgs, List<String> args, Path log, String banner)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(java()));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-jar", jar.toString()));
    cmd.addAll(args);
    return start(cmd, log, banner);
  }

  /** Another main class of the Spring Boot jar ({@code PropertiesLauncher} with {@code loader.main}). */
  static JvmProcess main(Path jar, String mainClass, List<String> jvmArgs, List<String> args, Path log,
      String banner) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(java()));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", jar.toString(), "-Dloader.main=" + mainClass,
        "org.springframework.boot.loader.launch.PropertiesLauncher"));
    cmd.addAll(args);
    return start(cmd, log, banner);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static JvmProcess start(List<String> cmd, Path log, String banner) throws IOException {
    long offset = Files.exists(log) ? Files.size(log) : 0;
    Files.writeString(log, "\n==== " + banner + " " + Instant.now() + " ====\n", StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new JvmProcess(p, log, offset, t0);
  }

  /** Waits until the process printed {@code marker} (after its start); returns the seconds since start. */
  double awaitLine(String marker, Duration timeout) throws IOException, InterruptedException {
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the process exited with " + process.exitValue() + " before printing '"
            + marker + "'; see " + log);
      }
      if (System.nanoTime() - startedNanos > timeout.toNanos()) {
        throw new IllegalStateException("no '" + marker + "' after " + timeout + "; see " + log);
      }
      if (outputSinceStart().contains(marker)) {
        return (System.nanoTime() - startedNanos) / 1e9;
      }
      Thread.sleep(200);
    }
  }

  /** What the process printed since its start (the last 4 MiB of it). */
  private String outputSinceStart() throws IOException {
    try (var ch = FileChannel.open(log)) {
      long size = ch.size();
      if (size <= logOffset) {
        return "";
      }
      var buf = ByteBuffer.allocate((int) Math.min(size - logOffset, 4 << 20));
      ch.read(buf, Math.max(logOffset, size - buf.capacity()));
      return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }
  }

  /** The last line of this process's output (since its start) that contains {@code text}, or empty. */
  String lastLine(String text) throws IOException {
    String out = "";
    for (String line : outputSinceStart().split("\n")) {
      if (line.contains(text)) {
        out = line;
      }
    }
    return out;
  }

  /** CPU time the process has used so far (user + system), in seconds; NaN when the OS does not say. */
  double cpuSeconds() {
    return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  static double cpuSecondsOfThisJvm() {
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL, as the OOM killer or a lost machine would: no shutdown hook, no clean close. */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("process " + process.pid() + " did not die within 30 s of SIGKILL");
    }
  }

  /** SIGTERM and wait (then SIGKILL after {@code grace}). */
  void stop(Duration grace) throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
