package org.vigil.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchHasherTest {
  private static SearchHasher hasher(String searchKey) {
    return new SearchHasher(new KeyRing(Map.of("1", Base64.getDecoder().decode(KeyFiles.newKey())), "1",
        Base64.getDecoder().decode(searchKey)));
  }

  private final String key = KeyFiles.newKey();
  private final SearchHasher h = hasher(key);

  @Test
  void theSameValueInTheSameTenantAlwaysHashesTheSame() {
    assertThat(h.hash("shanghai", "name", "wang")).isEqualTo(hasher(key).hash("shanghai", "name", "wang"))
        .hasSize(SearchHasher.LENGTH);
  }

  @Test
  void tenantKindValueAndKeyEachChangeTheHash() {
    byte[] base = h.hash("shanghai", "name", "wang");
    assertThat(h.hash("beijing", "name", "wang")).isNotEqualTo(base);
    assertThat(h.hash("shanghai", "identifier", "wang")).isNotEqualTo(base);
    assertThat(h.hash("shanghai", "name", "wan")).isNotEqualTo(base);
    assertThat(hasher(KeyFiles.newKey()).hash("shanghai", "name", "wang")).isNotEqualTo(base);
    // The separator keeps (kind, value) pairs apart.
    assertThat(h.hash("shanghai", "namew", "ang")).isNotEqualTo(base);
  }
}
