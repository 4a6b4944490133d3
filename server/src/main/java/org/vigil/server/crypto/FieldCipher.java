package org.vigil.server.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for one field of one record. A sealed value is
 * {@code [format 1][key id length][key id][96-bit random nonce][ciphertext and 128-bit tag]}; the header and the
 * {@link Binding} are the associated data, so changing a byte anywhere, or moving the value to another record or
 * field, makes {@link #open} fail instead of returning wrong data. The key id in the header lets old rows be read
 * while a new key encrypts new writes.
 */
public final class FieldCipher {
  static final byte FORMAT = 1;
  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyRing keys;

  public FieldCipher(KeyRing keys) {
    this.keys = keys;
  }

  /** The id of the key new values are sealed with. */
  public String activeKeyId() {
    return keys.activeId();
  }

  /** Encrypts with the active key. */
  public byte[] seal(byte[] plaintext, Binding binding) {
    String keyId = keys.activeId();
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    int header = 2 + id.length;
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.active(), new GCMParameterSpec(TAG_BITS, nonce));
      ByteBuffer out = ByteBuffer.allocate(header + NONCE_BYTES + c.getOutputSize(plaintext.length));
      out.put(FORMAT).put((byte) id.length).put(id).put(nonce);
      c.updateAAD(out.array(), 0, header);
      c.updateAAD(binding.bytes());
      c.doFinal(ByteBuffer.wrap(plaintext), out);
      return out.array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** Decrypts with the key named in the header, or fails saying why (never with the content). */
  public byte[] open(byte[] sealed, Binding binding) {
    String where = binding.field() + " of " + binding.recordId();
    String keyId = keyIdOf(sealed);
    SecretKey key = keys.dataKey(keyId).orElseThrow(() -> new UndecryptableException(where
        + " is encrypted with data key '" + keyId + "', which is not configured (vigil.security.data-keys)"));
    int header = 2 + sealed[1];
    if (sealed.length < header + NONCE_BYTES + TAG_BITS / 8) {
      throw new UndecryptableException(where + " is truncated");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, header, NONCE_BYTES));
      c.updateAAD(sealed, 0, header);
      c.updateAAD(binding.bytes());
      int body = header + NONCE_BYTES;
      return c.doFinal(sealed, body, sealed.length - body);
    } catch (AEADBadTagException e) {
      throw new UndecryptableException(where + " does not authenticate: it was altered, or it belongs to another"
          + " record or field", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The id of the key a sealed value was encrypted with. */
  public static String keyIdOf(byte[] sealed) {
    if (sealed == null || sealed.length < 3) {
      throw new UndecryptableException("not a sealed value (too short)");
    }
    if (sealed[0] != FORMAT) {
      throw new UndecryptableException("unknown sealed-value format " + sealed[0]);
    }
    int n = sealed[1];
    if (n < 1 || n > 32 || sealed.length < 2 + n) {
      throw new UndecryptableException("sealed value has a malformed key id");
    }
    return new String(Arrays.copyOfRange(sealed, 2, 2 + n), StandardCharsets.US_ASCII);
  }
}
