package org.vigil.server.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.engine.monitor.Finding;
import org.vigil.engine.monitor.Measurement;
import org.vigil.engine.monitor.Reading;
import org.vigil.engine.units.Problem;
import org.vigil.server.alerts.AlertService;
import org.vigil.server.ingest.ReadingValidator.Outcome;
import org.vigil.server.kafka.ReadingPublisher;
import org.vigil.server.monitoring.MonitorService;
import org.vigil.server.patients.PatientService;

/**
 * The ingest pipeline (docs/adr/0004-ingest-pipeline.md): validate and normalize each item, lock the members,
 * deduplicate and persist, monitor, record alerts — all in one transaction, so a reading, the state it moved
 * and the alert it raised commit together or not at all. Problems are collected per item; a rejected item
 * writes nothing, the others go on.
 */
@Service
public class IngestService {
  private final ReadingValidator validator;
  private final PatientService patients;
  private final ObservationStore store;
  private final MonitorService monitor;
  private final AlertService alerts;
  private final Clock clock;
  private final org.vigil.server.security.AccessPolicy access;
  private final ReadingPublisher kafka;

  public IngestService(ReadingValidator validator, PatientService patients, ObservationStore store,
      MonitorService monitor, AlertService alerts, Clock clock,
      org.vigil.server.security.AccessPolicy access, ObjectProvider<ReadingPublisher> kafka) {
    this.access = access;
    this.kafka = kafka.getIfAvailable();
    this.validator = validator;
    this.patients = patients;
    this.store = store;
    this.monitor = monitor;
    this.alerts = alerts;
    this.clock = clock;
  }

  @Transactional
  public IngestReport ingest(List<RawReading> items) {
    Instant now = clock.instant();
    ItemOutcome[] outcomes = new ItemOutcome[items.size()];
    Map<Integer, Integer> position = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      position.put(items.get(i).index(), i);
    }

    // validate and normalize
    List<ValidReading> valid = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      RawReading raw = items.get(i);
      switch (validator.validate(raw, now)) {
        case Outcome.Valid v -> valid.add(v.reading());
        case Outcome.Rejected r -> outcomes[i] = ItemOutcome.rejected(raw.index(), r.problems());
      }
    }

    // lock the members (in id order) and refuse readings of unknown members
    Set<String> wanted = new LinkedHashSet<>();
    valid.forEach(v -> wanted.add(v.patientId()));
    Set<String> known = patients.lockExisting(wanted);
    // Only an operator of the member's tenant, or the member themself, may add readings (ADR 0014). Without a
    // caller (the demo stream, background work) the system writes. Others' members are answered like unknown ones.
    var caller = access.current();
    if (caller.isPresent()) {
      var who = caller.get();
      known = who.is(org.vigil.server.users.Role.OPERATOR, org.vigil.server.users.Role.MEMBER)
          ? who.visible(known) : Set.of();
      who.touchedAll(known);
    }
    List<ValidReading> accepted = new ArrayList<>(valid.size());
    for (ValidReading v : valid) {
      if (known.contains(v.patientId())) {
        accepted.add(v);
      } else {
        outcomes[position.get(v.index())] = ItemOutcome.rejected(v.index(), List.of(
            new Problem(v.field() + ".patient", "no patient '" + v.patientId() + "' (create the Patient first)")));
      }
    }

    // deduplicate and persist
    List<ObservationStore.Stored> stored = store.insert(accepted, now);

    // monitor what is new, then record alerts
    List<Reading> fresh = new ArrayList<>();
    for (ObservationStore.Stored s : stored) {
      if (s.created()) {
        fresh.add(toReading(s));
      }
    }
    if (kafka != null) {
      // Kafka mode (ADR 0016): the engine instances decide; the readings go to them after commit, and the client is
      // answered once the brokers have them. Duplicates go again, with their stored ids: the first hand-over may be
      // the one that failed (the engine ignores a reading it already has).
      monitor.touched(fresh.stream().map(Reading::patientId).distinct().toList(), now);
      kafka.publishAfterCommit(stored.stream().map(IngestService::toReading).toList(), now);
      return report(stored, outcomes, position, Map.of());
    }
    MonitorService.Result result = monitor.apply(fresh, now);
    List<Finding> findings = result.findings();
    List<Long> alertIds = alerts.record(findings, now);
    alerts.clear(result.cleared(), now);
    // The risk tier follows after commit (RiskRefresher): the version bump marked these members stale (ADR 0015).
    Map<Long, List<Long>> alertsByReading = new HashMap<>();
    for (int i = 0; i < findings.size(); i++) {
      for (var e : findings.get(i).evidence()) {
        alertsByReading.computeIfAbsent(e.readingId(), k -> new ArrayList<>());
        if (!alertsByReading.get(e.readingId()).contains(alertIds.get(i))) {
          alertsByReading.get(e.readingId()).add(alertIds.get(i));
        }
      }
    }

    return report(stored, outcomes, position, alertsByReading);
  }

  private static IngestReport report(List<ObservationStore.Stored> stored, ItemOutcome[] outcomes,
      Map<Integer, Integer> position, Map<Long, List<Long>> alertsByReading) {
    for (ObservationStore.Stored s : stored) {
      int at = position.get(s.reading().index());
      outcomes[at] = new ItemOutcome(s.reading().index(),
          s.created() ? ItemOutcome.Status.STORED : ItemOutcome.Status.DUPLICATE, s.observationId(), List.of(),
          s.created() ? alertsByReading.getOrDefault(s.observationId(), List.of()) : List.of());
    }
    return new IngestReport(List.of(outcomes));
  }

  private static Reading toReading(ObservationStore.Stored s) {
    ValidReading v = s.reading();
    List<Measurement> ms = v.values().stream()
        .map(n -> new Measurement(n.analyte().id(), n.canonical()))
        .toList();
    return new Reading(s.observationId(), v.patientId(), v.effective().toInstant(), v.effective().getOffset(),
        v.setting(), v.context(), ms);
  }
}
