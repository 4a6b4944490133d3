package org.vigil.server.demo;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.vigil.server.conditions.ConditionService;
import org.vigil.server.config.VigilProperties;
import org.vigil.server.ingest.IngestReport;
import org.vigil.server.ingest.IngestService;
import org.vigil.server.ingest.ItemOutcome;
import org.vigil.server.ingest.RawReading;
import org.vigil.server.patients.PatientService;
import org.vigil.sim.DeviceStream;
import org.vigil.sim.MergedStream;
import org.vigil.sim.PatientJson;
import org.vigil.sim.Population;
import org.vigil.sim.SimMember;
import org.vigil.sim.SimReading;

/**
 * {@code ./vigil demo}: creates the synthetic members (once; a restart keeps them), loads their last
 * {@code historyDays} of device readings through the ingest pipeline, then streams live readings. Everything is
 * deterministic for a seed: identifiers are stable, so a restart re-sends history as duplicates, not new data.
 */
@Component
public class DemoPopulation {
  private static final Logger log = LoggerFactory.getLogger(DemoPopulation.class);
  private static final int BATCH = 2_000;

  private final VigilProperties props;
  private final PatientService patients;
  private final IngestService ingest;
  private final FhirContext fhir;
  private final Clock clock;
  private final ConditionService conditions;
  private final DemoUsers demoUsers;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Thread worker;

  public DemoPopulation(VigilProperties props, PatientService patients, IngestService ingest, FhirContext fhir,
      Clock clock, ConditionService conditions, DemoUsers demoUsers) {
    this.demoUsers = demoUsers;
    this.conditions = conditions;
    this.props = props;
    this.patients = patients;
    this.ingest = ingest;
    this.fhir = fhir;
    this.clock = clock;
  }

  @EventListener
  public void start(ApplicationReadyEvent ready) {
    if (!props.demo().enabled() || !running.compareAndSet(false, true)) {
      return;
    }
    worker = Thread.ofPlatform().name("vigil-demo").daemon(true).start(this::run);
  }

  @EventListener
  public void stop(ContextClosedEvent closed) {
    running.set(false);
    Thread t = worker;
    if (t != null) {
      t.interrupt();
    }
  }

  private void run() {
    try {
      VigilProperties.Demo demo = props.demo();
      List<SimMember> members = Population.generate(demo.seed(), demo.members());
      createMembers(members);
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      Instant from = now.minus(Duration.ofDays(demo.historyDays()));
      System.out.printf("demo: loading %d days of readings for %d members...%n", demo.historyDays(), members.size());
      Totals history = send(MergedStream.of(members, demo.seed(), from, now));
      System.out.printf("demo: history loaded — %d readings stored, %d already there, %d rejected; streaming live"
          + " at %.0f readings/s%n", history.stored, history.duplicates, history.rejected, demo.readingsPerSecond());
      live(members, demo, now);
    } catch (RuntimeException e) {
      if (running.get()) {
        log.error("demo population stopped", e);
      }
    }
  }

  private void createMembers(List<SimMember> members) {
    int created = 0;
    for (int i = 0; i < members.size(); i++) {
      SimMember m = members.get(i);
      if (patients.read(m.id()).isEmpty()) {
        Patient p = fhir.newJsonParser().parseResource(Patient.class, PatientJson.of(m));
        p.addExtension(PatientService.TIER_EXTENSION, new org.hl7.fhir.r4.model.CodeType(DemoUsers.serviceTier(i)));
        patients.update(m.id(), p, "Patient");
        // Known diagnoses, so rules for diagnosed members (control targets) apply rather than diagnostic ones.
        if (m.phenotype().diabetic()) {
          conditions.record(m.id(), diagnosis("diabetes"), "Condition");
        }
        if (m.phenotype().hypertensive()) {
          conditions.record(m.id(), diagnosis("hypertension"), "Condition");
        }
        created++;
      }
    }
    log.info("demo: {} members ({} created now)", members.size(), created);
    demoUsers.ensure(members);
  }

  private static Condition diagnosis(String code) {
    Condition c = new Condition();
    c.getCode().addCoding().setSystem("http://vigil.health/fhir/CodeSystem/condition").setCode(code);
    c.getClinicalStatus().addCoding()
        .setSystem("http://terminology.hl7.org/CodeSystem/condition-clinical").setCode("active");
    return c;
  }

  /**
   * Live readings: every second, {@code readingsPerSecond} members in turn take a home blood pressure now. Each is
   * drawn from the member's own simulated device stream (so it follows their phenotype) and stamped with the
   * current time.
   */
  private void live(List<SimMember> members, VigilProperties.Demo demo, Instant start) {
    long tick = 0;
    int next = 0;
    double owed = 0;
    while (running.get()) {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      owed += demo.readingsPerSecond();
      List<SimReading> readings = new ArrayList<>();
      while (owed >= 1) {
        owed -= 1;
        SimMember m = members.get(next);
        next = (next + 1) % members.size();
        DeviceStream day = DeviceStream.of(m, demo.seed() + tick + next, now.minus(Duration.ofDays(1)), now);
        day.stream().filter(r -> !r.components().isEmpty()).findFirst().ifPresent(r -> readings.add(
            new SimReading("live-" + m.id() + "-" + now.getEpochSecond(), r.patient(), r.code(), r.components(),
                r.value(), now.atOffset(r.effective().getOffset()), r.source(), r.setting(), r.context())));
      }
      tick++;
      if (!readings.isEmpty()) {
        send(readings);
      }
    }
  }

  private record Totals(long stored, long duplicates, long rejected) {}

  private Totals send(Iterable<SimReading> readings) {
    long stored = 0;
    long duplicates = 0;
    long rejected = 0;
    List<RawReading> batch = new ArrayList<>(BATCH);
    var it = readings.iterator();
    while (it.hasNext() && running.get()) {
      batch.add(SimReadings.raw(batch.size(), it.next()));
      if (batch.size() == BATCH || !it.hasNext()) {
        IngestReport report = ingest.ingest(batch);
        stored += report.count(ItemOutcome.Status.STORED);
        duplicates += report.count(ItemOutcome.Status.DUPLICATE);
        rejected += report.count(ItemOutcome.Status.REJECTED);
        report.items().stream().filter(i -> i.status() == ItemOutcome.Status.REJECTED).limit(3)
            .forEach(i -> log.warn("demo reading refused: {}", i.problems()));
        batch.clear();
      }
    }
    return new Totals(stored, duplicates, rejected);
  }
}
