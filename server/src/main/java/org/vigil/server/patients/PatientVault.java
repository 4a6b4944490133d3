package org.vigil.server.patients;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.vigil.server.crypto.Binding;
import org.vigil.server.crypto.FieldCipher;
import org.vigil.server.crypto.SearchHasher;

/**
 * A member's direct identifiers sealed for storage and opened again, and the search hashes of their name parts
 * and identifier values. The sealed identifiers are bound to (tenant, member id, {@value #PII_FIELD}).
 */
@Component
public class PatientVault {
  /** The field a member's sealed identifiers are bound to. */
  public static final String PII_FIELD = "patient.pii";
  /** Search-token kinds. */
  public static final String NAME = "name";
  public static final String IDENTIFIER = "identifier";

  private final FieldCipher cipher;
  private final SearchHasher hasher;

  public PatientVault(FieldCipher cipher, SearchHasher hasher) {
    this.cipher = cipher;
    this.hasher = hasher;
  }

  /**
   * A resource ready to store.
   *
   * @param restJson the resource without its direct identifiers
   * @param pii the sealed identifiers
   * @param keyId the data key that sealed them
   * @param nameHashes one hash per distinct normalized name part
   */
  public record Sealed(String restJson, byte[] pii, String keyId, List<byte[]> nameHashes) {}

  public Sealed seal(String id, String tenant, String resourceJson) {
    PatientPii.Split split = PatientPii.split(resourceJson);
    List<byte[]> names = new ArrayList<>();
    for (String token : PatientPii.nameTokens(split.piiJson())) {
      names.add(hasher.hash(tenant, NAME, token));
    }
    return new Sealed(split.restJson(), cipher.seal(split.piiJson(), binding(tenant, id)), cipher.activeKeyId(),
        names);
  }

  /** The whole resource from its stored halves. */
  public String open(String id, String tenant, String restJson, byte[] pii) {
    return PatientPii.join(restJson, openPii(id, tenant, pii));
  }

  /** The identifiers' JSON. */
  public byte[] openPii(String id, String tenant, byte[] pii) {
    return cipher.open(pii, binding(tenant, id));
  }

  /** The same identifiers sealed again with the active key (key rotation). */
  public byte[] reseal(String id, String tenant, byte[] pii) {
    return cipher.seal(openPii(id, tenant, pii), binding(tenant, id));
  }

  public String activeKeyId() {
    return cipher.activeKeyId();
  }

  /** The hash of an identifier value in a tenant (its system is stored beside it in clear). */
  public byte[] identifierHash(String tenant, String value) {
    return hasher.hash(tenant, IDENTIFIER, PatientPii.normalizeIdentifier(value));
  }

  /** The hash of one word of a name search in a tenant. */
  public byte[] nameHash(String tenant, String normalizedToken) {
    return hasher.hash(tenant, NAME, normalizedToken);
  }

  private static Binding binding(String tenant, String id) {
    return new Binding(tenant, id, PII_FIELD);
  }
}
