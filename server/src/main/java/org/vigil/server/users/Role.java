package org.vigil.server.users;

import java.util.Locale;
import java.util.Optional;

/** What a user is to Vigil. */
public enum Role {
  MEMBER, MANAGER, DOCTOR, OPERATOR, INSURER;

  private final String code = name().toLowerCase(Locale.ROOT);

  public String code() {
    return code;
  }

  public static Optional<Role> parse(String s) {
    for (Role r : values()) {
      if (r.code.equalsIgnoreCase(s)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
