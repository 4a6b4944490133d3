package org.vigil.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property tests of the lattice search on random data sets (sizes 0-400, 1-4 attributes, uniform to heavily skewed
 * values, k 2-10, suppression limits 0-60 %): every claim of the result is checked against a brute-force evaluation
 * of every node written here independently (grouping by generalized strings, counting, entropy from frequencies).
 */
class KAnonymizerTest {
  private static final int[] SIZES = {0, 1, 3, 8, 20, 50, 120, 400};
  private static final int[] SUPPRESSION_PERCENT = {0, 1, 5, 10, 30, 60};

  /** A random data set: raw integers per attribute and each attribute's height (levels above the raw value). */
  private record Dataset(int[][] raw, int[] heights, int k, int suppressionPercent) {
    int n() {
      return raw.length;
    }

    /** Level l of value x: groups of 2^l consecutive integers, the top level "*". */
    String generalize(int attribute, int level, int x) {
      return level == heights[attribute] ? "*" : "g" + (x >> level);
    }

    int allowed() {
      return suppressionPercent * n() / 100;
    }
  }

  private static Dataset random(long seed) {
    Random rnd = new Random(seed);
    int n = SIZES[rnd.nextInt(SIZES.length)];
    int attributes = 1 + rnd.nextInt(4);
    int[] heights = new int[attributes];
    int[] domains = new int[attributes];
    double[] skews = new double[attributes];
    for (int a = 0; a < attributes; a++) {
      heights[a] = 1 + rnd.nextInt(4);
      domains[a] = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 64);
      skews[a] = new double[] {1, 2, 4, 8}[rnd.nextInt(4)];
    }
    int[][] raw = new int[n][attributes];
    for (int r = 0; r < n; r++) {
      for (int a = 0; a < attributes; a++) {
        // u^skew piles values near 0 and leaves a long tail of rare ones (the hard case for k-anonymity).
        raw[r][a] = (int) (domains[a] * Math.pow(rnd.nextDouble(), skews[a]));
      }
    }
    return new Dataset(raw, heights, 2 + rnd.nextInt(9), SUPPRESSION_PERCENT[rnd.nextInt(SUPPRESSION_PERCENT.length)]);
  }

  private static List<KAnonymizer.Attribute> attributes(Dataset d) {
    List<KAnonymizer.Attribute> out = new ArrayList<>();
    for (int a = 0; a < d.heights().length; a++) {
      List<String> names = new ArrayList<>();
      for (int l = 0; l <= d.heights()[a]; l++) {
        names.add(l == d.heights()[a] ? "*" : "2^" + l);
      }
      out.add(new KAnonymizer.Attribute("a" + a, names));
    }
    return out;
  }

  private static List<KAnonymizer.Row> rows(Dataset d) {
    List<KAnonymizer.Row> rows = new ArrayList<>();
    for (int[] values : d.raw()) {
      List<List<String>> ladders = new ArrayList<>();
      for (int a = 0; a < values.length; a++) {
        List<String> ladder = new ArrayList<>();
        for (int l = 0; l <= d.heights()[a]; l++) {
          ladder.add(d.generalize(a, l, values[a]));
        }
        ladders.add(ladder);
      }
      rows.add(new KAnonymizer.Row(ladders));
    }
    return rows;
  }

  /** Brute force: one node's classes, suppression and non-uniform entropy, from the raw values. */
  private record NodeCheck(List<Integer> node, Map<String, Integer> classSizes, int suppressed, boolean feasible,
      double entropy) {}

  private static String key(Dataset d, List<Integer> node, int row) {
    StringBuilder key = new StringBuilder();
    for (int a = 0; a < node.size(); a++) {
      key.append(d.generalize(a, node.get(a), d.raw()[row][a])).append('|');
    }
    return key.toString();
  }

  private static NodeCheck check(Dataset d, List<Integer> node) {
    Map<String, Integer> sizes = new HashMap<>();
    for (int r = 0; r < d.n(); r++) {
      sizes.merge(key(d, node, r), 1, Integer::sum);
    }
    int suppressed = sizes.values().stream().filter(s -> s < d.k()).mapToInt(Integer::intValue).sum();
    // Non-uniform entropy: -log2(freq(original) / freq(released)) per cell, suppressed rows fully generalized,
    // normalized by the same with every row fully generalized.
    double sum = 0;
    double max = 0;
    for (int a = 0; a < node.size(); a++) {
      Map<String, Integer>[] freq = frequencies(d, a);
      for (int r = 0; r < d.n(); r++) {
        boolean gone = sizes.get(key(d, node, r)) < d.k();
        int level = gone ? d.heights()[a] : node.get(a);
        double original = freq[0].get(d.generalize(a, 0, d.raw()[r][a]));
        sum += Math.log(freq[level].get(d.generalize(a, level, d.raw()[r][a])) / original) / Math.log(2);
        max += Math.log(d.n() / original) / Math.log(2);
      }
    }
    return new NodeCheck(node, sizes, suppressed, suppressed <= d.allowed(), max == 0 ? 0 : sum / max);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Integer>[] frequencies(Dataset d, int a) {
    Map<String, Integer>[] freq = new Map[d.heights()[a] + 1];
    for (int l = 0; l <= d.heights()[a]; l++) {
      freq[l] = new HashMap<>();
      for (int[] values : d.raw()) {
        freq[l].merge(d.generalize(a, l, values[a]), 1, Integer::sum);
      }
    }
    return freq;
  }

  private static List<List<Integer>> allNodes(int[] heights) {
    List<List<Integer>> nodes = new ArrayList<>();
    nodes.add(List.of());
    for (int h : heights) {
      List<List<Integer>> longer = new ArrayList<>();
      for (List<Integer> prefix : nodes) {
        for (int l = 0; l <= h; l++) {
          List<Integer> node = new ArrayList<>(prefix);
          node.add(l);
          longer.add(node);
        }
      }
      nodes = longer;
    }
    return nodes;
  }

  static IntStream seeds() {
    return IntStream.range(0, 400);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void theChosenNodeIsKAnonymousWithinTheSuppressionLimitAndHasTheLeastLossOfAllFeasibleNodes(int seed) {
    Dataset d = random(seed);
    KAnonymizer.Anonymization result = KAnonymizer.anonymize(attributes(d), rows(d), d.k(),
        d.suppressionPercent() / 100.0);

    List<NodeCheck> checks = allNodes(d.heights()).stream().map(node -> check(d, node)).toList();
    List<NodeCheck> feasible = checks.stream().filter(NodeCheck::feasible).toList();
    assertThat(result.latticeSize()).isEqualTo(checks.size());
    assertThat(result.feasibleNodes()).isEqualTo(feasible.size());
    assertThat(result.allowedSuppression()).isEqualTo(d.allowed());

    if (feasible.isEmpty()) {
      assertThat(d.n()).as("only a data set smaller than k has no feasible node").isLessThan(d.k()).isPositive();
      assertThat(result.kReached()).isFalse();
      assertThat(result.suppressedRows()).hasSize(d.n());
      assertThat(result.achievedK()).isEmpty();
      return;
    }
    assertThat(result.kReached()).isTrue();
    NodeCheck chosen = check(d, result.levels());
    assertThat(chosen.feasible()).isTrue();
    double least = feasible.stream().mapToDouble(NodeCheck::entropy).min().orElseThrow();
    assertThat(chosen.entropy()).isLessThanOrEqualTo(least + 1e-9);
    assertThat(result.loss().nonUniformEntropy()).isCloseTo(chosen.entropy(), offset(1e-9));

    // The released rows, grouped by their generalized values: every class has at least k rows, and the reported
    // achieved k is the smallest of them.
    Set<Integer> suppressed = new HashSet<>(result.suppressedRows());
    assertThat(suppressed).hasSize(result.suppressedRows().size());
    assertThat(suppressed.size()).isLessThanOrEqualTo(d.allowed()).isEqualTo(chosen.suppressed());
    Map<String, Integer> released = new HashMap<>();
    for (int r = 0; r < d.n(); r++) {
      boolean small = chosen.classSizes().get(key(d, result.levels(), r)) < d.k();
      assertThat(suppressed.contains(r)).as("row %d is suppressed exactly when its class is smaller than k", r)
          .isEqualTo(small);
      if (!suppressed.contains(r)) {
        released.merge(key(d, result.levels(), r), 1, Integer::sum);
      }
    }
    assertThat(released.values()).allSatisfy(size -> assertThat(size).isGreaterThanOrEqualTo(d.k()));
    assertThat(result.equivalenceClasses()).isEqualTo(released.size());
    if (released.isEmpty()) {
      assertThat(result.achievedK()).isEmpty();
    } else {
      assertThat(result.achievedK())
          .hasValue(released.values().stream().mapToInt(Integer::intValue).min().orElseThrow());
    }
    double dm = d.n() < 2 ? 0 : (released.values().stream().mapToDouble(s -> (double) s * s).sum()
        + (double) suppressed.size() * d.n() - d.n()) / ((double) d.n() * d.n() - d.n());
    assertThat(result.loss().discernibility()).isCloseTo(dm, offset(1e-9));
    for (int a = 0; a < d.heights().length; a++) {
      assertThat(result.loss().heights().get(a)).isEqualTo((double) result.levels().get(a) / d.heights()[a]);
    }
  }

  @Test
  void withoutSuppressionAUniqueOutlierForcesGeneralizationAndWithSuppressionItIsDroppedInstead() {
    // Nine records share the value 0, one is 7: k = 2 needs either the top level or suppressing the outlier.
    List<KAnonymizer.Attribute> attrs = List.of(new KAnonymizer.Attribute("x", List.of("value", "*")));
    List<KAnonymizer.Row> rows = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      rows.add(new KAnonymizer.Row(List.of(List.of("0", "*"))));
    }
    rows.add(new KAnonymizer.Row(List.of(List.of("7", "*"))));

    KAnonymizer.Anonymization strict = KAnonymizer.anonymize(attrs, rows, 2, 0);
    assertThat(strict.levels()).containsExactly(1);
    assertThat(strict.suppressedRows()).isEmpty();
    assertThat(strict.achievedK()).hasValue(10);

    KAnonymizer.Anonymization lenient = KAnonymizer.anonymize(attrs, rows, 2, 0.1);
    assertThat(lenient.levels()).containsExactly(0);
    assertThat(lenient.suppressedRows()).containsExactly(9);
    assertThat(lenient.achievedK()).hasValue(9);
  }

  @Test
  void theSuppressionLimitIsRoundedDownInDecimal() {
    assertThat(KAnonymizer.allowedSuppression(0.29, 100)).isEqualTo(29);
    assertThat(KAnonymizer.allowedSuppression(0.05, 99)).isEqualTo(4);
    assertThat(KAnonymizer.allowedSuppression(0, 1000)).isZero();
  }
}
