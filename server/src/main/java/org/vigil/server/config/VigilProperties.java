package org.vigil.server.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Vigil's settings ({@code vigil.*}). The launcher maps {@code --data-dir}, {@code --db-url} and {@code --port}
 * onto these and Spring's {@code server.port}.
 *
 * @param dataDir where the embedded PostgreSQL keeps its data (a restart keeps everything)
 * @param db an external PostgreSQL; when {@code db.url} is empty Vigil starts its own
 * @param profile the guideline profile the monitor runs ({@code china} or {@code international})
 * @param demo the synthetic population streamed by {@code ./vigil demo}
 */
@ConfigurationProperties("vigil")
public record VigilProperties(
    @DefaultValue("${user.home}/.vigil") Path dataDir,
    @DefaultValue Db db,
    @DefaultValue("china") String profile,
    @DefaultValue Demo demo) {

  /** An external database; empty url = embedded PostgreSQL under the data dir. */
  public record Db(String url, @DefaultValue("postgres") String username, @DefaultValue("") String password,
      @DefaultValue("16") int poolSize) {
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
