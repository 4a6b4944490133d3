package org.vigil.server.web;

import java.util.List;
import org.vigil.engine.units.Problem;

/**
 * Input refused before anything was written: each problem names the field and the reason. REST answers it as
 * problem+json, FHIR as an OperationOutcome.
 */
public class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<Problem> problems;
  private final int status;

  public InvalidInputException(int status, List<Problem> problems) {
    super(summary(problems));
    this.status = status;
    this.problems = List.copyOf(problems);
  }

  public InvalidInputException(List<Problem> problems) {
    this(422, problems);
  }

  public static InvalidInputException of(String field, String reason) {
    return new InvalidInputException(List.of(new Problem(field, reason)));
  }

  public List<Problem> problems() {
    return problems;
  }

  public int status() {
    return status;
  }

  private static String summary(List<Problem> problems) {
    return problems.isEmpty() ? "invalid input"
        : problems.getFirst() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
  }
}
