package org.vigil.server.export;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stable keyed pseudonyms: HMAC-SHA256 over (tenant, patient id) with a secret key. The same member gets the same
 * pseudonym in every export made with the same key, so research data sets can be linked over time; without the key
 * a pseudonym cannot be computed from an id (nor an id guessed from it), and the tenant in the input keeps the same
 * id in two tenants apart.
 */
public final class Pseudonymizer {
  /** Keys shorter than this are refused: HMAC-SHA256 wants a key as long as its output. */
  public static final int MIN_KEY_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  public Pseudonymizer(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("a pseudonym key needs at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /** The member's pseudonym: {@code p-} and 32 hex digits (the first 128 bits of the HMAC). */
  public String pseudonym(String tenant, String patientId) {
    byte[] t = tenant.getBytes(StandardCharsets.UTF_8);
    byte[] id = patientId.getBytes(StandardCharsets.UTF_8);
    // Length-prefixed, so no (tenant, id) pair can be spelled as another.
    ByteBuffer input = ByteBuffer.allocate(8 + t.length + id.length).putInt(t.length).put(t).putInt(id.length).put(id);
    byte[] mac = mac().doFinal(input.array());
    return "p-" + HexFormat.of().formatHex(mac, 0, 16);
  }

  /** Names the key without revealing it (a hash of it), so two exports can be seen to share a key. */
  public String keyId() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("vigil-pseudonym-key-id".getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(key.getEncoded()), 0, 6);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Mac mac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }
}
