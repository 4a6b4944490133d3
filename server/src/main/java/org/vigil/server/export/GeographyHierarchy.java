package org.vigil.server.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a member lives, as coarse as configured: the levels are named finest first from {@code postal1} ..
 * {@code postal9} (the postal code's first N characters, the rest masked: {@code 2000**}), {@code district}
 * ({@code state/city/district}), {@code city} ({@code state/city}) and {@code province} (or {@code state}), and end
 * in {@code *}. Levels not listed are never released: the default {@code postal4, postal2} drops city, district and
 * the postal code's last two digits (GB/T 37964: generalize location to the coarsest level the use allows; Safe
 * Harbor: no geographic unit smaller than a state except a postal prefix covering a large population).
 */
public final class GeographyHierarchy implements Hierarchy<Member.Address> {
  private static final Pattern POSTAL = Pattern.compile("postal([1-9])");

  private final List<String> levels;

  /** @param levels the level names, finest first, without the final {@code *} */
  public GeographyHierarchy(List<String> levels) {
    List<String> names = new ArrayList<>();
    for (String level : levels) {
      String name = level.strip().toLowerCase(Locale.ROOT);
      if (name.equals("state")) {
        name = "province";
      }
      if (!POSTAL.matcher(name).matches() && !List.of("district", "city", "province").contains(name)) {
        throw new IllegalArgumentException("unknown geography level '" + level
            + "'; use postal1..postal9, district, city, province");
      }
      if (names.contains(name)) {
        throw new IllegalArgumentException("geography level '" + level + "' is listed twice");
      }
      names.add(name);
    }
    names.add(SUPPRESSED);
    this.levels = List.copyOf(names);
  }

  @Override
  public String attribute() {
    return "geography";
  }

  @Override
  public List<String> levels() {
    return levels;
  }

  @Override
  public List<String> ladder(Member.Address address) {
    return levels.stream().map(level -> value(level, address)).toList();
  }

  private static String value(String level, Member.Address a) {
    Matcher postal = POSTAL.matcher(level);
    if (postal.matches()) {
      return a.postalCode().map(code -> truncate(code, Integer.parseInt(postal.group(1)))).orElse(UNKNOWN);
    }
    return switch (level) {
      case SUPPRESSED -> SUPPRESSED;
      case "province" -> a.state().orElse(UNKNOWN);
      case "city" -> a.state().isEmpty() && a.city().isEmpty() ? UNKNOWN : part(a.state()) + "/" + part(a.city());
      case "district" -> a.state().isEmpty() && a.city().isEmpty() && a.district().isEmpty() ? UNKNOWN
          : part(a.state()) + "/" + part(a.city()) + "/" + part(a.district());
      default -> throw new IllegalStateException(level);
    };
  }

  private static String part(Optional<String> s) {
    return s.orElse("?");
  }

  /** The first {@code keep} characters, the rest as {@code *}. */
  static String truncate(String postalCode, int keep) {
    String code = postalCode.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    if (code.isEmpty()) {
      return UNKNOWN;
    }
    return code.length() <= keep ? code : code.substring(0, keep) + "*".repeat(code.length() - keep);
  }
}
