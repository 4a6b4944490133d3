package org.vigil.server.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * PostgreSQL everywhere (docs/adr/0002-postgresql-everywhere.md): an external database when
 * {@code vigil.db.url} is set, otherwise a real PostgreSQL 18 that Vigil starts itself with its data under
 * {@code vigil.data-dir}/postgres, so a restart keeps everything. Either way Flyway migrates the schema.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfig {
  private static final Logger log = LoggerFactory.getLogger(DatabaseConfig.class);

  /** The embedded server, when Vigil runs its own; closed with the application context. */
  public record EmbeddedDatabase(Optional<EmbeddedPostgres> postgres) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (postgres.isPresent()) {
        postgres.get().close();
      }
    }
  }

  @Bean(destroyMethod = "close")
  EmbeddedDatabase embeddedDatabase(VigilProperties props) {
    if (props.db().external()) {
      return new EmbeddedDatabase(Optional.empty());
    }
    Path dir = props.dataDir().resolve("postgres");
    try {
      Files.createDirectories(dir);
      stopOrphanedPostmaster(dir);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      if (props.db().statementStats()) {
        // Diagnostics only (vigil.db.statement-stats, used by `PG_STATS=1 ./vigil bench ingest`): per-statement
        // time in pg_stat_statements. Each statement then costs a little more.
        builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
      }
      EmbeddedPostgres pg = builder
          .setDataDirectory(dir)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(true)
          .setServerConfig("max_connections", "100")
          .setServerConfig("shared_buffers", "256MB")
          .setServerConfig("synchronous_commit", "on")
          // The embedded server is started with -F (fsync off, for tests); a commit that is acknowledged must
          // survive a power loss or an OS crash, so fsync is turned back on (a later -c wins over -F).
          .setServerConfig("fsync", "on")
          .start();
      log.info("Embedded PostgreSQL started on port {} with data in {}", pg.getPort(), dir);
      return new EmbeddedDatabase(Optional.of(pg));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dir, e);
    }
  }

  /**
   * A Vigil killed without a chance to stop its PostgreSQL (SIGKILL, the OOM killer) leaves the postmaster running on
   * the data dir, and the next start would fail on it ("another server might be running"). When no live Vigil holds
   * the data dir (its lock file is free) and the pid file names a live postgres of this dir, that postmaster is an
   * orphan: it gets a smart shutdown (its clients died with the old process) before the new start.
   */
  static void stopOrphanedPostmaster(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(dir.resolve("epg-lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
      if (lock == null) {
        return;
      }
      long pid;
      try {
        pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
      } catch (NumberFormatException | java.util.NoSuchElementException e) {
        return;
      }
      Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(dir.toString()))
              .orElse(false));
      if (orphan.isEmpty()) {
        return;
      }
      log.warn("An embedded PostgreSQL (pid {}) from a previous run that did not stop is still running on {};"
          + " stopping it before starting again", pid, dir);
      orphan.get().destroy();
      try {
        orphan.get().onExit().get(60, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new IOException("the PostgreSQL left running on " + dir + " (pid " + pid + ") did not stop in 60 s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping the PostgreSQL left running on " + dir, e);
      } catch (ExecutionException e) {
        throw new IOException("cannot wait for pid " + pid, e);
      }
    }
  }

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(VigilProperties props, EmbeddedDatabase embedded,
      ObjectProvider<JavaMigration> javaMigrations) {
    HikariConfig cfg = new HikariConfig();
    if (props.db().external()) {
      cfg.setJdbcUrl(props.db().url());
      cfg.setUsername(props.db().username());
      cfg.setPassword(props.db().password());
    } else {
      cfg.setJdbcUrl(embedded.postgres().orElseThrow().getJdbcUrl("postgres", "postgres"));
      cfg.setUsername("postgres");
    }
    cfg.setMaximumPoolSize(props.db().poolSize());
    cfg.setPoolName("vigil");
    cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
    HikariDataSource ds = new HikariDataSource(cfg);
    migrate(ds, javaMigrations.orderedStream().toArray(JavaMigration[]::new));
    return ds;
  }

  /** SQL migrations from the classpath, and Java ones that need beans (patients.EncryptIdentifiersMigration: keys). */
  private static void migrate(DataSource ds, JavaMigration[] javaMigrations) {
    var result = Flyway.configure().dataSource(ds).locations("classpath:db/migration")
        .javaMigrations(javaMigrations).load().migrate();
    log.info("Database schema at version {} ({} migration(s) applied)",
        result.targetSchemaVersion, result.migrationsExecuted);
  }
}
