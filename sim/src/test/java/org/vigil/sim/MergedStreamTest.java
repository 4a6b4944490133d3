package org.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergedStreamTest {
  private static final long SEED = 5;
  private static final Instant START = Instant.parse("2026-02-28T20:13:00Z");
  private static final Instant END = START.plus(Duration.ofDays(21));
  private static final List<SimMember> MEMBERS = Population.generate(17, 400);

  @Test
  void theMergedFeedIsGloballyTimeOrdered() {
    List<SimReading> feed = MergedStream.of(MEMBERS, SEED, START, END).stream().toList();
    assertThat(feed).hasSizeGreaterThan(10_000).isSortedAccordingTo(SimReading.CHRONOLOGICAL);
    assertThat(feed.stream().map(SimReading::patient).distinct().count()).isGreaterThan(300);
  }

  @Test
  void theMergedFeedHoldsExactlyEveryMembersReadings() {
    List<SimReading> separately = MEMBERS.stream()
        .flatMap(m -> DeviceStream.of(m, SEED, START, END).stream())
        .sorted(SimReading.CHRONOLOGICAL).toList();
    assertThat(MergedStream.of(MEMBERS, SEED, START, END).stream().toList()).isEqualTo(separately);
  }

  @Test
  void anySortedSourcesMergeAndNoSourcesGiveNothing() {
    List<SimReading> a = DeviceStream.of(MEMBERS.get(0), SEED, START, END).stream().toList();
    List<SimReading> b = DeviceStream.of(MEMBERS.get(1), SEED, START, END).stream().toList();
    assertThat(MergedStream.merge(List.of(a, b, List.of())).stream().toList())
        .hasSize(a.size() + b.size()).isSortedAccordingTo(SimReading.CHRONOLOGICAL);
    assertThat(MergedStream.merge(List.of()).iterator().hasNext()).isFalse();
    assertThat(MergedStream.of(List.of(), SEED, START, END).stream().count()).isZero();
  }

  @Test
  void theSameSeedGivesTheSameFeedAndAnotherSeedAnotherFeed() {
    List<SimReading> once = MergedStream.of(MEMBERS.subList(0, 50), SEED, START, END).stream().toList();
    assertThat(MergedStream.of(MEMBERS.subList(0, 50), SEED, START, END).stream().toList()).isEqualTo(once);
    assertThat(MergedStream.of(MEMBERS.subList(0, 50), SEED + 1, START, END).stream().toList()).isNotEqualTo(once);
  }

  @Test
  void readingsAtTheSameInstantAreOrderedByIdentifier() {
    List<SimReading> feed = MergedStream.of(MEMBERS, SEED, START, END).stream().toList();
    for (int i = 1; i < feed.size(); i++) {
      if (feed.get(i).instant().equals(feed.get(i - 1).instant())) {
        assertThat(feed.get(i).identifier()).isGreaterThan(feed.get(i - 1).identifier());
      }
    }
    assertThat(feed).isSortedAccordingTo(Comparator.comparing(SimReading::instant));
  }
}
