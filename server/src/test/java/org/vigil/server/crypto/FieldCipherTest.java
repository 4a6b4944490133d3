package org.vigil.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldCipherTest {
  private static final byte[] K1 = Base64.getDecoder().decode(KeyFiles.newKey());
  private static final byte[] K2 = Base64.getDecoder().decode(KeyFiles.newKey());
  private static final byte[] SEARCH = Base64.getDecoder().decode(KeyFiles.newKey());
  private static final byte[] SECRET = "{\"name\":[{\"family\":\"Wang\"}]}".getBytes(StandardCharsets.UTF_8);
  private static final Binding ROW = new Binding("shanghai", "member-1", "patient.pii");

  private static FieldCipher cipher(Map<String, byte[]> keys, String active) {
    return new FieldCipher(new KeyRing(keys, active, SEARCH));
  }

  private final FieldCipher k1 = cipher(Map.of("1", K1), "1");

  @Test
  void aSealedValueOpensWithItsBindingAndHidesThePlaintext() {
    byte[] sealed = k1.seal(SECRET, ROW);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Wang").doesNotContain("wang");
    assertThat(k1.open(sealed, ROW)).isEqualTo(SECRET);
    assertThat(FieldCipher.keyIdOf(sealed)).isEqualTo("1");
    assertThat(sealed.length).isEqualTo(2 + 1 + 12 + SECRET.length + 16);
  }

  @Test
  void everySealUsesAFreshNonce() {
    assertThat(k1.seal(SECRET, ROW)).isNotEqualTo(k1.seal(SECRET, ROW));
  }

  @Test
  void changingAnyByteMakesOpeningFail() {
    byte[] sealed = k1.seal(SECRET, ROW);
    // Every byte after the key id: nonce, ciphertext and tag. (Header bytes are checked below.)
    for (int i = 3; i < sealed.length; i++) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 0x01;
      assertThatThrownBy(() -> k1.open(tampered, ROW)).as("byte %d", i)
          .isInstanceOf(UndecryptableException.class)
          .hasMessageContaining("does not authenticate");
    }
  }

  @Test
  void aChangedHeaderIsRefused() {
    byte[] sealed = k1.seal(SECRET, ROW);
    byte[] format = sealed.clone();
    format[0] = 2;
    assertThatThrownBy(() -> k1.open(format, ROW)).isInstanceOf(UndecryptableException.class)
        .hasMessageContaining("format");
    byte[] keyId = sealed.clone();
    keyId[2] = '2';
    assertThatThrownBy(() -> k1.open(keyId, ROW)).isInstanceOf(UndecryptableException.class)
        .hasMessageContaining("'2', which is not configured");
    byte[] truncated = java.util.Arrays.copyOf(sealed, 20);
    assertThatThrownBy(() -> k1.open(truncated, ROW)).isInstanceOf(UndecryptableException.class);
  }

  @Test
  void aValueMovedToAnotherRowFieldOrTenantDoesNotOpen() {
    byte[] sealed = k1.seal(SECRET, ROW);
    for (Binding other : new Binding[] {new Binding("shanghai", "member-2", "patient.pii"),
        new Binding("beijing", "member-1", "patient.pii"), new Binding("shanghai", "member-1", "patient.note"),
        // Length prefixes: shifting characters between components is another binding.
        new Binding("shanghaim", "ember-1", "patient.pii")}) {
      assertThatThrownBy(() -> k1.open(sealed, other)).as(other.toString())
          .isInstanceOf(UndecryptableException.class)
          .hasMessageContaining("belongs to another record or field")
          .hasMessageNotContaining("Wang");
    }
  }

  @Test
  void aNewActiveKeySealsNewValuesWhileOldOnesStillOpen() {
    byte[] old = k1.seal(SECRET, ROW);
    FieldCipher both = cipher(Map.of("1", K1, "2", K2), "2");
    byte[] fresh = both.seal(SECRET, ROW);
    assertThat(FieldCipher.keyIdOf(fresh)).isEqualTo("2");
    assertThat(both.open(old, ROW)).isEqualTo(SECRET);
    assertThat(both.open(fresh, ROW)).isEqualTo(SECRET);
    FieldCipher onlyTwo = cipher(Map.of("2", K2), "2");
    assertThat(onlyTwo.open(fresh, ROW)).isEqualTo(SECRET);
    assertThatThrownBy(() -> onlyTwo.open(old, ROW)).isInstanceOf(UndecryptableException.class)
        .hasMessageContaining("data key '1', which is not configured");
  }

  @Test
  void theSameKeyIdWithOtherKeyMaterialDoesNotOpen() {
    byte[] sealed = k1.seal(SECRET, ROW);
    assertThatThrownBy(() -> cipher(Map.of("1", K2), "1").open(sealed, ROW))
        .isInstanceOf(UndecryptableException.class);
  }
}
