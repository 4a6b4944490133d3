package org.vigil.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Error answers written by filters (before any controller exists to do it): problem+json for the REST API and
 * pages, an OperationOutcome for FHIR. Fixed texts only; never request content.
 */
final class Problems {
  private Problems() {}

  static void write(HttpServletRequest request, HttpServletResponse response, int status, String title, String field,
      String reason) throws IOException {
    response.setStatus(status);
    response.setCharacterEncoding("UTF-8");
    String path = request.getRequestURI();
    if (path.startsWith(request.getContextPath() + "/fhir")) {
      response.setContentType("application/fhir+json");
      response.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
          + (status == 401 ? "login" : status == 403 ? "forbidden" : status == 429 ? "throttled" : "too-costly")
          + "\",\"diagnostics\":\"" + json(field + ": " + reason) + "\",\"expression\":[\"" + json(field) + "\"]}]}");
      return;
    }
    response.setContentType("application/problem+json");
    response.getWriter().write("{\"type\":\"https://vigil.health/problems/" + title.toLowerCase(java.util.Locale.ROOT)
        .replace(' ', '-') + "\",\"title\":\"" + json(title) + "\",\"status\":" + status + ",\"detail\":\""
        + json(field + ": " + reason) + "\",\"errors\":[{\"field\":\"" + json(field) + "\",\"reason\":\""
        + json(reason) + "\"}]}");
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
