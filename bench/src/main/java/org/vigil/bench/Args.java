package org.vigil.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --name value} options of the end-to-end drivers over their defaults; an unknown or incomplete option
 * fails with a message naming it, so a typo never silently runs the default.
 */
final class Args {
  private final String program;
  private final Map<String, String> values;

  private Args(String program, Map<String, String> values) {
    this.program = program;
    this.values = values;
  }

  /** Parses {@code args} over {@code defaults} (null default = optional, no value). {@code --help} prints usage. */
  static Args parse(String program, String usage, Map<String, String> defaults, String[] args) {
    Map<String, String> values = new LinkedHashMap<>(defaults);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        System.out.println(usage);
        System.exit(0);
      }
      if (!a.startsWith("--") || !defaults.containsKey(a.substring(2))) {
        fail(program, usage, "unknown option '" + a + "'");
      }
      if (i + 1 >= args.length) {
        fail(program, usage, a + " needs a value");
      }
      values.put(a.substring(2), args[++i]);
    }
    return new Args(program, values);
  }

  private static void fail(String program, String usage, String message) {
    System.err.println(program + ": " + message);
    System.err.println(usage);
    System.exit(2);
  }

  String string(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException(program + ": --" + name + " is required");
    }
    return v;
  }

  String optional(String name) {
    return values.get(name);
  }

  int integer(String name) {
    try {
      return Integer.parseInt(string(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(program + ": --" + name + " must be a whole number, was '"
          + values.get(name) + "'", e);
    }
  }

  long longValue(String name) {
    try {
      return Long.parseLong(string(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(program + ": --" + name + " must be a whole number, was '"
          + values.get(name) + "'", e);
    }
  }

  double decimal(String name) {
    try {
      return Double.parseDouble(string(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(program + ": --" + name + " must be a number, was '"
          + values.get(name) + "'", e);
    }
  }

  Path path(String name) {
    String v = optional(name);
    return v == null ? null : Path.of(v);
  }

  /** The options as given (for the report), the token left out. */
  String describe() {
    StringBuilder b = new StringBuilder();
    values.forEach((k, v) -> {
      if (v != null && !k.contains("token")) {
        b.append(b.isEmpty() ? "" : " ").append("--").append(k).append(' ').append(v);
      }
    });
    return b.toString();
  }
}
