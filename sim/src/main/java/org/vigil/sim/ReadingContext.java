package org.vigil.sim;

import java.util.Optional;

/**
 * What the device or member said about the circumstances of a reading; sent only when it matters to how the
 * value is judged (a fasting glucose is held to a different limit than a random one).
 */
public record ReadingContext(Optional<Boolean> fasting) {
  public static final ReadingContext NONE = new ReadingContext(Optional.empty());
  public static final ReadingContext FASTING = new ReadingContext(Optional.of(true));

  public ReadingContext {
    fasting = Optional.ofNullable(fasting).flatMap(f -> f);
  }

  /** True when there is nothing to say, so the JSON leaves {@code context} out. */
  public boolean isEmpty() {
    return fasting.isEmpty();
  }
}
