package org.vigil.server.export;

import java.util.List;
import java.util.Optional;

/** Administrative sex as recorded → {@code *}. */
public final class SexHierarchy implements Hierarchy<Optional<String>> {
  @Override
  public String attribute() {
    return "sex";
  }

  @Override
  public List<String> levels() {
    return List.of("sex", SUPPRESSED);
  }

  @Override
  public List<String> ladder(Optional<String> sex) {
    return List.of(sex.filter(s -> !s.isBlank()).orElse(UNKNOWN), SUPPRESSED);
  }
}
