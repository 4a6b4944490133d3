package org.vigil.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load on the health manager's workbench pages: N concurrent virtual users (health managers), each signed in with
 * its own session, loop over {@code GET /worklist?mine=true} (the full page: the first 25 members of the manager's worklist) and
 * {@code GET /members/{id}} for a random member of that manager's worklist. Answers "do the worklist and member
 * pages answer at p99 under 50 ms with 200 concurrent managers?" against a running server ({@code ./vigil demo}).
 *
 * <p>Latency is measured per request from send to the last byte of the body. A request counts as a success when the
 * status is 200 and the body holds the page's marker ({@code id="rows"} / {@code id="charts"}); anything else is a
 * failure, counted per page and reason and left out of the percentiles. Only requests started after the warm-up and
 * before the end are recorded. Closed loop: each user sends its next request when the previous one has answered
 * (plus a pause of 0.5-1.5 x {@code --think} ms, random so users do not move in step), so the request rate is what
 * the server sustains; it is reported.
 *
 * <p>Run: {@code bench/ui-load.sh} (starts a demo server, waits for its history, runs this, stops it), or against a
 * running server: {@code java -cp bench/target/vigil-benchmarks.jar org.vigil.bench.UiLoad --url http://host:8080
 * --managers 200 --warmup 20 --duration 60 --think 0 --out result.md --json result.json}.
 */
public final class UiLoad {
  private static final String WORKLIST = "worklist";
  private static final String MEMBER = "member";
  private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*}");
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern DEMO = Pattern.compile("\"demo\"\\s*:\\s*true");
  private static final Pattern PATIENT_ID = Pattern.compile("\"patientId\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
  static volatile Duration timeout = Duration.ofSeconds(60);
  private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;\\s]+)");

  private UiLoad() {}

  record Options(URI url, int managers, int warmup, int duration, long think, int timeout, Path out, Path json) {
    static Options parse(String[] args) {
      Map<String, String> o = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-h") || a.equals("--help")) {
          System.out.println("""
              UiLoad: concurrent health managers on the worklist and member pages.
                --url U        server (default http://localhost:8080)
                --managers N   concurrent virtual users (default 200)
                --warmup S     seconds before measuring (default 20)
                --duration S   seconds measured (default 60)
                --think MS     mean pause between a user's requests, drawn uniformly from 0.5-1.5 x MS
                               (default 0 = closed loop, as fast as answered)
                --timeout S    a request not answered in S seconds fails (default 60)
                --out FILE     write the result as markdown
                --json FILE    write the result as JSON""");
          System.exit(0);
        }
        if (!a.startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("unknown or incomplete argument '" + a + "' (see --help)");
        }
        String key = a.substring(2);
        if (!List.of("url", "managers", "warmup", "duration", "think", "timeout", "out", "json").contains(key)) {
          throw new IllegalArgumentException("unknown option '" + a + "' (see --help)");
        }
        o.put(key, args[++i]);
      }
      String url = o.getOrDefault("url", "http://localhost:8080").replaceAll("/+$", "");
      return new Options(URI.create(url), Integer.parseInt(o.getOrDefault("managers", "200")),
          Integer.parseInt(o.getOrDefault("warmup", "20")), Integer.parseInt(o.getOrDefault("duration", "60")),
          Long.parseLong(o.getOrDefault("think", "0")), Integer.parseInt(o.getOrDefault("timeout", "60")),
          o.containsKey("out") ? Path.of(o.get("out")) : null,
          o.containsKey("json") ? Path.of(o.get("json")) : null);
    }
  }

  /** A growable list of samples: when the request started (ms after measuring began) and its latency (ns). */
  static final class Samples {
    long[] startMs = new long[1024];
    long[] latencyNs = new long[1024];
    long bytes;
    int n;

    void add(long startMs, long latencyNs, int bytes) {
      if (n == this.latencyNs.length) {
        this.startMs = Arrays.copyOf(this.startMs, n * 2);
        this.latencyNs = Arrays.copyOf(this.latencyNs, n * 2);
      }
      this.startMs[n] = startMs;
      this.latencyNs[n] = latencyNs;
      this.bytes += bytes;
      n++;
    }

    void addAll(Samples o) {
      for (int i = 0; i < o.n; i++) {
        add(o.startMs[i], o.latencyNs[i], 0);
      }
      bytes += o.bytes;
    }
  }

  /** One virtual user's recordings. */
  static final class Recorder {
    final Map<String, Samples> ok = Map.of(WORKLIST, new Samples(), MEMBER, new Samples());
    final Map<String, Map<String, Integer>> failures = Map.of(WORKLIST, new LinkedHashMap<>(), MEMBER,
        new LinkedHashMap<>());
  }

  record Stats(long count, double perSecond, double p50, double p90, double p99, double p999, double max,
      double mean, long failures, long meanBytes) {
    static Stats of(Samples s, long failures, double seconds) {
      long[] sorted = Arrays.copyOf(s.latencyNs, s.n);
      Arrays.sort(sorted);
      double sum = 0;
      for (long v : sorted) {
        sum += v;
      }
      return new Stats(s.n, s.n / seconds, ms(pct(sorted, 0.50)), ms(pct(sorted, 0.90)), ms(pct(sorted, 0.99)),
          ms(pct(sorted, 0.999)), ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]),
          sorted.length == 0 ? 0 : sum / sorted.length / 1e6, failures, s.n == 0 ? 0 : s.bytes / s.n);
    }

    /** Nearest-rank percentile. */
    static long pct(long[] sorted, double p) {
      if (sorted.length == 0) {
        return 0;
      }
      int rank = (int) Math.ceil(p * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double ms(long ns) {
      return ns / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    Options opt = Options.parse(args);
    timeout = Duration.ofSeconds(opt.timeout());
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();

    // The demo managers and, per manager, the members of their worklist (fetched once, through the API).
    // The API needs a signed-in caller: the demo operator (sees the whole tenant).
    String ops = signIn(http, opt.url(), "ops");
    String usersJson = get(http, opt.url().resolve("/api/v1/users?role=manager"), ops).body();
    List<String> managers = new ArrayList<>();
    Matcher objects = OBJECT.matcher(usersJson);
    while (objects.find()) {
      String obj = objects.group();
      Matcher id = ID.matcher(obj);
      if (DEMO.matcher(obj).find() && id.find()) {
        managers.add(id.group(1));
      }
    }
    if (managers.isEmpty()) {
      throw new IllegalStateException("no demo managers at " + opt.url() + "/api/v1/users?role=manager: " + usersJson);
    }
    Map<String, List<String>> panels = new LinkedHashMap<>();
    Map<String, Integer> totals = new LinkedHashMap<>();
    for (String m : managers) {
      String body = get(http, opt.url().resolve("/api/v1/worklist?manager=" + enc(m) + "&limit=1000"), ops).body();
      LinkedHashSet<String> ids = new LinkedHashSet<>();
      Matcher pm = PATIENT_ID.matcher(body);
      while (pm.find()) {
        ids.add(pm.group(1));
      }
      Matcher tm = TOTAL.matcher(body);
      totals.put(m, tm.find() ? Integer.parseInt(tm.group(1)) : -1);
      if (ids.isEmpty()) {
        throw new IllegalStateException("manager " + m + " has nobody on the worklist; is the demo history loaded?");
      }
      panels.put(m, List.copyOf(ids));
    }
    System.err.printf("UiLoad: %s, %d virtual managers over %d demo manager(s) %s; worklist members per manager %s;"
        + " warm-up %d s, measure %d s, think %d ms, timeout %d s%n", opt.url(), opt.managers(), managers.size(),
        managers, totals, opt.warmup(), opt.duration(), opt.think(), opt.timeout());

    // Each virtual user signs in (its own session) before the clock starts.
    int n = opt.managers();
    String[] cookies = new String[n];
    String[] who = new String[n];
    try (ExecutorService signIn = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        int u = i;
        who[u] = managers.get(u % managers.size());
        signIn.submit(() -> {
          cookies[u] = signIn(http, opt.url(), who[u]);
          return null;
        });
      }
    }
    for (int i = 0; i < n; i++) {
      if (cookies[i] == null) {
        throw new IllegalStateException("virtual user " + i + " (" + who[i] + ") could not sign in");
      }
    }

    URI worklistUri = opt.url().resolve("/worklist?mine=true");
    long t0 = System.nanoTime();
    long measureFrom = t0 + Duration.ofSeconds(opt.warmup()).toNanos();
    long measureTo = measureFrom + Duration.ofSeconds(opt.duration()).toNanos();
    Recorder[] recorders = new Recorder[n];
    LongAdder done = new LongAdder();
    LongAdder failed = new LongAdder();
    Map<String, LongAdder> failuresSeen = new ConcurrentHashMap<>();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long[] cpuAtStart = new long[1];
    CountDownLatch finished = new CountDownLatch(n);
    try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        int u = i;
        recorders[u] = new Recorder();
        users.submit(() -> {
          try {
            SplittableRandom random = new SplittableRandom(20260101L + u);
            List<String> panel = panels.get(who[u]);
            while (System.nanoTime() < measureTo) {
              visit(http, worklistUri, cookies[u], "id=\"rows\"", WORKLIST, recorders[u], measureFrom, measureTo,
                  done, failed, failuresSeen);
              think(opt.think(), random);
              String member = panel.get(random.nextInt(panel.size()));
              visit(http, opt.url().resolve("/members/" + enc(member)), cookies[u], "id=\"charts\"", MEMBER,
                  recorders[u], measureFrom, measureTo, done, failed, failuresSeen);
              think(opt.think(), random);
            }
          } finally {
            finished.countDown();
          }
          return null;
        });
      }
      // Progress every 5 s on stderr.
      long lastDone = 0;
      long lastFailed = 0;
      long lastT = System.nanoTime();
      boolean measuring = false;
      while (true) {
        long wait = measuring ? 5_000_000_000L : Math.max(1, Math.min(5_000_000_000L, measureFrom - System.nanoTime()));
        if (finished.await(wait, java.util.concurrent.TimeUnit.NANOSECONDS)) {
          break;
        }
        long now = System.nanoTime();
        if (!measuring && now >= measureFrom) {
          measuring = true;
          cpuAtStart[0] = os.getProcessCpuTime();
        }
        long d = done.sum();
        long f = failed.sum();
        System.err.printf("  %5.0f s %-8s %7.1f req/s  failures %d%s%n", (now - t0) / 1e9,
            now < measureFrom ? "warm-up" : now < measureTo ? "measure" : "drain", (d - lastDone) / ((now - lastT) / 1e9),
            f - lastFailed, f > lastFailed ? " " + failuresSeen : "");
        lastDone = d;
        lastFailed = f;
        lastT = now;
      }
    }
    double driverCpu = (os.getProcessCpuTime() - cpuAtStart[0]) / 1e9;
    double seconds = opt.duration();

    // Merge.
    Map<String, Samples> merged = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> reasons = new LinkedHashMap<>();
    for (String page : List.of(WORKLIST, MEMBER)) {
      merged.put(page, new Samples());
      reasons.put(page, new LinkedHashMap<>());
    }
    Samples all = new Samples();
    for (Recorder r : recorders) {
      for (String page : List.of(WORKLIST, MEMBER)) {
        merged.get(page).addAll(r.ok.get(page));
        all.addAll(r.ok.get(page));
        r.failures.get(page).forEach((k, v) -> reasons.get(page).merge(k, v, Integer::sum));
      }
    }
    Map<String, Stats> stats = new LinkedHashMap<>();
    long allFailures = 0;
    for (String page : List.of(WORKLIST, MEMBER)) {
      long f = reasons.get(page).values().stream().mapToLong(Integer::longValue).sum();
      allFailures += f;
      stats.put(page, Stats.of(merged.get(page), f, seconds));
    }
    stats.put("overall", Stats.of(all, allFailures, seconds));
    List<long[]> timeline = timeline(all, opt.duration());

    String md = markdown(opt, managers, totals, stats, reasons, timeline, driverCpu);
    System.out.println(md);
    if (opt.out() != null) {
      Files.writeString(opt.out(), md);
    }
    if (opt.json() != null) {
      Files.writeString(opt.json(), json(opt, managers, stats, reasons, driverCpu));
    }
  }

  private static void visit(HttpClient http, URI uri, String cookie, String marker, String page, Recorder rec,
      long measureFrom, long measureTo, LongAdder done, LongAdder failed, Map<String, LongAdder> seen) {
    long start = System.nanoTime();
    String failure = null;
    int bytes = 0;
    try {
      HttpResponse<String> r = get(http, uri, cookie);
      bytes = r.body().length();
      if (r.statusCode() != 200) {
        failure = "HTTP " + r.statusCode() + (r.statusCode() / 100 == 3
            ? " to " + r.headers().firstValue("Location").orElse("?") : "");
      } else if (!r.body().contains(marker)) {
        failure = "200 without " + marker;
      }
    } catch (IOException e) {
      failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted";
    }
    long end = System.nanoTime();
    done.increment();
    if (failure != null) {
      failed.increment();
      seen.computeIfAbsent(page + ": " + failure, k -> new LongAdder()).increment();
    }
    if (start < measureFrom || start >= measureTo) {
      return;
    }
    if (failure == null) {
      rec.ok.get(page).add((start - measureFrom) / 1_000_000, end - start, bytes);
    } else {
      rec.failures.get(page).merge(failure, 1, Integer::sum);
    }
  }

  private static HttpResponse<String> get(HttpClient http, URI uri, String cookie)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET()
        .header("Accept", "text/html,application/json");
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
  private static final Pattern COOKIE = Pattern.compile("^([^=;\\s]+=[^;]*)");

  /**
   * Signs in on the demo login form like a browser (the form's CSRF token with its cookies); returns the session
   * cookie ("JSESSIONID=...").
   */
  private static String signIn(HttpClient http, URI base, String userId) throws IOException, InterruptedException {
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(base.resolve("/login"))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    Matcher token = CSRF.matcher(page.body());
    if (!token.find()) {
      throw new IllegalStateException("the sign-in page has no CSRF token (" + page.statusCode() + ")");
    }
    List<String> cookies = new ArrayList<>();
    for (String c : page.headers().allValues("Set-Cookie")) {
      Matcher m = COOKIE.matcher(c);
      if (m.find()) {
        cookies.add(m.group(1));
      }
    }
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/login"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", String.join("; ", cookies))
        .POST(HttpRequest.BodyPublishers.ofString("userId=" + enc(userId) + "&_csrf=" + enc(token.group(1))))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 3) {
      throw new IllegalStateException("sign-in as " + userId + " answered " + r.statusCode() + ": " + r.body());
    }
    for (String c : r.headers().allValues("Set-Cookie")) {
      Matcher m = SESSION.matcher(c);
      if (m.find()) {
        return "JSESSIONID=" + m.group(1);
      }
    }
    throw new IllegalStateException("sign-in as " + userId + " set no JSESSIONID cookie");
  }

  /** Pauses uniformly between half and one and a half times the think time, so users do not move in step. */
  private static void think(long ms, SplittableRandom random) throws InterruptedException {
    if (ms > 0) {
      Thread.sleep(ms / 2 + random.nextLong(ms + 1));
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Per 10 s window of the measured period: requests, p50 and p99 (µs). */
  private static List<long[]> timeline(Samples all, int durationSeconds) {
    int windows = Math.max(1, (durationSeconds + 9) / 10);
    List<List<Long>> by = new ArrayList<>();
    for (int w = 0; w < windows; w++) {
      by.add(new ArrayList<>());
    }
    for (int i = 0; i < all.n; i++) {
      int w = (int) Math.min(windows - 1, all.startMs[i] / 10_000);
      by.get(w).add(all.latencyNs[i]);
    }
    List<long[]> out = new ArrayList<>();
    for (int w = 0; w < windows; w++) {
      long[] s = by.get(w).stream().mapToLong(Long::longValue).sorted().toArray();
      out.add(new long[] {w * 10L, s.length, Stats.pct(s, 0.5) / 1000, Stats.pct(s, 0.99) / 1000,
          s.length == 0 ? 0 : s[s.length - 1] / 1000});
    }
    return out;
  }

  private static String markdown(Options opt, List<String> managers, Map<String, Integer> totals,
      Map<String, Stats> stats, Map<String, Map<String, Integer>> reasons, List<long[]> timeline, double driverCpu) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "UiLoad %s against %s: %d concurrent virtual managers (signed in as %s,"
            + " round-robin; worklist members per manager %s), warm-up %d s, measured %d s, think %d ms%s, request"
            + " timeout %d s.%n%n", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS), opt.url(), opt.managers(),
        managers, totals, opt.warmup(), opt.duration(), opt.think(), opt.think() == 0 ? " (closed loop)" : " (mean; each pause uniform in 0.5-1.5x)",
        opt.timeout()));
    b.append("| page | requests | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | mean ms | failures | body (k chars) |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (var e : stats.entrySet()) {
      Stats s = e.getValue();
      String name = switch (e.getKey()) {
        case WORKLIST -> "`GET /worklist?mine=true`";
        case MEMBER -> "`GET /members/{id}`";
        default -> "**overall**";
      };
      b.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %.1f | **%.1f** | %.1f | %.1f | %.1f | %d | %s |%n",
          name, s.count(), s.perSecond(), s.p50(), s.p90(), s.p99(), s.p999(), s.max(), s.mean(), s.failures(),
          e.getKey().equals("overall") ? "" : String.format(Locale.ROOT, "%.0f", s.meanBytes() / 1000.0)));
    }
    b.append('\n');
    long failures = stats.get("overall").failures();
    if (failures > 0) {
      b.append("**").append(failures).append(" failed requests** (not in the percentiles): ").append(reasons)
          .append("\n\n");
    } else {
      b.append("No failed requests (every response 200 with the page's marker).\n\n");
    }
    double p99 = Math.max(stats.get(WORKLIST).p99(), stats.get(MEMBER).p99());
    b.append(String.format(Locale.ROOT, "Target p99 < 50 ms on both pages: **%s** (worst p99 %.1f ms).%n%n",
        p99 < 50 && failures == 0 && stats.get(WORKLIST).count() > 0 && stats.get(MEMBER).count() > 0 ? "met"
            : "not met", p99));
    b.append(String.format(Locale.ROOT, "Load driver CPU while measuring: %.1f s over %d s (%.2f cores).%n%n",
        driverCpu, opt.duration(), driverCpu / opt.duration()));
    b.append("Per 10 s of the measured period (both pages):\n\n| from s | requests | p50 ms | p99 ms | max ms |\n"
        + "|---|---|---|---|---|\n");
    for (long[] w : timeline) {
      b.append(String.format(Locale.ROOT, "| %d | %,d | %.1f | %.1f | %.1f |%n", w[0], w[1], w[2] / 1000.0,
          w[3] / 1000.0, w[4] / 1000.0));
    }
    return b.toString();
  }

  private static String json(Options opt, List<String> managers, Map<String, Stats> stats,
      Map<String, Map<String, Integer>> reasons, double driverCpu) {
    StringBuilder b = new StringBuilder("{\n");
    b.append(String.format(Locale.ROOT, "  \"url\": \"%s\", \"managers\": %d, \"warmupSeconds\": %d,"
            + " \"durationSeconds\": %d, \"thinkMs\": %d, \"timeoutSeconds\": %d, \"driverCpuSeconds\": %.1f,%n"
            + "  \"demoManagers\": [%s],%n",
        opt.url(), opt.managers(), opt.warmup(), opt.duration(), opt.think(), opt.timeout(), driverCpu,
        String.join(", ", managers.stream().map(m -> "\"" + m + "\"").toList())));
    b.append("  \"pages\": {\n");
    List<String> rows = new ArrayList<>();
    for (var e : stats.entrySet()) {
      Stats s = e.getValue();
      Map<String, Integer> why = reasons.getOrDefault(e.getKey(), Map.of());
      rows.add(String.format(Locale.ROOT, "    \"%s\": {\"count\": %d, \"perSecond\": %.2f, \"p50Ms\": %.3f,"
              + " \"p90Ms\": %.3f, \"p99Ms\": %.3f, \"p999Ms\": %.3f, \"maxMs\": %.3f, \"meanMs\": %.3f,"
              + " \"failures\": %d, \"meanChars\": %d, \"failureReasons\": {%s}}", e.getKey(), s.count(),
          s.perSecond(), s.p50(), s.p90(), s.p99(), s.p999(), s.max(), s.mean(), s.failures(), s.meanBytes(),
          String.join(", ", why.entrySet().stream().map(w -> "\"" + w.getKey().replace("\\", "\\\\")
              .replace("\"", "\\\"") + "\": " + w.getValue()).toList())));
    }
    b.append(String.join(",\n", rows)).append("\n  }\n}\n");
    return b.toString();
  }
}
