package org.vigil.server.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chain's hash: {@code SHA-256(prev_hash || encode(seq, entry))}. The encoding is unambiguous — a version tag,
 * {@code seq} and the time as fixed-width numbers, then every field as a presence byte, a 4-byte big-endian length
 * and its UTF-8 bytes, the detail map as a count and its key/value pairs in key order — so no two different entries
 * encode alike (actor "ab" + role "c" is not actor "a" + role "bc", an absent patient is not an empty one). The
 * first entry's previous hash is {@link #genesis()}. Changing anything here breaks every existing chain: a new
 * encoding needs a new version tag and the verifier must keep the old one.
 */
public final class AuditHash {
  private static final byte[] GENESIS = new byte[32];

  private static final byte[] VERSION = "vigil-audit/1".getBytes(StandardCharsets.US_ASCII);

  private AuditHash() {}

  /** The previous hash of entry 1: 32 zero bytes. */
  public static byte[] genesis() {
    return GENESIS.clone();
  }

  /** The hash of entry {@code seq} chained after {@code prev}. */
  public static byte[] hash(byte[] prev, long seq, AuditEntry e) {
    MessageDigest sha = sha256();
    sha.update(prev);
    sha.update(encode(seq, e));
    return sha.digest();
  }

  /** The canonical bytes of an entry at a position in the chain (without the previous hash). */
  public static byte[] encode(long seq, AuditEntry e) {
    Encoder out = new Encoder();
    out.bytes(VERSION);
    out.int64(seq);
    out.int64(micros(e.at()));
    out.text(e.actor());
    out.text(e.role());
    out.text(e.tenant());
    out.text(e.patientId());
    out.text(e.action());
    out.text(e.resource());
    out.text(e.purpose());
    out.text(e.outcome());
    Map<String, String> detail = e.detail();
    if (detail == null) {
      out.buf.write(0);
    } else {
      out.buf.write(1);
      out.int32(detail.size());
      for (Map.Entry<String, String> d : new TreeMap<>(detail).entrySet()) {
        out.text(d.getKey());
        out.text(d.getValue());
      }
    }
    return out.buf.toByteArray();
  }

  /** Lower-case hex, as the CLI prints a head hash and reads an anchor. */
  public static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }

  private static long micros(Instant at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static final class Encoder {
    final ByteArrayOutputStream buf = new ByteArrayOutputStream(256);

    void bytes(byte[] b) {
      int32(b.length);
      buf.writeBytes(b);
    }

    void text(String s) {
      if (s == null) {
        buf.write(0);
        return;
      }
      buf.write(1);
      bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    void int32(int v) {
      buf.write(v >>> 24);
      buf.write(v >>> 16);
      buf.write(v >>> 8);
      buf.write(v);
    }

    void int64(long v) {
      int32((int) (v >>> 32));
      int32((int) v);
    }
  }
}
