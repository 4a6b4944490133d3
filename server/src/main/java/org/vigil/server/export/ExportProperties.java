package org.vigil.server.export;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Research exports ({@code vigil.export.*}).
 *
 * @param pseudonymKey the pseudonym key, base64 (at least 32 bytes); when unset one is generated on first use and
 *     kept in {@code <vigil.data-dir>/keys/pseudonym.key} (mode 0600). Never commit a key.
 * @param k the de-identified export's default k
 * @param maxSuppression the default largest fraction of records that may be suppressed
 * @param geography the geography levels a de-identified export may release, finest first
 *     ({@code postal1..postal9}, {@code district}, {@code city}, {@code province}); {@code *} is always added
 * @param conditionsQuasiIdentifier whether the set of active conditions is a quasi-identifier
 * @param batchSize members whose readings are loaded at a time
 */
@ConfigurationProperties("vigil.export")
public record ExportProperties(
    String pseudonymKey,
    @DefaultValue("5") int k,
    @DefaultValue("0.05") double maxSuppression,
    @DefaultValue({"postal4", "postal2"}) List<String> geography,
    @DefaultValue("false") boolean conditionsQuasiIdentifier,
    @DefaultValue("500") int batchSize) {

  public ExportProperties {
    if (k < 2) {
      throw new IllegalArgumentException("vigil.export.k must be at least 2");
    }
    if (!(maxSuppression >= 0 && maxSuppression < 1)) {
      throw new IllegalArgumentException("vigil.export.max-suppression must be at least 0 and below 1");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("vigil.export.batch-size must be at least 1");
    }
    geography = List.copyOf(geography);
    try {
      new GeographyHierarchy(geography);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("vigil.export.geography: " + e.getMessage(), e);
    }
  }

  public DeidentificationPolicy policy() {
    return new DeidentificationPolicy(geography, conditionsQuasiIdentifier);
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "ExportProperties[pseudonymKey=" + (pseudonymKey == null || pseudonymKey.isBlank() ? "unset" : "(set)")
        + ", k=" + k + ", maxSuppression=" + maxSuppression + ", geography=" + geography
        + ", conditionsQuasiIdentifier=" + conditionsQuasiIdentifier + ", batchSize=" + batchSize + "]";
  }
}
