package org.vigil.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.engine.monitor.Cleared;
import org.vigil.engine.monitor.Evaluation;
import org.vigil.engine.monitor.Finding;
import org.vigil.engine.monitor.Monitor;
import org.vigil.engine.monitor.PatientState;

/**
 * Hosts the engine's {@link Monitor} for the members of this task's partitions: each reading is evaluated against
 * the member's state from the store, the new state is written back (changelogged, so another instance takes over
 * where this one stopped) and every finding or clearing is forwarded to the alerts topic. A wall-clock punctuator runs
 * the absence rules for every member of the task, as the one-process scheduler does.
 */
final class MonitorProcessor implements Processor<String, ReadingEvent, String, AlertEvent> {
  private static final Logger log = LoggerFactory.getLogger(MonitorProcessor.class);

  private final Map<String, Monitor> monitors;
  private final Duration absenceEvery;
  private ProcessorContext<String, AlertEvent> context;
  private KeyValueStore<String, Formats.StoredState> states;
  private KeyValueStore<String, ReadingEvent> latest;

  MonitorProcessor(Map<String, Monitor> monitors, Duration absenceEvery) {
    this.monitors = monitors;
    this.absenceEvery = absenceEvery;
  }

  @Override
  public void init(ProcessorContext<String, AlertEvent> context) {
    this.context = context;
    this.states = context.getStateStore(MonitorTopology.STATE_STORE);
    this.latest = context.getStateStore(MonitorTopology.MEMBER_STORE);
    context.schedule(absenceEvery, PunctuationType.WALL_CLOCK_TIME, this::absence);
  }

  @Override
  public void process(Record<String, ReadingEvent> record) {
    ReadingEvent e = record.value();
    Monitor monitor = monitors.get(e.profile());
    if (monitor == null || e.patientId() == null || !e.patientId().equals(record.key())) {
      // Not ours to decide: the ingest validated it; a wrong key or profile is a producer bug. Skipped, counted in
      // the log without personal data.
      log.warn("reading {} skipped: profile '{}' unknown or key does not match its member", e.id(), e.profile());
      return;
    }
    PatientState state = stateOf(e.patientId(), monitor);
    Evaluation ev = monitor.evaluate(state, e.facts().toMemberFacts(), e.toReading(), e.receivedAt());
    states.put(e.patientId(), new Formats.StoredState(monitor.profileId(), monitor.knowledgeVersion(),
        ev.state().toBytes()));
    latest.put(e.patientId(), e);
    forward(ev, e.id(), record.timestamp());
  }

  /**
   * Absence rules for every member of this task, as of the punctuation time. Only their findings are forwarded: a
   * clearing here can only say "a reading arrived within the interval", which that reading already decided when it
   * arrived ({@link Monitor#evaluate} judges the absence rules of the readings they concern), and the one-process
   * scheduler, asking only about members without a recent reading, never clears. Forwarded, it would put one more
   * decision per member with a recent reading on the alerts topic (and in the alert store) at every punctuation.
   */
  private void absence(long timestamp) {
    Instant now = Instant.ofEpochMilli(timestamp);
    try (KeyValueIterator<String, ReadingEvent> members = latest.all()) {
      while (members.hasNext()) {
        KeyValue<String, ReadingEvent> m = members.next();
        Monitor monitor = monitors.get(m.value.profile());
        if (monitor == null) {
          continue;
        }
        Evaluation ev = monitor.scheduled(stateOf(m.key, monitor), m.value.facts().toMemberFacts(), m.key, now);
        forward(new Evaluation(ev.state(), ev.findings()), -timestamp, timestamp);
      }
    }
  }

  private void forward(Evaluation ev, long cause, long timestamp) {
    for (Finding f : ev.findings()) {
      context.forward(new Record<>(f.patientId(), AlertEvent.finding(f, cause), timestamp));
    }
    for (Cleared c : ev.cleared()) {
      context.forward(new Record<>(c.patientId(), AlertEvent.cleared(c, cause), timestamp));
    }
  }

  /**
   * The member's stored state; empty when none, or when it was built under another profile or knowledge version
   * (analytes are numbered per knowledge version, so old bytes cannot be read under a new one).
   */
  private PatientState stateOf(String patientId, Monitor monitor) {
    Formats.StoredState s = states.get(patientId);
    if (s == null) {
      return PatientState.EMPTY;
    }
    if (!s.profile().equals(monitor.profileId()) || !s.knowledgeVersion().equals(monitor.knowledgeVersion())) {
      log.info("a member's state was built under {} {}; starting it afresh under {} {}", s.profile(),
          s.knowledgeVersion(), monitor.profileId(), monitor.knowledgeVersion());
      return PatientState.EMPTY;
    }
    return PatientState.fromBytes(s.state());
  }
}
