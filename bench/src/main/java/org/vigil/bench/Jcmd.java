package org.vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@code jcmd} against the server JVM: a flight recording over exactly the measured window, heap figures
 * for the soak. Failures come back as text; a benchmark never dies because a diagnostic did.
 */
final class Jcmd {
  private Jcmd() {}

  static String run(long pid, String... command) {
    List<String> args = new ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    args.add(Long.toString(pid));
    args.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "jcmd timed out";
      }
      return out;
    } catch (IOException e) {
      return "jcmd failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "jcmd interrupted";
    }
  }

  static void startRecording(long pid, Path file) {
    String out = run(pid, "JFR.start", "name=vigil-bench", "settings=profile", "filename=" + file.toAbsolutePath());
    System.err.println("  JFR: " + out.strip().replaceAll("\\s+", " "));
  }

  static void stopRecording(long pid) {
    String out = run(pid, "JFR.stop", "name=vigil-bench");
    System.err.println("  JFR: " + out.strip().replaceAll("\\s+", " "));
  }
}
