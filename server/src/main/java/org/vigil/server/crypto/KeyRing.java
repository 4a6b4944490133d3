package org.vigil.server.crypto;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The data keys by id, which one encrypts new writes, and the search key. Old keys stay in the ring until every
 * row written with them has been rewritten (the rekey job), then the operator removes them.
 */
public final class KeyRing {
  /** What a key id may look like: it is written in clear into every ciphertext header. */
  static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
  static final int AES_KEY_BYTES = 32;
  static final int MIN_SEARCH_KEY_BYTES = 32;

  private final Map<String, SecretKey> dataKeys;
  private final String activeId;
  private final SecretKey searchKey;

  KeyRing(Map<String, byte[]> dataKeys, String activeId, byte[] searchKey) {
    if (dataKeys.isEmpty()) {
      throw new IllegalStateException("no data key: set vigil.security.data-keys");
    }
    java.util.Map<String, SecretKey> keys = new java.util.TreeMap<>();
    dataKeys.forEach((id, bytes) -> {
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalStateException("data key id '" + id + "' is not [A-Za-z0-9._-]{1,32}");
      }
      if (bytes.length != AES_KEY_BYTES) {
        throw new IllegalStateException("data key '" + id + "' has " + bytes.length * 8
            + " bits; AES-256 needs a base64 value of exactly 32 bytes");
      }
      keys.put(id, new SecretKeySpec(bytes, "AES"));
    });
    if (activeId == null || activeId.isBlank()) {
      if (keys.size() != 1) {
        throw new IllegalStateException("vigil.security.active-data-key must name one of " + keys.keySet());
      }
      activeId = keys.keySet().iterator().next();
    }
    if (!keys.containsKey(activeId)) {
      throw new IllegalStateException("vigil.security.active-data-key '" + activeId + "' is not one of the data keys "
          + keys.keySet());
    }
    if (searchKey.length < MIN_SEARCH_KEY_BYTES) {
      throw new IllegalStateException("vigil.security.search-key has " + searchKey.length * 8
          + " bits; it needs at least 256");
    }
    this.dataKeys = Map.copyOf(keys);
    this.activeId = activeId;
    this.searchKey = new SecretKeySpec(searchKey, "HmacSHA256");
  }

  /** The id of the key new writes are encrypted with. */
  public String activeId() {
    return activeId;
  }

  SecretKey active() {
    return dataKeys.get(activeId);
  }

  Optional<SecretKey> dataKey(String id) {
    return Optional.ofNullable(dataKeys.get(id));
  }

  /** Every data key id the ring can decrypt with. */
  public Set<String> ids() {
    return new TreeSet<>(dataKeys.keySet());
  }

  SecretKey searchKey() {
    return searchKey;
  }

  @Override
  public String toString() {
    return "KeyRing[ids=" + ids() + ", active=" + activeId + "]";
  }
}
