package org.vigil.server.export;

import java.util.List;

/**
 * A generalization hierarchy of one quasi-identifier for full-domain generalization: level 0 is the finest value an
 * export may release, each further level coarser, the last always {@value #SUPPRESSED}. Every value of a level maps
 * to exactly one value of the next, so generalizing only ever merges equivalence classes.
 *
 * @param <T> what the hierarchy generalizes (an age, an address, ...)
 */
public interface Hierarchy<T> {
  /** The top of every hierarchy: the attribute says nothing. */
  String SUPPRESSED = "*";
  /** A missing value: released as is (being unknown is itself a value an attacker may know). */
  String UNKNOWN = "unknown";

  /** The attribute's name in the output and in the report. */
  String attribute();

  /** The levels' names, finest first; the last is {@value #SUPPRESSED}. */
  List<String> levels();

  /** The value at every level, finest first (as many as {@link #levels()}). */
  List<String> ladder(T value);
}
