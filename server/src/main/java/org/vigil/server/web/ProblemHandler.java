package org.vigil.server.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.vigil.engine.units.Problem;

/**
 * Every REST error as RFC 9457 problem+json with an {@code errors} list naming each field and reason. The
 * messages never echo personal data from the request body.
 */
@RestControllerAdvice(basePackages = "org.vigil.server")
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
public class ProblemHandler {

  @ExceptionHandler(InvalidInputException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
    HttpStatus status = HttpStatus.valueOf(e.status());
    return problem(status, switch (e.status()) {
      case 409 -> "Conflict with the current state";
      case 401 -> "Not signed in";
      case 403 -> "Not allowed";
      case 413 -> "Request too large";
      case 400 -> "Malformed request";
      // Kafka mode: the readings were valid and stored, but not handed over; the client should send them again.
      case 503 -> "Service unavailable";
      default -> "Invalid input";
    }, e.problems());
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "Not found", List.of(new Problem("id", e.getMessage())));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    String reason = "the body is not valid JSON";
    Throwable cause = e.getMostSpecificCause();
    if (cause instanceof tools.jackson.core.JacksonException je && je.getLocation() != null) {
      reason += " (line " + je.getLocation().getLineNr() + ", column " + je.getLocation().getColumnNr() + ")";
    }
    return problem(HttpStatus.BAD_REQUEST, "Malformed request", List.of(new Problem("$", reason)));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
    return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
        List.of(new Problem("Content-Type", "send application/json")));
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e) {
    return problem(HttpStatus.BAD_REQUEST, "Malformed request",
        List.of(new Problem(e.getParameterName(), "parameter is required")));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e) {
    return problem(HttpStatus.BAD_REQUEST, "Malformed request",
        List.of(new Problem(e.getName(), "has the wrong type")));
  }

  static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String title, List<Problem> problems) {
    ProblemDetail pd = ProblemDetail.forStatusAndDetail(status,
        problems.isEmpty() ? title : problems.getFirst().field() + ": " + problems.getFirst().reason());
    pd.setTitle(title);
    pd.setType(URI.create("https://vigil.health/problems/" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-')));
    pd.setProperty("errors", problems.stream().map(p -> Map.of("field", p.field(), "reason", p.reason())).toList());
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
  }
}
