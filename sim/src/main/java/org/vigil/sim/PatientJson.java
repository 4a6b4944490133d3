package org.vigil.sim;

/**
 * A member as a FHIR R4 Patient resource (JSON), for {@code PUT /fhir/Patient/{id}}: the member number as an
 * identifier, the name in pinyin (family/given) and in characters (text), gender, birth date and phone.
 */
public final class PatientJson {
  private PatientJson() {}

  public static String of(SimMember m) {
    StringBuilder b = new StringBuilder(400).append('{');
    JsonText.string(JsonText.name(b, "resourceType", true), "Patient");
    JsonText.string(JsonText.name(b, "id", false), m.id());
    JsonText.name(b, "identifier", false).append("[{");
    JsonText.string(JsonText.name(b, "system", true), m.identifierSystem());
    JsonText.string(JsonText.name(b, "value", false), m.identifierValue());
    b.append("}]");
    JsonText.name(b, "name", false).append("[{");
    JsonText.string(JsonText.name(b, "family", true), m.familyName());
    JsonText.name(b, "given", false).append('[');
    JsonText.string(b, m.givenName()).append("]},{");
    // The characters as one text: Chinese names are written family-first without a space, which family/given
    // cannot express faithfully.
    JsonText.string(JsonText.name(b, "text", true), m.nameZh());
    b.append("}]");
    JsonText.name(b, "telecom", false).append("[{");
    JsonText.string(JsonText.name(b, "system", true), "phone");
    JsonText.string(JsonText.name(b, "value", false), m.phone());
    JsonText.string(JsonText.name(b, "use", false), "mobile");
    b.append("}]");
    JsonText.string(JsonText.name(b, "gender", false), m.gender());
    JsonText.string(JsonText.name(b, "birthDate", false), m.birthDate().toString());
    return b.append('}').toString();
  }
}
