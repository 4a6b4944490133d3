package org.vigil.server.export;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs exports for a tenant: reads consenting members in one read-only snapshot, hands the report and then each
 * record to a {@link Sink} (the controller streams them as JSON), and loads readings a batch of members at a time so
 * a large tenant never sits in memory whole. Logs counts only, never a member.
 */
@Service
public class ExportService {
  private static final Logger log = LoggerFactory.getLogger(ExportService.class);

  private final ExportRepository repository;
  private final PseudonymKeys keys;
  private final ExportProperties props;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public ExportService(ExportRepository repository, PseudonymKeys keys, ExportProperties props, Clock clock) {
    this.repository = repository;
    this.keys = keys;
    this.props = props;
    this.clock = clock;
  }

  /** Where an export goes: the report once, first, then every record. */
  public interface Sink<R, T> {
    void report(R report);

    void record(T record);
  }

  /** The configured default k. */
  public int defaultK() {
    return props.k();
  }

  /** The configured default suppression limit. */
  public double defaultMaxSuppression() {
    return props.maxSuppression();
  }

  /** Every consenting member under a stable keyed pseudonym, in pseudonym order. */
  @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
  public PseudonymizedReport pseudonymized(String tenant, Sink<PseudonymizedReport, PseudonymizedRecord> sink) {
    Pseudonymizer pseudonymizer = keys.pseudonymizer();
    record Named(String pseudonym, Member member) {}
    List<Named> members = new ArrayList<>(repository.consentingMembers(tenant, clock.instant()).stream()
        .map(m -> new Named(pseudonymizer.pseudonym(tenant, m.id()), m)).toList());
    members.sort(Comparator.comparing(Named::pseudonym));
    PseudonymizedReport report = new PseudonymizedReport(members.size(), pseudonymizer.keyId(),
        PseudonymizedReport.METHOD);
    sink.report(report);
    for (List<Named> batch : ExportRepository.batches(members, props.batchSize())) {
      Map<String, Activity> activity = repository.activity(batch.stream().map(n -> n.member().id()).toList());
      for (Named n : batch) {
        sink.record(PseudonymizedRecord.of(n.pseudonym(), n.member(), activity.get(n.member().id())));
      }
    }
    log.info("pseudonymized export for tenant {}: {} members", tenant, members.size());
    return report;
  }

  /** Consenting members, de-identified and k-anonymous, in a random order. */
  @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
  public DeidentificationReport deidentified(String tenant, int k, double maxSuppression,
      Sink<DeidentificationReport, DeidentifiedRecord> sink) {
    Instant now = clock.instant();
    Deidentifier deidentifier = new Deidentifier(props.policy());
    Deidentifier.Plan plan = deidentifier.plan(repository.consentingMembers(tenant, now),
        LocalDate.ofInstant(now, ZoneOffset.UTC), k, maxSuppression, random);
    sink.report(plan.report());
    for (List<Deidentifier.Release> batch : ExportRepository.batches(plan.releases(), props.batchSize())) {
      Map<String, Activity> activity = repository.activity(batch.stream().map(r -> r.member().id()).toList());
      for (Deidentifier.Release r : batch) {
        sink.record(deidentifier.record(r, activity.get(r.member().id())));
      }
    }
    DeidentificationReport report = plan.report();
    log.info("de-identified export for tenant {}: {} of {} members released, k {} requested, {} achieved", tenant,
        report.recordsOut(), report.recordsIn(), k, report.achievedK());
    return report;
  }
}
