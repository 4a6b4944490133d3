package org.vigil.sim;

import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;

/**
 * One synthetic member: who they are (as a FHIR Patient will carry it) and their {@link Phenotype}.
 * Every field is invented; the phone numbers follow the member number, so none is anyone's real number.
 *
 * @param id resource id, {@code demo-000001}
 * @param identifierSystem the member-number system, {@code urn:vigil:demo:member}
 * @param identifierValue the member number, {@code M000001}
 * @param familyName family name in pinyin, {@code Wang}
 * @param givenName given name in pinyin, {@code Xiuying}
 * @param nameZh the full name in Chinese characters, family name first, {@code 王秀英}
 * @param gender FHIR administrative gender: {@code male} or {@code female}
 * @param birthDate date of birth
 * @param phone a fake mobile number, {@code +86 138 0000 0001}
 * @param phenotype health traits that drive the member's readings
 */
public record SimMember(
    String id,
    String identifierSystem,
    String identifierValue,
    String familyName,
    String givenName,
    String nameZh,
    String gender,
    LocalDate birthDate,
    String phone,
    Phenotype phenotype) {

  public SimMember {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(identifierSystem, "identifierSystem");
    Objects.requireNonNull(identifierValue, "identifierValue");
    Objects.requireNonNull(familyName, "familyName");
    Objects.requireNonNull(givenName, "givenName");
    Objects.requireNonNull(nameZh, "nameZh");
    Objects.requireNonNull(birthDate, "birthDate");
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(phenotype, "phenotype");
    if (!gender.equals("male") && !gender.equals("female")) {
      throw new IllegalArgumentException("gender must be 'male' or 'female', was '" + gender + "'");
    }
  }

  /** Age in whole years on {@code date}. */
  public int ageOn(LocalDate date) {
    return Period.between(birthDate, date).getYears();
  }
}
