package org.vigil.server.security;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigil.server.users.Role;

/**
 * {@code ./vigil token --subject ID --role ROLE [--tenant T] [--org O] [--ttl PT12H] [--data-dir D]}: prints a
 * bearer token from the local issuer (the key under the data dir), for curl and scripts against the local server.
 * For a member the subject is the member's patient id.
 */
public final class TokenCli {
  private TokenCli() {}

  public static void main(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        fail("unknown or incomplete argument '" + args[i] + "'");
      }
      o.put(args[i].substring(2), args[++i]);
    }
    for (String k : o.keySet()) {
      if (!java.util.List.of("subject", "role", "tenant", "org", "ttl", "data-dir").contains(k)) {
        fail("unknown option --" + k);
      }
    }
    String subject = o.get("subject");
    String role = o.get("role");
    if (subject == null || subject.isBlank()) {
      fail("--subject is required (a user id; for a member, the member's patient id)");
    }
    if (role == null || Role.parse(role).isEmpty()) {
      fail("--role must be one of member, manager, doctor, operator, insurer");
    }
    Duration ttl;
    try {
      ttl = Duration.parse(o.getOrDefault("ttl", "PT12H"));
    } catch (java.time.format.DateTimeParseException e) {
      fail("--ttl must be an ISO-8601 duration such as PT12H");
      return;
    }
    Path dataDir = Path.of(o.getOrDefault("data-dir", System.getProperty("user.home") + "/.vigil"));
    System.out.println(LocalIssuer.at(dataDir).mint(subject.strip(), Role.parse(role).get().code(),
        o.getOrDefault("tenant", "default"), o.get("org"), ttl, Instant.now()));
  }

  private static void fail(String message) {
    System.err.println("vigil token: " + message);
    System.err.println("usage: ./vigil token --subject ID --role ROLE [--tenant T] [--org O] [--ttl PT12H]"
        + " [--data-dir D]");
    System.exit(2);
  }
}
