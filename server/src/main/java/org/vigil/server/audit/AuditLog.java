package org.vigil.server.audit;

import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The tamper-evident audit log (docs/adr/0011-tamper-evident-audit.md). Every access to personal data calls
 * {@link #append}, which only queues the entry, so a request pays for a queue insertion, not a database round trip.
 * One writer thread takes whatever is queued (up to {@code vigil.audit.max-batch} entries), numbers and chains it
 * and commits it in one transaction; while one batch commits the next one gathers, so the batch grows with the load
 * and an entry waits for at most about one commit. The queue is bounded ({@code vigil.audit.queue-capacity}): when
 * the database falls behind, {@code append} blocks instead of dropping anything.
 *
 * <p>Each batch takes a transaction-scoped advisory lock and reads the chain's head, so several servers sharing a
 * database interleave their batches on one chain instead of forking it. If the head went backwards since this
 * writer's last commit (rows were removed behind its back), it chains on from what it wrote itself, which leaves
 * the removal visible to {@code ./vigil audit verify} as a gap.
 *
 * <p>Entries still queued when the process dies are lost (the crash window): {@link #flush} waits until everything
 * appended before it is committed, and closing the application context flushes. A failed commit is retried with
 * back-off, never skipped. Logs carry counts and SQL states only, never entry contents.
 */
@Component
public class AuditLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  /** The advisory lock serializing writers of the chain ("vigilaud"). */
  static final long LOCK_KEY = 0x76_69_67_69_6c_61_75_64L;
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
  private static final long MAX_BACKOFF_MS = 5_000;
  private static final String INSERT = "insert into audit_event (seq, at, actor, role, tenant, patient_id, action,"
      + " resource, purpose, outcome, detail, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)";

  private sealed interface Item permits Append, Flush, Stop {}

  private record Append(AuditEntry entry) implements Item {}

  private record Flush(CompletableFuture<Void> done) implements Item {}

  private record Stop() implements Item {}

  private record Head(long seq, byte[] hash) {}

  private final DataSource dataSource;
  private final BlockingQueue<Item> queue;
  private final int maxBatch;
  private final Thread writer;
  /** Appenders between their check of {@link #closed} and their entry being queued; close waits for them. */
  private final AtomicInteger appending = new AtomicInteger();
  private volatile boolean closed;
  /** Set when close has waited long enough: the writer stops retrying and counts what it could not write. */
  private volatile boolean givingUp;
  private volatile long lost;
  /** The last entry this writer committed (or found at start). Touched by the writer thread only. */
  private Head head;

  /**
   * @param capacity how many entries may wait before {@link #append} blocks
   * @param maxBatch the most entries committed in one transaction
   */
  @Autowired
  public AuditLog(DataSource dataSource, @Value("${vigil.audit.queue-capacity:10000}") int capacity,
      @Value("${vigil.audit.max-batch:1000}") int maxBatch) {
    if (capacity < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("vigil.audit.queue-capacity and max-batch must be positive");
    }
    this.dataSource = dataSource;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.maxBatch = maxBatch;
    this.head = readHead();
    log.info("audit log: chain head at entry {}", head.seq());
    this.writer = Thread.ofPlatform().name("vigil-audit-writer").daemon(true).start(this::run);
  }

  /** With the default queue capacity (10,000) and batch size (1,000). */
  public AuditLog(DataSource dataSource) {
    this(dataSource, 10_000, 1_000);
  }

  /**
   * Queues an entry; it is committed within about one database commit. Does not wait for the database, except
   * when the queue is full: then it blocks until there is room (an audited system must not lose entries).
   *
   * @throws IllegalStateException when the log is closed (the application is shutting down) or the thread is
   *     interrupted while waiting for room; the entry was not recorded
   */
  public void append(AuditEntry entry) {
    Objects.requireNonNull(entry, "entry");
    enqueue(new Append(entry));
  }

  /**
   * Blocks until every entry appended before this call is committed.
   *
   * @throws IllegalStateException when some of them could not be written (the log was closed while the database
   *     was unreachable) or the thread was interrupted
   */
  public void flush() {
    CompletableFuture<Void> done = flushMarker();
    try {
      done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while flushing the audit log", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Waits at most {@code timeout} for every entry appended before this call to be committed.
   *
   * @return true when they all are; false on time-out, or when some could not be written
   */
  public boolean flush(Duration timeout) {
    CompletableFuture<Void> done;
    try {
      done = flushMarker();
    } catch (IllegalStateException e) {
      return false;
    }
    try {
      done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /** How many entries (and flush requests) are waiting for the writer: a gauge for health checks. */
  public int pending() {
    return queue.size();
  }

  /**
   * Stops accepting entries, writes what is queued (waiting up to 30 s for the database) and stops the writer. Runs
   * when the application context closes, after the web server has stopped taking requests.
   */
  @PreDestroy
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    while (appending.get() > 0 && System.nanoTime() < deadline) {
      // An appender that passed the check is putting its entry (it comes before Stop), or waits for room.
      LockSupport.parkNanos(100_000);
    }
    try {
      long left = Math.max(0, deadline - System.nanoTime());
      if (queue.offer(new Stop(), left, TimeUnit.NANOSECONDS)) {
        writer.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      givingUp = true;
      writer.interrupt();
      try {
        writer.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    long unwritten = lost + queue.stream().filter(i -> i instanceof Append).count();
    if (unwritten > 0) {
      log.error("audit log closed with {} entries not written (the database was unreachable)", unwritten);
    } else {
      log.info("audit log closed; every entry appended here is written");
    }
  }

  private CompletableFuture<Void> flushMarker() {
    Flush f = new Flush(new CompletableFuture<>());
    if (closed && !writer.isAlive()) {
      // Nothing can be pending once the writer has finished, unless it gave up.
      if (lost > 0) {
        f.done().completeExceptionally(new IllegalStateException(lost + " audit entries could not be written"));
      } else {
        f.done().complete(null);
      }
      return f.done();
    }
    enqueue(f);
    return f.done();
  }

  private void enqueue(Item item) {
    appending.incrementAndGet();
    try {
      if (closed) {
        throw new IllegalStateException("the audit log is closed; the access was not recorded");
      }
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for room in the audit queue", e);
    } finally {
      appending.decrementAndGet();
    }
  }

  private void run() {
    List<Item> items = new ArrayList<>(maxBatch);
    List<AuditEntry> entries = new ArrayList<>(maxBatch);
    List<Flush> flushes = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      try {
        items.add(queue.take());
      } catch (InterruptedException e) {
        if (givingUp) {
          return;
        }
        continue;
      }
      queue.drainTo(items, maxBatch - 1);
      for (Item item : items) {
        switch (item) {
          case Append a -> entries.add(a.entry());
          case Flush f -> flushes.add(f);
          case Stop s -> stop = true;
        }
      }
      boolean written = entries.isEmpty() || write(entries);
      for (Flush f : flushes) {
        if (written && lost == 0) {
          f.done().complete(null);
        } else {
          f.done().completeExceptionally(new IllegalStateException(lost + " audit entries could not be written"));
        }
      }
      items.clear();
      entries.clear();
      flushes.clear();
    }
  }

  /** Commits a batch, retrying with back-off until it succeeds or close gives up (then counts it lost). */
  private boolean write(List<AuditEntry> entries) {
    long backoff = 50;
    int attempt = 0;
    while (true) {
      try {
        head = commit(entries);
        if (attempt > 0) {
          log.info("audit batch of {} written after {} failed attempt(s)", entries.size(), attempt);
        }
        return true;
      } catch (SQLException | RuntimeException e) {
        attempt++;
        if (givingUp) {
          lost += entries.size();
          return false;
        }
        // The exception's message may quote values; its class and SQL state say enough.
        log.warn("audit batch of {} not written (attempt {}: {}, SQL state {}); retrying in {} ms", entries.size(),
            attempt, e.getClass().getSimpleName(), e instanceof SQLException s ? s.getSQLState() : "-", backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          if (givingUp) {
            lost += entries.size();
            return false;
          }
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private Head commit(List<AuditEntry> entries) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (Statement s = c.createStatement()) {
          s.execute("select pg_advisory_xact_lock(" + LOCK_KEY + ")");
        }
        Head at = chainFrom(lastRow(c));
        long seq = at.seq();
        byte[] prev = at.hash();
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
          for (AuditEntry e : entries) {
            seq++;
            byte[] hash = AuditHash.hash(prev, seq, e);
            bind(ps, seq, e, prev, hash);
            ps.addBatch();
            prev = hash;
          }
          ps.executeBatch();
        }
        c.commit();
        return new Head(seq, prev);
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // the connection is broken; the pool discards it
        }
        throw e;
      }
    }
  }

  /** Where the next entry chains on: the stored head, unless entries this writer committed have vanished. */
  private Head chainFrom(Head stored) {
    if (stored.seq() < head.seq()) {
      log.error("audit chain head went back from entry {} to {}: entries were removed; chaining on from {} so the"
          + " gap stays visible to ./vigil audit verify", head.seq(), stored.seq(), head.seq());
      return head;
    }
    if (stored.seq() == head.seq() && !Arrays.equals(stored.hash(), head.hash())) {
      log.error("audit chain entry {} was replaced since this server wrote it; chaining on from what it wrote",
          head.seq());
      return head;
    }
    return stored;
  }

  private Head readHead() {
    try (Connection c = dataSource.getConnection()) {
      return lastRow(c);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the audit chain's head (SQL state " + e.getSQLState() + ")", e);
    }
  }

  private static Head lastRow(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select seq, hash from audit_event order by seq desc limit 1")) {
      return rs.next() ? new Head(rs.getLong(1), rs.getBytes(2)) : new Head(0, AuditHash.genesis());
    }
  }

  private static void bind(PreparedStatement ps, long seq, AuditEntry e, byte[] prev, byte[] hash)
      throws SQLException {
    ps.setLong(1, seq);
    ps.setObject(2, OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC));
    ps.setString(3, e.actor());
    ps.setString(4, e.role());
    ps.setString(5, e.tenant());
    ps.setString(6, e.patientId());
    ps.setString(7, e.action());
    ps.setString(8, e.resource());
    ps.setString(9, e.purpose());
    ps.setString(10, e.outcome());
    String detail = AuditRow.detailJson(e.detail());
    if (detail == null) {
      ps.setNull(11, Types.VARCHAR);
    } else {
      ps.setString(11, detail);
    }
    ps.setBytes(12, prev);
    ps.setBytes(13, hash);
  }
}
