package org.vigil.server.patients;

import java.util.List;

/** One page of a search: the items and the total number of matches. */
public record Page<T>(List<T> items, int total) {
  public Page {
    items = List.copyOf(items);
  }
}
