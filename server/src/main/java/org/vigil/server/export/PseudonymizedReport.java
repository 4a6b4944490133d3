package org.vigil.server.export;

/**
 * What a pseudonymized export contains.
 *
 * @param records members exported (those with an active research consent)
 * @param keyId names the pseudonym key (a hash of it), so exports that can be linked are recognizable
 * @param pseudonym how pseudonyms are made
 */
public record PseudonymizedReport(int records, String keyId, String pseudonym) {
  public static final String METHOD = "HMAC-SHA256(key, tenant, patient id), first 128 bits, hex";
}
