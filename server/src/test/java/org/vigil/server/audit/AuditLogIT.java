package org.vigil.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.server.IntegrationTest;

/**
 * The audit log against the real database: concurrent appends end up in one unbroken chain, and every kind of
 * tampering (done as a superuser would, with the append-only triggers switched off) is named at exactly the
 * entry it touched. Each tampering is undone afterwards, because the chain is shared by every test in this JVM.
 */
class AuditLogIT extends IntegrationTest {
  @Autowired
  AuditLog audit;

  @Autowired
  DataSource dataSource;

  static AuditEntry entry(String actor, String patient, String action, Map<String, String> detail) {
    return new AuditEntry(Instant.now(), actor, "manager", "default", patient, action,
        "GET /api/v1/patients/" + patient + "/findings", "treatment", "200", detail);
  }

  /** Appends {@code n} entries of a fresh actor, flushes and returns their seqs in order. */
  private List<Long> appended(int n) {
    String actor = unique("auditor");
    for (int i = 0; i < n; i++) {
      audit.append(entry(actor, unique("p"), AuditEntry.READ, Map.of("i", Integer.toString(i))));
    }
    audit.flush();
    return jdbc.sql("select seq from audit_event where actor = ? order by seq").param(actor).query(Long.class).list();
  }

  private AuditVerifier.Result verify() throws SQLException {
    return AuditVerifier.verify(dataSource, Optional.empty());
  }

  private AuditVerifier.Broken broken() throws SQLException {
    AuditVerifier.Result r = verify();
    assertThat(r).isInstanceOf(AuditVerifier.Broken.class);
    return (AuditVerifier.Broken) r;
  }

  private void tampered(List<Long> seqs, String sql, Object[] params, Tampering.Check check) throws Exception {
    Tampering.tampered(dataSource, seqs, sql, params, check);
  }

  @Test
  void entriesAppendedFromManyThreadsFormOneUnbrokenChainInEachThreadsOrder() throws Exception {
    int threads = 8;
    int each = 250;
    String actor = unique("concurrent");
    long before = count("select count(*) from audit_event");
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        String thread = "t" + t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < each; i++) {
            audit.append(entry(actor, thread, AuditEntry.READ, Map.of("thread", thread, "i", Integer.toString(i))));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    }
    audit.flush();

    assertThat(count("select count(*) from audit_event where actor = ?", actor)).isEqualTo((long) threads * each);
    for (int t = 0; t < threads; t++) {
      List<Integer> order = jdbc.sql("select (detail->>'i')::int from audit_event where actor = ? and patient_id = ?"
          + " order by seq").params(actor, "t" + t).query(Integer.class).list();
      assertThat(order).as("thread t%d's entries in the order it appended them", t).isSorted().hasSize(each);
    }
    AuditVerifier.Result r = verify();
    assertThat(r).isInstanceOf(AuditVerifier.Ok.class);
    AuditVerifier.Ok ok = (AuditVerifier.Ok) r;
    assertThat(ok.entries()).isGreaterThanOrEqualTo(before + threads * each)
        .isEqualTo(count("select count(*) from audit_event"));
    assertThat(ok.headSeq()).isEqualTo(count("select max(seq) from audit_event"));
  }

  @Test
  void whatIsStoredIsWhatWasAppendedAfterNormalization() throws Exception {
    String actor = unique("odd") + "\u0000";
    Instant at = Instant.parse("2026-03-04T05:06:07.123456789Z");
    AuditEntry e = new AuditEntry(at, actor, "doctor", "intl-clinic", null, AuditEntry.SEARCH,
        "GET /api/v1/worklist?condition=\"x\"", "operations", "200", Map.of("q", "a\\b \"c\"\n王", "n", ""));
    audit.append(e);
    audit.flush();
    Map<String, Object> row = jdbc.sql("select at, role, tenant, patient_id, detail->>'q' as q, detail->>'n' as n"
        + " from audit_event where actor = ?").param(e.actor()).query().singleRow();
    assertThat(((Timestamp) row.get("at")).toInstant()).isEqualTo(Instant.parse("2026-03-04T05:06:07.123456Z"));
    assertThat(row.get("role")).isEqualTo("doctor");
    assertThat(row.get("tenant")).isEqualTo("intl-clinic");
    assertThat(row.get("patient_id")).isNull();
    assertThat(row.get("q")).isEqualTo("a\\b \"c\"\n王");
    assertThat(row.get("n")).isEqualTo("");
    assertThat(verify()).isInstanceOf(AuditVerifier.Ok.class);
  }

  @Test
  void theTableRefusesUpdateDeleteAndTruncate() {
    List<Long> seqs = appended(1);
    long seq = seqs.getFirst();
    assertThatThrownBy(() -> jdbc.sql("update audit_event set actor = 'x' where seq = ?").param(seq).update())
        .rootCause().hasMessageContaining("append-only: UPDATE refused");
    assertThatThrownBy(() -> jdbc.sql("delete from audit_event where seq = ?").param(seq).update())
        .rootCause().hasMessageContaining("append-only: DELETE refused");
    assertThatThrownBy(() -> jdbc.sql("truncate audit_event").update())
        .rootCause().hasMessageContaining("append-only: TRUNCATE refused");
    assertThat(count("select count(*) from audit_event where seq = ?", seq)).isEqualTo(1);
  }

  @Test
  void aModifiedFieldIsNamedAtItsEntry() throws Exception {
    List<Long> seqs = appended(5);
    long victim = seqs.get(2);
    tampered(List.of(victim), "update audit_event set outcome = '403' where seq = ?", new Object[] {victim}, () ->
        assertBroken(victim, AuditVerifier.Problem.MODIFIED));
    tampered(List.of(victim), "update audit_event set detail = '{\"i\": 2}' where seq = ?", new Object[] {victim},
        () -> assertBroken(victim, AuditVerifier.Problem.MODIFIED));
    tampered(List.of(victim), "update audit_event set at = at + interval '1 microsecond' where seq = ?",
        new Object[] {victim}, () -> assertBroken(victim, AuditVerifier.Problem.MODIFIED));
    tampered(List.of(victim), "update audit_event set patient_id = null where seq = ?", new Object[] {victim},
        () -> assertBroken(victim, AuditVerifier.Problem.MODIFIED));
  }

  @Test
  void aDeletedEntryIsNamed() throws Exception {
    List<Long> seqs = appended(5);
    long victim = seqs.get(1);
    tampered(List.of(victim), "delete from audit_event where seq = ?", new Object[] {victim}, () -> {
      AuditVerifier.Broken b = assertBroken(victim, AuditVerifier.Problem.DELETED);
      assertThat(b.why()).contains("the next entry is " + (victim + 1));
    });
  }

  @Test
  void swappedContentsAreNamedAtTheFirstOfTheTwo() throws Exception {
    List<Long> seqs = appended(6);
    long a = seqs.get(1);
    long b = seqs.get(4);
    String swap = """
        update audit_event t set at = o.at, actor = o.actor, patient_id = o.patient_id, detail = o.detail
        from audit_event o where (t.seq, o.seq) in ((?, ?), (?, ?))""";
    tampered(List.of(a, b), swap, new Object[] {a, b, b, a}, () -> {
      assertThat(count("select count(*) from audit_event where seq = ? and detail->>'i' = '4'", a)).isEqualTo(1);
      assertBroken(a, AuditVerifier.Problem.MODIFIED);
    });
    String swapRows = """
        update audit_event t set at = o.at, actor = o.actor, patient_id = o.patient_id, detail = o.detail,
          prev_hash = o.prev_hash, hash = o.hash
        from audit_event o where (t.seq, o.seq) in ((?, ?), (?, ?))""";
    tampered(List.of(a, b), swapRows, new Object[] {a, b, b, a},
        () -> assertBroken(a, AuditVerifier.Problem.MODIFIED));
  }

  @Test
  void anEntryRewrittenWithARecomputedHashBreaksTheLinkToTheNext() throws Exception {
    List<Long> seqs = appended(3);
    long victim = seqs.get(1);
    byte[] prev = jdbc.sql("select hash from audit_event where seq = ?").param(victim - 1).query(byte[].class).single();
    AuditEntry forged = readEntry(victim);
    AuditEntry rewritten = new AuditEntry(forged.at(), forged.actor(), forged.role(), forged.tenant(), "someone-else",
        forged.action(), forged.resource(), forged.purpose(), forged.outcome(), forged.detail());
    byte[] hash = AuditHash.hash(prev, victim, rewritten);
    tampered(List.of(victim), "update audit_event set patient_id = 'someone-else', hash = ? where seq = ?",
        new Object[] {hash, victim}, () -> {
          AuditVerifier.Broken b = assertBroken(victim + 1, AuditVerifier.Problem.INSERTED_OR_REORDERED);
          assertThat(b.why()).contains("not the hash of entry " + victim);
        });
  }

  @Test
  void removingTheNewestEntriesWhileTheServerRunsLeavesAVisibleGap() throws Exception {
    List<Long> seqs = appended(2);
    long newest = seqs.getLast();
    assertThat(count("select max(seq) from audit_event")).isEqualTo(newest);
    tampered(List.of(newest), "delete from audit_event where seq = ?", new Object[] {newest}, () -> {
      audit.append(entry(unique("after"), "p", AuditEntry.READ, null));
      audit.flush();
      assertThat(count("select max(seq) from audit_event")).as("chained on from what the writer wrote")
          .isEqualTo(newest + 1);
      assertBroken(newest, AuditVerifier.Problem.DELETED);
    });
  }

  @Test
  void anAnchorCatchesAChainCutShortOrRewrittenFromTheStart() throws Exception {
    appended(2);
    AuditVerifier.Ok ok = (AuditVerifier.Ok) verify();
    AuditVerifier.Anchor head = AuditVerifier.Anchor.parse(ok.head());
    assertThat(AuditVerifier.verify(dataSource, Optional.of(head))).isInstanceOf(AuditVerifier.Ok.class);
    byte[] other = head.hash().clone();
    other[0] ^= 1;
    AuditVerifier.Result rewritten = AuditVerifier.verify(dataSource,
        Optional.of(new AuditVerifier.Anchor(head.seq(), other)));
    assertThat(rewritten).isInstanceOfSatisfying(AuditVerifier.Broken.class, b -> {
      assertThat(b.seq()).isEqualTo(head.seq());
      assertThat(b.problem()).isEqualTo(AuditVerifier.Problem.ANCHOR_MISMATCH);
    });
    long beyond = count("select max(seq) from audit_event") + 1000;
    AuditVerifier.Result cut = AuditVerifier.verify(dataSource,
        Optional.of(new AuditVerifier.Anchor(beyond, head.hash())));
    assertThat(cut).isInstanceOfSatisfying(AuditVerifier.Broken.class, b -> {
      assertThat(b.problem()).isEqualTo(AuditVerifier.Problem.TRUNCATED);
      assertThat(b.seq()).isEqualTo(count("select max(seq) from audit_event") + 1);
    });
  }

  @Test
  void flushWaitsForEverythingAppendedBeforeIt() {
    String actor = unique("flush");
    for (int i = 0; i < 500; i++) {
      audit.append(entry(actor, "p", AuditEntry.READ, null));
    }
    assertThat(audit.flush(Duration.ofSeconds(30))).isTrue();
    assertThat(count("select count(*) from audit_event where actor = ?", actor)).isEqualTo(500);
  }

  /** Single entries, each flushed, are each committed (the time it takes is printed, not asserted). */
  @Test
  void eachFlushedSingleEntryIsCommitted() {
    String actor = unique("latency");
    long[] micros = new long[100];
    for (int i = 0; i < micros.length; i++) {
      long t = System.nanoTime();
      audit.append(entry(actor, "p", AuditEntry.READ, null));
      audit.flush();
      micros[i] = (System.nanoTime() - t) / 1000;
    }
    java.util.Arrays.sort(micros);
    System.out.printf("audit append-to-commit latency: median %d us, p95 %d us, max %d us%n", micros[50], micros[95],
        micros[99]);
    assertThat(count("select count(*) from audit_event where actor = ?", actor)).isEqualTo(100);
  }

  private AuditEntry readEntry(long seq) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("select " + AuditRow.COLUMNS + " from audit_event where seq = ?")) {
      ps.setLong(1, seq);
      try (var rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return AuditRow.read(rs).entry();
      } catch (AuditRow.Invalid e) {
        throw new AssertionError(e);
      }
    }
  }

  private AuditVerifier.Broken assertBroken(long seq, AuditVerifier.Problem problem) {
    AuditVerifier.Broken b;
    try {
      b = broken();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    assertThat(b.seq()).as(b.toString()).isEqualTo(seq);
    assertThat(b.problem()).as(b.toString()).isEqualTo(problem);
    return b;
  }
}
