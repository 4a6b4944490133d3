package org.vigil.sim;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vigil.engine.monitor.Setting;
import org.vigil.engine.units.Quantity;

/**
 * One reading as a device sends it to {@code POST /api/v1/readings}; field for field the JSON item
 * ({@link ReadingsJson} writes it). A panel (blood pressure) carries {@code components}; a single value
 * (weight, glucose) carries {@code value}, which the JSON splits into {@code "value"} and {@code "unit"}.
 *
 * @param identifier unique and stable per reading, so re-sending it is recognised as a duplicate
 * @param patient the member's resource id
 * @param code LOINC code of the panel or the single value
 * @param components the panel's parts; empty for a single value
 * @param value the single value; empty for a panel
 * @param effective when it was taken, with the offset the device reported (it decides the member's day)
 * @param source the sending device, {@code sim:...}
 * @param setting where it was taken
 * @param context circumstances that matter to the judgement; usually empty
 */
public record SimReading(
    String identifier,
    String patient,
    String code,
    List<Component> components,
    Optional<Quantity> value,
    OffsetDateTime effective,
    String source,
    Setting setting,
    ReadingContext context) {

  /** Time order, ties broken by identifier so an order is never left to chance. */
  public static final Comparator<SimReading> CHRONOLOGICAL =
      Comparator.comparing(SimReading::effective, OffsetDateTime.timeLineOrder())
          .thenComparing(SimReading::identifier);

  /** One coded part of a panel, such as the systolic value of a BP reading. */
  public record Component(String code, Quantity value) {
    public Component {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(value, "value");
    }
  }

  public SimReading {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(effective, "effective");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(setting, "setting");
    Objects.requireNonNull(context, "context");
    components = List.copyOf(components);
    if (components.isEmpty() == value.isEmpty()) {
      throw new IllegalArgumentException("a reading carries either components or a value, not "
          + (components.isEmpty() ? "neither" : "both"));
    }
  }

  public static SimReading panel(String identifier, String patient, String code, List<Component> components,
      OffsetDateTime effective, String source, Setting setting) {
    return new SimReading(identifier, patient, code, components, Optional.empty(), effective, source, setting,
        ReadingContext.NONE);
  }

  public static SimReading single(String identifier, String patient, String code, Quantity value,
      OffsetDateTime effective, String source, Setting setting, ReadingContext context) {
    return new SimReading(identifier, patient, code, List.of(), Optional.of(value), effective, source, setting,
        context);
  }

  public Instant instant() {
    return effective.toInstant();
  }

  /** The value of the component with {@code code}, if this reading has one. */
  public Optional<Quantity> component(String code) {
    return components.stream().filter(c -> c.code().equals(code)).map(Component::value).findFirst();
  }
}
