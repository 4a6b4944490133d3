package org.vigil.server.ingest;

import java.util.List;

/** The per-item report of one ingest, in request order. */
public record IngestReport(List<ItemOutcome> items) {
  public IngestReport {
    items = List.copyOf(items);
  }

  public long count(ItemOutcome.Status status) {
    return items.stream().filter(i -> i.status() == status).count();
  }

  public boolean anyRejected() {
    return count(ItemOutcome.Status.REJECTED) > 0;
  }
}
