package org.vigil.server.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.vigil.engine.monitor.ReadingContext;
import org.vigil.engine.monitor.Setting;
import org.vigil.engine.units.Normalized;

/** A reading that passed validation: canonical values, a parsed time with its offset, a known setting. */
public record ValidReading(
    int index,
    String field,
    String patientId,
    String code,
    List<Normalized> values,
    OffsetDateTime effective,
    Setting setting,
    String source,
    String identifierSystem,
    String identifierValue,
    String contextJson,
    ReadingContext context,
    String resourceJson) {

  public ValidReading {
    values = List.copyOf(values);
  }

  /**
   * What makes two readings the same reading: patient, code, effective instant, values and source
   * (docs/adr/0004-ingest-pipeline.md). Hashed so the unique index stays small.
   */
  public String dedupeKey() {
    StringBuilder sb = new StringBuilder(128)
        .append(patientId).append('|').append(code).append('|').append(effective.toInstant()).append('|')
        .append(source);
    values.stream().sorted(Comparator.comparing(n -> n.analyte().id())).forEach(n ->
        sb.append('|').append(n.analyte().id()).append('=')
            .append(Math.round(n.canonical().value() * 1_000_000d) / 1_000_000d));
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
