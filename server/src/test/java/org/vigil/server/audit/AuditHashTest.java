package org.vigil.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chain's hash encoding: unambiguous, stable, and fed exactly what PostgreSQL stores. */
class AuditHashTest {
  private static final Instant AT = Instant.parse("2026-11-22T01:02:03.123456Z");
  private static final byte[] PREV = AuditHash.genesis();

  private static AuditEntry entry(String actor, String role, String patient, Map<String, String> detail) {
    return new AuditEntry(AT, actor, role, "default", patient, "read", "GET /api/v1/patients/p1", "treatment", "200",
        detail);
  }

  private static byte[] hash(AuditEntry e) {
    return AuditHash.hash(PREV, 7, e);
  }

  @Test
  void fieldsThatConcatenateAlikeHashDifferently() {
    assertThat(hash(entry("ab", "c", "p1", null))).isNotEqualTo(hash(entry("a", "bc", "p1", null)));
    assertThat(hash(entry("a", "", "p1", null))).isNotEqualTo(hash(entry("", "a", "p1", null)));
    assertThat(hash(entry("x", "y", "p1", Map.of("a", "bc")))).isNotEqualTo(hash(entry("x", "y", "p1",
        Map.of("ab", "c"))));
    assertThat(hash(entry("x", "y", "p1", Map.of("k", "v", "k2", "")))).isNotEqualTo(hash(entry("x", "y", "p1",
        Map.of("k", "", "k2", "v"))));
  }

  @Test
  void absentIsNotEmpty() {
    assertThat(hash(entry("u", "r", null, null))).isNotEqualTo(hash(entry("u", "r", "", null)));
    assertThat(hash(entry("u", "r", "p", null))).isNotEqualTo(hash(entry("u", "r", "p", Map.of())));
  }

  @Test
  void theDetailsOrderDoesNotMatterButEveryValueDoes() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    assertThat(hash(entry("u", "r", "p", ab))).isEqualTo(hash(entry("u", "r", "p", ba)));
    assertThat(hash(entry("u", "r", "p", ab))).isNotEqualTo(hash(entry("u", "r", "p", Map.of("a", "1", "b", "3"))));
  }

  @Test
  void positionAndPredecessorArePartOfTheHash() {
    AuditEntry e = entry("u", "r", "p", null);
    assertThat(AuditHash.hash(PREV, 7, e)).isEqualTo(AuditHash.hash(PREV, 7, e)).hasSize(32);
    assertThat(AuditHash.hash(PREV, 7, e)).isNotEqualTo(AuditHash.hash(PREV, 8, e));
    byte[] other = AuditHash.genesis();
    other[31] = 1;
    assertThat(AuditHash.hash(PREV, 7, e)).isNotEqualTo(AuditHash.hash(other, 7, e));
  }

  @Test
  void everyFieldCounts() {
    AuditEntry base = entry("u", "r", "p", Map.of("k", "v"));
    byte[] h = hash(base);
    assertThat(hash(new AuditEntry(AT.plusNanos(1000), "u", "r", "default", "p", "read", "GET /api/v1/patients/p1",
        "treatment", "200", Map.of("k", "v")))).isNotEqualTo(h);
    assertThat(hash(new AuditEntry(AT, "u", "r", "other", "p", "read", "GET /api/v1/patients/p1", "treatment", "200",
        Map.of("k", "v")))).isNotEqualTo(h);
    assertThat(hash(new AuditEntry(AT, "u", "r", "default", "p", "update", "GET /api/v1/patients/p1", "treatment",
        "200", Map.of("k", "v")))).isNotEqualTo(h);
    assertThat(hash(new AuditEntry(AT, "u", "r", "default", "p", "read", "GET /api/v1/patients/p2", "treatment",
        "200", Map.of("k", "v")))).isNotEqualTo(h);
    assertThat(hash(new AuditEntry(AT, "u", "r", "default", "p", "read", "GET /api/v1/patients/p1", "research",
        "200", Map.of("k", "v")))).isNotEqualTo(h);
    assertThat(hash(new AuditEntry(AT, "u", "r", "default", "p", "read", "GET /api/v1/patients/p1", "treatment",
        "403", Map.of("k", "v")))).isNotEqualTo(h);
  }

  /** The format written out independently, byte by byte: a change to the encoding breaks every stored chain. */
  @Test
  void theEncodingIsTheDocumentedFormat() throws Exception {
    AuditEntry e = new AuditEntry(AT, "u1", "manager", "default", null, "read", "Patient/p1", "treatment", "200",
        Map.of("z", "1", "a", "ü"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    byte[] version = "vigil-audit/1".getBytes(StandardCharsets.US_ASCII);
    out.writeInt(version.length);
    out.write(version);
    out.writeLong(42);
    out.writeLong(AT.getEpochSecond() * 1_000_000 + 123_456);
    for (String s : new String[] {"u1", "manager", "default", null, "read", "Patient/p1", "treatment", "200"}) {
      text(out, s);
    }
    out.writeByte(1);
    out.writeInt(2);
    text(out, "a");
    text(out, "ü");
    text(out, "z");
    text(out, "1");
    assertThat(AuditHash.encode(42, e)).isEqualTo(bytes.toByteArray());
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(PREV);
    assertThat(AuditHash.hash(PREV, 42, e)).isEqualTo(sha.digest(bytes.toByteArray()));
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeByte(0);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeByte(1);
    out.writeInt(b.length);
    out.write(b);
  }

  @Test
  void anEntryIsNormalizedToWhatPostgresqlStores() {
    AuditEntry e = new AuditEntry(Instant.parse("2026-01-01T00:00:00.123456789Z"), "a\u0000b", "r\uD800", "t", null,
        "read", "x", "treatment", "200", Map.of("k\u0000", "v\uDC00", "emoji", "\uD83D\uDE00"));
    assertThat(e.at()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
    assertThat(e.actor()).isEqualTo("a\uFFFDb");
    assertThat(e.role()).isEqualTo("r\uFFFD");
    assertThat(e.detail()).containsEntry("k\uFFFD", "v\uFFFD").containsEntry("emoji", "\uD83D\uDE00");
    assertThat(hash(entry("same", "r", "p", null))).isEqualTo(hash(new AuditEntry(AT.plusNanos(999), "same", "r",
        "default", "p", "read", "GET /api/v1/patients/p1", "treatment", "200", null)));
  }

  @Test
  void anEntryThatCouldNotBeStoredIsRefused() {
    assertThatThrownBy(() -> new AuditEntry(null, "u", "r", "t", null, "read", "x", "p", "200", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new AuditEntry(AT, "u", null, "t", null, "read", "x", "p", "200", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new AuditEntry(Instant.parse("+10000-01-01T00:00:00Z"), "u", "r", "t", null, "read", "x",
        "p", "200", null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDetailSurvivesItsJsonForm() {
    Map<String, String> detail = Map.of("q", "name=\"Wang\" & x\\y", "nl", "a\nb\tc\u0001", "cjk", "王芳");
    String json = AuditRow.detailJson(new AuditEntry(AT, "u", "r", "t", null, "read", "x", "p", "200", detail)
        .detail());
    assertThat(AuditRow.detail(json)).isEqualTo(detail);
    assertThatThrownBy(() -> AuditRow.detail("{\"n\": 5}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditRow.detail("[\"a\"]")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAnchorIsSeqColonHash() {
    String hex = AuditHash.hex(hash(entry("u", "r", "p", null)));
    AuditVerifier.Anchor a = AuditVerifier.Anchor.parse("12:" + hex);
    assertThat(a.seq()).isEqualTo(12);
    assertThat(AuditHash.hex(a.hash())).isEqualTo(hex);
    for (String bad : new String[] {"12", ":" + hex, "x:" + hex, "0:" + hex, "12:abc", "12:" + hex + "00"}) {
      assertThatThrownBy(() -> AuditVerifier.Anchor.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
