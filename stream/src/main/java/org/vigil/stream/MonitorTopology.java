package org.vigil.stream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.vigil.engine.monitor.Monitor;
import org.vigil.knowledge.KnowledgeBase;
import org.vigil.knowledge.ProfileDefinition;

/** readings (keyed by member) -> monitor (state in changelogged stores) -> alerts (keyed by member). */
public final class MonitorTopology {
  public static final String READINGS_TOPIC = "vigil.readings";
  public static final String ALERTS_TOPIC = "vigil.alerts";
  static final String STATE_STORE = "monitor-state";
  static final String MEMBER_STORE = "monitor-member";

  private MonitorTopology() {}

  /** One monitor per guideline profile of the knowledge base, as in one process. */
  public static Map<String, Monitor> monitors(KnowledgeBase knowledge) {
    Map<String, Monitor> out = new LinkedHashMap<>();
    for (ProfileDefinition p : knowledge.profiles()) {
      out.put(p.id(), Monitor.forProfile(knowledge, p.id()));
    }
    return out;
  }

  public static Topology build(Map<String, Monitor> monitors, Duration absenceEvery) {
    Topology t = new Topology();
    t.addSource("readings", Serdes.String().deserializer(), Formats.json(ReadingEvent.class).deserializer(),
        READINGS_TOPIC);
    t.addProcessor("monitor", () -> new MonitorProcessor(monitors, absenceEvery), "readings");
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(),
        Formats.storedState()), "monitor");
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MEMBER_STORE), Serdes.String(),
        Formats.json(ReadingEvent.class)), "monitor");
    t.addSink("alerts", ALERTS_TOPIC, Serdes.String().serializer(), Formats.json(AlertEvent.class).serializer(),
        "monitor");
    return t;
  }
}
