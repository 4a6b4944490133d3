package org.vigil.server.patients;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Names and contact details of members for the pages, the worklist and outreach: one query for a list of members,
 * decrypting only those not already cached. The cache is keyed by (member, version), so a changed member is
 * decrypted again and never shown stale; it is bounded in size and time because it holds personal data in clear.
 */
@Service
public class PatientDirectory {
  /** Members kept decrypted: a few worklist pages per signed-in manager. */
  static final int CACHE_SIZE = 20_000;
  static final Duration CACHE_TIME = Duration.ofMinutes(15);

  private record Key(String patientId, int version) {}

  private final JdbcClient jdbc;
  private final PatientVault vault;
  private final Cache<Key, MemberContact> cache = Caffeine.newBuilder()
      .maximumSize(CACHE_SIZE)
      .expireAfterAccess(CACHE_TIME)
      .recordStats()
      .build();

  public PatientDirectory(JdbcClient jdbc, PatientVault vault) {
    this.jdbc = jdbc;
    this.vault = vault;
  }

  /** The contacts of the members that exist among {@code patientIds}, in the order asked. */
  public Map<String, MemberContact> contacts(Collection<String> patientIds) {
    if (patientIds.isEmpty()) {
      return Map.of();
    }
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(patientIds));
    Map<String, MemberContact> found = new LinkedHashMap<>();
    jdbc.sql("select id, version, tenant, pii from patient where id = any(?)")
        .param(ids.toArray(String[]::new))
        .query(rs -> {
          String id = rs.getString(1);
          Key key = new Key(id, rs.getInt(2));
          MemberContact c = cache.getIfPresent(key);
          if (c == null) {
            c = contact(id, vault.openPii(id, rs.getString(3), rs.getBytes(4)));
            cache.put(key, c);
          }
          found.put(id, c);
        });
    Map<String, MemberContact> out = new LinkedHashMap<>();
    for (String id : ids) {
      MemberContact c = found.get(id);
      if (c != null) {
        out.put(id, c);
      }
    }
    return out;
  }

  /** One member's contact, when the member exists. */
  public Optional<MemberContact> contact(String patientId) {
    return Optional.ofNullable(contacts(List.of(patientId)).get(patientId));
  }

  /** Hits and misses so far (for the measurement in ADR 0013). */
  public com.github.benmanes.caffeine.cache.stats.CacheStats stats() {
    return cache.stats();
  }

  static MemberContact contact(String id, byte[] piiJson) {
    ObjectNode pii = PatientPii.tree(piiJson);
    JsonNode names = pii.path("name");
    JsonNode first = names.path(0);
    String family = PatientPii.text(first.get("family"));
    String given = PatientPii.text(first.path("given").get(0));
    String text = PatientPii.text(names.path(1).get("text"));
    if (text.isEmpty()) {
      text = PatientPii.text(first.get("text"));
    }
    return new MemberContact(id, (family + " " + given).strip(), text, preferred(pii, "phone"),
        preferred(pii, "email"));
  }

  /** The preferred address of a telecom system: not marked old, lowest rank, then as listed. */
  private static String preferred(ObjectNode pii, String system) {
    String best = null;
    long bestRank = Long.MAX_VALUE;
    for (JsonNode t : pii.path("telecom")) {
      String value = PatientPii.text(t.get("value"));
      if (!system.equals(PatientPii.text(t.get("system"))) || value.isEmpty()
          || "old".equals(PatientPii.text(t.get("use")))) {
        continue;
      }
      long rank = t.path("rank").isNumber() ? t.path("rank").asLong() : Long.MAX_VALUE - 1;
      if (best == null || rank < bestRank) {
        best = value;
        bestRank = rank;
      }
    }
    return best;
  }
}
