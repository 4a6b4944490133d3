package org.vigil.server.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes that let a clear value be found without being stored: HMAC-SHA256 under a key derived per tenant
 * from the search key, over the kind of value and the value (already normalized by the caller), cut to 128 bits.
 * Without the search key a hash can be neither reversed nor guessed by hashing candidates; with a key per tenant,
 * the same national ID in two tenants gives two unrelated hashes, so tables cannot be joined across tenants.
 */
public final class SearchHasher {
  /** Bytes kept of each hash: collisions stay negligible (2^-64 at four billion values) and rows stay small. */
  public static final int LENGTH = 16;

  /** Tenants are few; the guard only stops a flood of made-up tenant names from growing the map without end. */
  private static final int MAX_TENANT_KEYS = 10_000;

  private final KeyRing keys;
  private final Map<String, SecretKeySpec> tenantKeys = new ConcurrentHashMap<>();

  public SearchHasher(KeyRing keys) {
    this.keys = keys;
  }

  /** The hash of a normalized value of a kind ({@code name}, {@code identifier}, ...) in a tenant. */
  public byte[] hash(String tenant, String kind, String normalized) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(tenantKey(tenant));
      mac.update(kind.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return Arrays.copyOf(mac.doFinal(normalized.getBytes(StandardCharsets.UTF_8)), LENGTH);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private SecretKeySpec tenantKey(String tenant) throws GeneralSecurityException {
    SecretKeySpec key = tenantKeys.get(tenant);
    if (key == null) {
      Mac derive = Mac.getInstance("HmacSHA256");
      derive.init(keys.searchKey());
      key = new SecretKeySpec(derive.doFinal(("vigil-search-tenant-v1\0" + tenant).getBytes(StandardCharsets.UTF_8)),
          "HmacSHA256");
      if (tenantKeys.size() >= MAX_TENANT_KEYS) {
        tenantKeys.clear();
      }
      tenantKeys.put(tenant, key);
    }
    return key;
  }
}
