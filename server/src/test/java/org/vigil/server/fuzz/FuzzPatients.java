package org.vigil.server.fuzz;

import java.util.List;

/**
 * The members the fuzzer's inputs refer to. Their ids are fixed for a test run (so the generators, which run
 * before any member exists, can name them) and differ between runs (so runs sharing a database do not collide).
 */
final class FuzzPatients {
  /** Distinguishes this run's members, new members and identifiers from those of earlier runs. */
  static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  private static final List<String> IDS = List.of("fz-" + RUN + "-0", "fz-" + RUN + "-1", "fz-" + RUN + "-2");

  private FuzzPatients() {}

  static List<String> ids() {
    return IDS;
  }

  static String id(int i) {
    return IDS.get(Math.floorMod(i, IDS.size()));
  }

  /** An id of a member that does not exist yet (a PUT creates it). */
  static String fresh(int i) {
    return "fzn-" + RUN + "-" + i;
  }
}
