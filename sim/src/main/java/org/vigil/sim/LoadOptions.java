package org.vigil.sim;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the load generator is asked to do, parsed from its command line.
 *
 * @param url the Vigil server's base URL, without a trailing slash
 * @param members how many members to create and stream for
 * @param seed the seed of both the population and the device streams
 * @param days how many days of readings, ending now
 * @param batch readings per request
 * @param rate readings per second to aim for; 0 sends as fast as the server answers
 * @param token bearer token, when the server wants one
 * @param concurrency requests in flight at once
 */
public record LoadOptions(
    URI url, int members, long seed, int days, int batch, double rate, Optional<String> token, int concurrency) {

  public static final String USAGE = """
      usage: LoadGenerator [--url http://localhost:8080] [--members 100] [--seed 42] [--days 7]
                           [--batch 500] [--rate 0] [--token T] [--concurrency 4]
        --rate is readings per second (0 = as fast as the server answers)""";

  private static final Map<String, String> DEFAULTS = Map.of(
      "--url", "http://localhost:8080", "--members", "100", "--seed", "42", "--days", "7",
      "--batch", "500", "--rate", "0", "--concurrency", "4");
  private static final Set<String> OPTIONAL = Set.of("--token");

  public LoadOptions {
    require(url.getScheme() != null && url.getScheme().startsWith("http") && url.getHost() != null,
        "--url must be an http(s) URL such as http://localhost:8080, was '" + url + "'");
    require(members >= 1, "--members must be at least 1");
    require(days >= 1, "--days must be at least 1");
    require(batch >= 1, "--batch must be at least 1");
    require(rate >= 0 && Double.isFinite(rate), "--rate must be 0 or more readings per second");
    require(concurrency >= 1, "--concurrency must be at least 1");
    String u = url.toString();
    url = u.endsWith("/") ? URI.create(u.substring(0, u.length() - 1)) : url;
    token = token.filter(t -> !t.isBlank());
  }

  /** Parses {@code --name value} pairs over the defaults; a bad argument throws with a message naming it. */
  public static LoadOptions parse(String... args) {
    Map<String, String> values = new HashMap<>(DEFAULTS);
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      require(DEFAULTS.containsKey(name) || OPTIONAL.contains(name), "unknown option '" + name + "'");
      require(i + 1 < args.length, name + " needs a value");
      values.put(name, args[i + 1]);
    }
    URI url;
    try {
      url = URI.create(values.get("--url"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--url is not a URL: " + e.getMessage(), e);
    }
    return new LoadOptions(url, (int) number(values, "--members"), number(values, "--seed"),
        (int) number(values, "--days"), (int) number(values, "--batch"), decimal(values, "--rate"),
        Optional.ofNullable(values.get("--token")), (int) number(values, "--concurrency"));
  }

  private static long number(Map<String, String> values, String name) {
    String v = values.get(name);
    try {
      long n = Long.parseLong(v);
      require(name.equals("--seed") || n <= Integer.MAX_VALUE, name + " is too large: " + v);
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + v + "'", e);
    }
  }

  private static double decimal(Map<String, String> values, String name) {
    String v = values.get(name);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, was '" + v + "'", e);
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
