package org.vigil.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A member's device readings from {@code start} (inclusive) to {@code end} (exclusive), in time order: home BP
 * once or twice a local day, an office BP about monthly, weekly weight for members who track it, fasting glucose
 * every few days for diabetics. Generated lazily one local day at a time, so a year of readings costs a day's
 * memory; the same (member, seed, window, offset) always yields the same readings.
 *
 * @param member whose devices these are
 * @param seed the device streams' seed (independent of the population's)
 * @param start first instant included
 * @param end first instant excluded
 * @param offset the member's UTC offset, which decides their local days and clock times
 */
public record DeviceStream(SimMember member, long seed, Instant start, Instant end, ZoneOffset offset)
    implements Iterable<SimReading> {

  /** China Standard Time, where the demo population lives. */
  public static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  public DeviceStream {
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(offset, "offset");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
  }

  /** The member's readings in the window, on China Standard Time. */
  public static DeviceStream of(SimMember member, long seed, Instant start, Instant end) {
    return new DeviceStream(member, seed, start, end, CHINA);
  }

  @Override
  public Iterator<SimReading> iterator() {
    return new DayByDay();
  }

  public Stream<SimReading> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false);
  }

  /** Walks the member's local days, generating each only when the previous one is used up. */
  private final class DayByDay implements Iterator<SimReading> {
    private final long memberKey = Seeds.key(member.id());
    private final LocalDate lastDay = LocalDate.ofInstant(end.minusNanos(1), offset);
    private LocalDate nextDay = LocalDate.ofInstant(start, offset);
    private List<SimReading> today = List.of();
    private int position;

    @Override
    public boolean hasNext() {
      while (position == today.size() && !start.equals(end) && !nextDay.isAfter(lastDay)) {
        today = MemberDay.readings(member, memberKey, seed, nextDay, offset);
        // Only the window's first and last days can hold readings outside it.
        today.removeIf(r -> r.instant().isBefore(start) || !r.instant().isBefore(end));
        position = 0;
        nextDay = nextDay.plusDays(1);
      }
      return position < today.size();
    }

    @Override
    public SimReading next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return today.get(position++);
    }
  }
}
