package org.vigil.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymizerTest {
  private static byte[] key(int seed) {
    byte[] key = new byte[32];
    new java.util.Random(seed).nextBytes(key);
    return key;
  }

  @Test
  void theSameKeyGivesTheSamePseudonymInEveryRun() {
    String first = new Pseudonymizer(key(1)).pseudonym("shanghai", "member-1");
    String second = new Pseudonymizer(key(1)).pseudonym("shanghai", "member-1");
    assertThat(first).isEqualTo(second).matches("p-[0-9a-f]{32}");
    assertThat(new Pseudonymizer(key(1)).keyId()).isEqualTo(new Pseudonymizer(key(1)).keyId());
  }

  @Test
  void anotherKeyAnotherTenantOrAnotherMemberGivesAnotherPseudonym() {
    Pseudonymizer a = new Pseudonymizer(key(1));
    Pseudonymizer b = new Pseudonymizer(key(2));
    assertThat(a.pseudonym("shanghai", "member-1")).isNotEqualTo(b.pseudonym("shanghai", "member-1"));
    assertThat(a.pseudonym("shanghai", "member-1")).isNotEqualTo(a.pseudonym("beijing", "member-1"));
    assertThat(a.keyId()).isNotEqualTo(b.keyId());
    // Length-prefixed input: moving characters between tenant and id changes the pseudonym.
    assertThat(a.pseudonym("ab", "c")).isNotEqualTo(a.pseudonym("a", "bc"));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(a.pseudonym("default", "member-" + i))).isTrue();
    }
  }

  @Test
  void aPseudonymRevealsNeitherTheIdNorTheKey() {
    byte[] key = key(3);
    String p = new Pseudonymizer(key).pseudonym("default", "member-12345");
    assertThat(p).doesNotContain("12345").doesNotContain(java.util.HexFormat.of().formatHex(key).substring(0, 8));
  }

  @Test
  void shortKeysAreRefused() {
    assertThatThrownBy(() -> new Pseudonymizer(new byte[16])).hasMessageContaining("32");
  }

  @Test
  void withoutAConfiguredKeyOneIsGeneratedOnceKeptOwnerOnlyAndReused(@TempDir Path dataDir) throws Exception {
    Path file = dataDir.resolve("keys").resolve(PseudonymKeys.FILE);
    PseudonymKeys first = new PseudonymKeys(Optional.empty(), file);
    String pseudonym = first.pseudonymizer().pseudonym("default", "member-1");
    assertThat(file).exists();
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);

    PseudonymKeys restarted = new PseudonymKeys(Optional.empty(), file);
    assertThat(restarted.pseudonymizer().pseudonym("default", "member-1")).isEqualTo(pseudonym);

    PseudonymKeys elsewhere = new PseudonymKeys(Optional.empty(), dataDir.resolve("other").resolve("k"));
    assertThat(elsewhere.pseudonymizer().pseudonym("default", "member-1")).isNotEqualTo(pseudonym);
  }

  @Test
  void aConfiguredKeyIsUsedAndNoFileWritten(@TempDir Path dataDir) {
    Path file = dataDir.resolve("keys").resolve(PseudonymKeys.FILE);
    String base64 = Base64.getEncoder().encodeToString(key(4));
    PseudonymKeys keys = new PseudonymKeys(Optional.of(base64), file);
    assertThat(keys.pseudonymizer().pseudonym("default", "m"))
        .isEqualTo(new Pseudonymizer(key(4)).pseudonym("default", "m"));
    assertThat(file).doesNotExist();
  }

  @Test
  void aConfiguredKeyThatIsNotBase64OrTooShortIsRefusedNamingTheSetting(@TempDir Path dataDir) {
    Path file = dataDir.resolve("k");
    assertThatThrownBy(() -> new PseudonymKeys(Optional.of("not base64!"), file).pseudonymizer())
        .hasMessageContaining("vigil.export.pseudonym-key").hasMessageContaining("base64");
    assertThatThrownBy(() -> new PseudonymKeys(Optional.of(Base64.getEncoder().encodeToString(new byte[8])), file)
        .pseudonymizer()).hasMessageContaining("vigil.export.pseudonym-key").hasMessageContaining("8 bytes");
  }
}
