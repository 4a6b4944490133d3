package org.vigil.server.fhir;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Property;
import org.vigil.engine.units.Problem;
import org.vigil.server.ingest.DeviceReadingsParser;

/**
 * Values HAPI's parser lets through but Vigil cannot store, checked before anything is written, each problem
 * naming its element:
 *
 * <ul>
 *   <li>control characters other than tab, CR and LF (FHIR R4 forbids them in strings; PostgreSQL cannot store
 *       U+0000 at all) and unpaired surrogates;</li>
 *   <li>dates and times HAPI keeps as text and only refuses when the resource is copied (a {@code birthDate} with a
 *       time, a {@code dateTime} without seconds).</li>
 * </ul>
 *
 * <p>Both used to end in a 500.
 */
final class FhirValues {
  private FhirValues() {}

  /** Every element of {@code resource} (named from {@code field}) whose value cannot be stored. */
  static List<Problem> problems(Base resource, String field) {
    List<Problem> out = new ArrayList<>();
    if (resource != null) {
      walk(resource, field, out);
    }
    return out;
  }

  private static void walk(Base node, String path, List<Problem> out) {
    if (node.isPrimitive()) {
      String v = node.primitiveValue();
      if (v != null && DeviceReadingsParser.hasForbiddenCharacter(v, true)) {
        out.add(new Problem(path, "contains a control character or an unpaired surrogate, which FHIR strings may"
            + " not"));
      }
      try {
        node.copy();
      } catch (IllegalArgumentException e) {
        out.add(new Problem(path, "not a valid FHIR " + node.fhirType() + " (" + e.getMessage() + ")"));
      }
    }
    for (Property p : node.children()) {
      List<Base> values = p.getValues();
      for (int i = 0; i < values.size(); i++) {
        Base child = values.get(i);
        if (child != null) {
          walk(child, path + "." + p.getName() + (p.isList() ? "[" + i + "]" : ""), out);
        }
      }
    }
  }
}
