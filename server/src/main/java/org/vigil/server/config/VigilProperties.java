package org.vigil.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Vigil's settings ({@code vigil.*}). The launcher maps {@code --data-dir}, {@code --db-url} and {@code --port}
 * onto these and Spring's {@code server.port}.
 *
 * @param dataDir where the embedded PostgreSQL keeps its data (a restart keeps everything)
 * @param db an external PostgreSQL; when {@code db.url} is empty Vigil starts its own
 * @param profile the guideline profile of members whose tenant names none ({@code china} or {@code international})
 * @param tenants a tenant's (city's, region's) guideline profile: {@code vigil.tenants.shanghai=china}
 * @param tiers how long each service tier allows before an unacknowledged urgent or emergency alert escalates
 * @param monitor how often the scheduled checks run
 * @param knowledgeOverrides an operator's YAML giving values the knowledge leaves open (operatorConfigurable)
 * @param demo the synthetic population streamed by {@code ./vigil demo}
 */
@ConfigurationProperties("vigil")
public record VigilProperties(
    @DefaultValue("${user.home}/.vigil") Path dataDir,
    @DefaultValue Db db,
    @DefaultValue("china") String profile,
    Map<String, String> tenants,
    Map<String, Tier> tiers,
    @DefaultValue Schedule monitor,
    Path knowledgeOverrides,
    @DefaultValue Demo demo) {

  public VigilProperties {
    tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    tiers = tiers == null ? Map.of() : Map.copyOf(tiers);
  }

  /** A service tier's acknowledgement time per severity (a service-level setting, not a clinical one). */
  public record Tier(Duration emergency, Duration urgent) {}

  /** @param absence how often absence rules run; @param escalation how often overdue alerts are escalated */
  public record Schedule(@DefaultValue("PT1H") Duration absence, @DefaultValue("PT15S") Duration escalation) {}

  /** The profile a tenant's members are monitored with. */
  public String profileOf(String tenant) {
    return tenants.getOrDefault(tenant, profile);
  }

  /** An external database; empty url = embedded PostgreSQL under the data dir. */
  public record Db(String url, @DefaultValue("postgres") String username, @DefaultValue("") String password,
      @DefaultValue("16") int poolSize, @DefaultValue("false") boolean statementStats) {
    public boolean external() {
      return url != null && !url.isBlank();
    }
  }

  /**
   * @param enabled stream a synthetic population
   * @param members how many members
   * @param seed the population's seed (same seed, same people, same readings)
   * @param historyDays days of readings loaded at start so windows and confirmations have data
   * @param readingsPerSecond the live stream's pace after the history is loaded
   */
  public record Demo(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("2600") int members,
      @DefaultValue("20260101") long seed,
      @DefaultValue("21") int historyDays,
      @DefaultValue("20") double readingsPerSecond) {}
}
