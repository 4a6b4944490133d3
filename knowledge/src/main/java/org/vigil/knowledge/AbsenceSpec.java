package org.vigil.knowledge;

import java.time.Duration;
import java.util.List;

/** An absence rule: no reading of these analytes for this long while the condition is uncontrolled. */
public record AbsenceSpec(List<String> analytes, Duration interval, String whileUncontrolled) {
  public AbsenceSpec {
    analytes = analytes == null ? List.of() : List.copyOf(analytes);
  }
}
