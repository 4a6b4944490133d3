package org.vigil.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Many members' readings as one time-ordered feed, the way a server sees a live population: a k-way merge that
 * holds one pending reading per source in a binary heap, so memory grows with members, not with readings.
 * Each source must itself be in {@link SimReading#CHRONOLOGICAL} order (every {@link DeviceStream} is). Readings
 * of the same instant come in source order; for a population in member order that is identifier order, so the
 * feed is then in {@link SimReading#CHRONOLOGICAL} order too.
 *
 * @param sources the time-ordered streams to merge
 */
public record MergedStream(List<Iterable<SimReading>> sources) implements Iterable<SimReading> {

  public MergedStream {
    sources = List.copyOf(sources);
  }

  /** Merges any time-ordered sources. */
  public static MergedStream merge(List<? extends Iterable<SimReading>> sources) {
    return new MergedStream(List.<Iterable<SimReading>>copyOf(sources));
  }

  /** Every member's device readings in [start, end), on China Standard Time. */
  public static MergedStream of(Collection<SimMember> members, long seed, Instant start, Instant end) {
    return of(members, seed, start, end, DeviceStream.CHINA);
  }

  /** Every member's device readings in [start, end), all members on {@code offset}. */
  public static MergedStream of(
      Collection<SimMember> members, long seed, Instant start, Instant end, ZoneOffset offset) {
    return merge(members.stream().map(m -> new DeviceStream(m, seed, start, end, offset)).toList());
  }

  @Override
  public Iterator<SimReading> iterator() {
    return new KWayMerge(sources);
  }

  public Stream<SimReading> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false);
  }

  /**
   * A min-heap of each source's next reading. Hand-rolled rather than a PriorityQueue so the top is replaced in
   * one sift (poll-then-add costs two) and the order is decided from primitive arrays alone: with 100,000 members
   * the heap outgrows the CPU caches, and following each reading's pointers to compare it made merging ten times
   * slower than generating.
   */
  private static final class KWayMerge implements Iterator<SimReading> {
    private final SimReading[] heads;
    private final Iterator<SimReading>[] rests;
    private final long[] seconds;
    private final int[] nanos;
    private final int[] order;
    private int size;

    @SuppressWarnings("unchecked")
    KWayMerge(List<Iterable<SimReading>> sources) {
      int n = sources.size();
      heads = new SimReading[n];
      rests = (Iterator<SimReading>[]) new Iterator<?>[n];
      seconds = new long[n];
      nanos = new int[n];
      order = new int[n];
      for (int source = 0; source < n; source++) {
        Iterator<SimReading> it = sources.get(source).iterator();
        if (it.hasNext()) {
          order[size] = source;
          set(size, it.next(), it);
          size++;
        }
      }
      for (int i = size / 2 - 1; i >= 0; i--) {
        siftDown(i);
      }
    }

    @Override
    public boolean hasNext() {
      return size > 0;
    }

    @Override
    public SimReading next() {
      if (size == 0) {
        throw new NoSuchElementException();
      }
      SimReading top = heads[0];
      Iterator<SimReading> rest = rests[0];
      if (rest.hasNext()) {
        set(0, rest.next(), rest);
      } else {
        size--;
        swap(0, size);
        set(size, null, null);
      }
      siftDown(0);
      return top;
    }

    private void set(int i, SimReading reading, Iterator<SimReading> rest) {
      heads[i] = reading;
      rests[i] = rest;
      seconds[i] = reading == null ? 0 : reading.effective().toEpochSecond();
      nanos[i] = reading == null ? 0 : reading.effective().getNano();
    }

    private void siftDown(int i) {
      while (true) {
        int smallest = i;
        int left = 2 * i + 1;
        int right = left + 1;
        if (left < size && before(left, smallest)) {
          smallest = left;
        }
        if (right < size && before(right, smallest)) {
          smallest = right;
        }
        if (smallest == i) {
          return;
        }
        swap(i, smallest);
        i = smallest;
      }
    }

    /** Earlier instant first; at the same instant, the earlier source. */
    private boolean before(int a, int b) {
      if (seconds[a] != seconds[b]) {
        return seconds[a] < seconds[b];
      }
      if (nanos[a] != nanos[b]) {
        return nanos[a] < nanos[b];
      }
      return order[a] < order[b];
    }

    private void swap(int a, int b) {
      SimReading h = heads[a];
      heads[a] = heads[b];
      heads[b] = h;
      Iterator<SimReading> r = rests[a];
      rests[a] = rests[b];
      rests[b] = r;
      long s = seconds[a];
      seconds[a] = seconds[b];
      seconds[b] = s;
      int ns = nanos[a];
      nanos[a] = nanos[b];
      nanos[b] = ns;
      int o = order[a];
      order[a] = order[b];
      order[b] = o;
    }
  }
}
