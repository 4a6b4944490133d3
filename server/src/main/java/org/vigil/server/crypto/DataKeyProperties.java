package org.vigil.server.crypto;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys that protect personal data at rest ({@code vigil.security.*}). Key material comes from configuration
 * (environment, a secrets manager, an operator's file), never from the repository. When no data key is configured
 * Vigil generates one under {@code <vigil.data-dir>/keys} on first start (demo and development).
 *
 * @param dataKeys data keys by id, each a base64 256-bit AES key: {@code vigil.security.data-keys.2=...}
 * @param activeDataKey the id of the key new writes are encrypted with; may be left out when there is one key
 * @param searchKey the base64 HMAC key (at least 256 bits) behind every search hash
 * @param rekeyOnStart whether a start with rows under a non-active key rewrites them in the background
 */
@ConfigurationProperties("vigil.security")
public record DataKeyProperties(
    Map<String, String> dataKeys,
    String activeDataKey,
    String searchKey,
    @DefaultValue("true") boolean rekeyOnStart) {

  public DataKeyProperties {
    dataKeys = dataKeys == null ? Map.of() : Map.copyOf(dataKeys);
  }

  /** Never prints key material (a record would print every component). */
  @Override
  public String toString() {
    return "DataKeyProperties[dataKeys=" + dataKeys.keySet() + ", activeDataKey=" + activeDataKey
        + ", searchKey=" + (searchKey == null ? "none" : "set") + ", rekeyOnStart=" + rekeyOnStart + "]";
  }
}
