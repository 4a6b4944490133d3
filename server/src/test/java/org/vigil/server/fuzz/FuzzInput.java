package org.vigil.server.fuzz;

/**
 * One request the fuzzer sends: how it was made (the seed's parameters and the mutations, for a person reading a
 * failure), the method, the path and the body. Its text is what jqwik prints as the (shrunk) sample.
 */
record FuzzInput(String label, String method, String path, String body) {
  /** Bodies longer than this are printed cut, with their length (the over-limit batches run to megabytes). */
  private static final int PRINTED = 4_000;

  @Override
  public String toString() {
    String shown = body.length() <= PRINTED ? body
        : body.substring(0, PRINTED) + "... (" + body.length() + " characters in all)";
    return label + "\n  " + method + " " + path + "\n  " + shown;
  }
}
