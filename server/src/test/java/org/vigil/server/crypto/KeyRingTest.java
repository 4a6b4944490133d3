package org.vigil.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {
  @TempDir
  Path dataDir;

  private static DataKeyProperties props(Map<String, String> keys, String active, String search) {
    return new DataKeyProperties(keys, active, search, true);
  }

  @Test
  void withoutConfiguredKeysOneKeyIsGeneratedOnceReadableByTheOwnerOnly() throws Exception {
    KeyRing first = KeyFiles.load(props(Map.of(), null, null), dataDir);
    Path dataKey = dataDir.resolve("keys/data-key-1");
    Path searchKey = dataDir.resolve("keys/search-key");
    assertThat(first.activeId()).isEqualTo("1");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataKey))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(searchKey))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataKey.getParent())))
        .isEqualTo("rwx------");
    assertThat(Base64.getDecoder().decode(Files.readString(dataKey).strip())).hasSize(32);

    // A restart reads the same keys: what the first run sealed, the second opens.
    byte[] sealed = new FieldCipher(first).seal(new byte[] {1, 2, 3}, new Binding("t", "r", "f"));
    KeyRing second = KeyFiles.load(props(Map.of(), null, null), dataDir);
    assertThat(new FieldCipher(second).open(sealed, new Binding("t", "r", "f"))).containsExactly(1, 2, 3);
    assertThat(new SearchHasher(second).hash("t", "name", "wang"))
        .isEqualTo(new SearchHasher(first).hash("t", "name", "wang"));
    try (var files = Files.list(dataDir.resolve("keys"))) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("data-key-1", "search-key");
    }
  }

  @Test
  void configuredKeysAreUsedAndNoFileIsWritten() {
    String k1 = KeyFiles.newKey();
    String k2 = KeyFiles.newKey();
    KeyRing ring = KeyFiles.load(props(Map.of("2025", k1, "2026", k2), "2026", KeyFiles.newKey()), dataDir);
    assertThat(ring.ids()).containsExactly("2025", "2026");
    assertThat(ring.activeId()).isEqualTo("2026");
    assertThat(dataDir.resolve("keys")).doesNotExist();
  }

  @Test
  void oneConfiguredKeyNeedsNoActiveId() {
    assertThat(KeyFiles.load(props(Map.of("a", KeyFiles.newKey()), null, KeyFiles.newKey()), dataDir).activeId())
        .isEqualTo("a");
  }

  @Test
  void aWrongKeyConfigurationStopsTheServerWithoutPrintingTheKey() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> KeyFiles.load(props(Map.of("1", shortKey), null, KeyFiles.newKey()), dataDir))
        .hasMessageContaining("data key '1' has 128 bits").hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> KeyFiles.load(props(Map.of("1", "not base64!"), null, KeyFiles.newKey()), dataDir))
        .hasMessageContaining("vigil.security.data-keys.1 is not valid base64");
    assertThatThrownBy(() -> KeyFiles.load(props(Map.of("1", KeyFiles.newKey(), "2", KeyFiles.newKey()), null,
        KeyFiles.newKey()), dataDir)).hasMessageContaining("active-data-key must name one of [1, 2]");
    assertThatThrownBy(() -> KeyFiles.load(props(Map.of("1", KeyFiles.newKey()), "3", KeyFiles.newKey()), dataDir))
        .hasMessageContaining("'3' is not one of the data keys");
    assertThatThrownBy(() -> KeyFiles.load(props(Map.of("bad id", KeyFiles.newKey()), null, KeyFiles.newKey()),
        dataDir)).hasMessageContaining("data key id 'bad id'");
    String shortSearch = Base64.getEncoder().encodeToString(new byte[8]);
    assertThatThrownBy(() -> KeyFiles.load(props(Map.of("1", KeyFiles.newKey()), null, shortSearch), dataDir))
        .hasMessageContaining("search-key has 64 bits");
  }

  @Test
  void propertiesNeverPrintKeyMaterial() {
    String key = KeyFiles.newKey();
    String search = KeyFiles.newKey();
    assertThat(props(Map.of("1", key), "1", search).toString()).doesNotContain(key).doesNotContain(search)
        .contains("[1]");
  }
}
