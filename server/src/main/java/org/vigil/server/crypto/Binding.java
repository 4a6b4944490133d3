package org.vigil.server.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a sealed value belongs: its tenant, its record (a member's id) and its field. It is authenticated with the
 * value (GCM associated data), so a ciphertext copied to another row, field or tenant fails to open.
 */
public record Binding(String tenant, String recordId, String field) {
  public Binding {
    if (tenant == null || recordId == null || field == null) {
      throw new IllegalArgumentException("a binding needs tenant, record id and field");
    }
  }

  /** Length-prefixed so that ("ab", "c") and ("a", "bc") never give the same bytes. */
  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    for (String s : new String[] {"vigil-binding-v1", tenant, recordId, field}) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.write(b.length >>> 24);
      out.write(b.length >>> 16);
      out.write(b.length >>> 8);
      out.write(b.length);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }
}
