package org.vigil.server.fhir;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigil.engine.units.Problem;

/** Renames the ingest pipeline's field names to FHIR element paths, so an OperationOutcome points at FHIR. */
final class FhirPaths {
  private static final Pattern COMPONENT = Pattern.compile("\\.components\\[(\\d+)]");

  private FhirPaths() {}

  static List<Problem> translate(List<Problem> problems) {
    return problems.stream().map(FhirPaths::translate).toList();
  }

  static Problem translate(Problem p) {
    String f = p.field();
    Matcher m = COMPONENT.matcher(f);
    f = m.replaceAll(".component[$1]");
    f = f.replaceAll("\\.patient$", ".subject")
        .replaceAll("\\.effective$", ".effective[x]")
        .replaceAll("\\.source$", ".meta.source")
        .replaceAll("(component\\[\\d+])\\.code$", "$1.code")
        .replaceAll("\\.value$", ".valueQuantity.value")
        .replaceAll("\\.unit$", ".valueQuantity.code");
    return new Problem(f, p.reason());
  }
}
