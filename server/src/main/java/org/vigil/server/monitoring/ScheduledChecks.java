package org.vigil.server.monitoring;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.engine.monitor.Rule;
import org.vigil.server.alerts.AlertService;
import org.vigil.server.patients.PatientService;

/**
 * The checks that run on a schedule rather than on arrival: absence rules (no reading for too long while a
 * condition is uncontrolled) and escalation of alerts nobody acknowledged in time. Both keep their state in the
 * database, so a restart loses no timer.
 */
@Component
public class ScheduledChecks {
  private static final Logger log = LoggerFactory.getLogger(ScheduledChecks.class);

  private final Monitors monitors;
  private final MonitorService monitor;
  private final AlertService alerts;
  private final PatientService patients;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final boolean kafkaMode;

  public ScheduledChecks(Monitors monitors, MonitorService monitor, AlertService alerts, PatientService patients,
      JdbcClient jdbc, TransactionTemplate tx, Clock clock, org.vigil.server.kafka.KafkaSettings kafka) {
    this.kafkaMode = kafka.enabled();
    this.monitors = monitors;
    this.monitor = monitor;
    this.alerts = alerts;
    this.patients = patients;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${vigil.monitor.escalation:PT15S}", initialDelayString = "${vigil.monitor.escalation:PT15S}")
  public void escalate() {
    List<Long> escalated = alerts.escalateDue();
    if (!escalated.isEmpty()) {
      log.info("escalated {} alert(s) to the doctor queue", escalated.size());
    }
  }

  @Scheduled(fixedDelayString = "${vigil.monitor.absence:PT1H}", initialDelayString = "${vigil.monitor.absence:PT1H}")
  public void absence() {
    if (kafkaMode) {
      return; // the engine instances run the absence rules on their members (a punctuator, ADR 0016)
    }
    int found = runAbsenceRules(clock.instant());
    if (found > 0) {
      log.info("absence rules: {} follow-up finding(s)", found);
    }
  }

  /**
   * Runs every profile's absence rules for the members who could meet one: those whose newest reading of the
   * rule's analytes is older than its interval. The engine decides; this only narrows the candidates.
   */
  public int runAbsenceRules(Instant now) {
    List<String> candidates = new ArrayList<>();
    for (var m : monitors.all()) {
      for (Rule r : m.rules()) {
        if (r instanceof Rule.AbsenceRule a) {
          candidates.addAll(jdbc.sql("""
                  select o.patient_id from observation o join reading r on r.observation_id = o.id
                  where r.analyte = any(?)
                  group by o.patient_id having max(o.effective_at) <= ?""")
              .params(a.analytes().toArray(String[]::new),
                  java.time.OffsetDateTime.ofInstant(now.minus(a.interval()), java.time.ZoneOffset.UTC))
              .query(String.class).list());
        }
      }
    }
    int findings = 0;
    for (String patient : Set.copyOf(candidates)) {
      Integer n = tx.execute(status -> {
        if (patients.lockExisting(Set.of(patient)).isEmpty()) {
          return 0;
        }
        MonitorService.Result r = monitor.scheduled(patient, now);
        alerts.record(r.findings(), now);
        alerts.clear(r.cleared(), now);
        return r.findings().size();
      });
      findings += n == null ? 0 : n;
    }
    return findings;
  }
}
