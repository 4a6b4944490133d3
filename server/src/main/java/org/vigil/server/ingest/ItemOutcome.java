package org.vigil.server.ingest;

import java.util.List;
import org.vigil.engine.units.Problem;

/**
 * What happened to one item of a request: stored (with its observation id), a duplicate of an observation
 * already stored (with that id), or rejected (with the problems; nothing of it was written).
 */
public record ItemOutcome(int index, Status status, Long observationId, List<Problem> problems, List<Long> alertIds) {
  public enum Status { STORED, DUPLICATE, REJECTED }

  public ItemOutcome {
    problems = List.copyOf(problems);
    alertIds = List.copyOf(alertIds);
  }

  static ItemOutcome rejected(int index, List<Problem> problems) {
    return new ItemOutcome(index, Status.REJECTED, null, problems, List.of());
  }
}
