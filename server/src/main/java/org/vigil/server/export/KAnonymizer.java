package org.vigil.server.export;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * k-anonymity by full-domain generalization and record suppression, the optimal node found by searching the whole
 * generalization lattice. A node picks one level per quasi-identifier; under it, records sharing all generalized
 * values form an equivalence class; records in classes smaller than k are suppressed, and the node is feasible when
 * at most {@code floor(maxSuppression * n)} are. Among feasible nodes the one with the least non-uniform entropy
 * wins (ties: lower total normalized height, then lower levels in attribute order). The lattice of Vigil's
 * hierarchies has at most a few hundred nodes, so every node is evaluated: no pruning that a non-monotone
 * configuration could make wrong. Metrics are defined in ADR 0012.
 */
public final class KAnonymizer {
  private static final double TIE = 1e-12;

  private KAnonymizer() {}

  /** A quasi-identifier: its name and its levels' names, finest first (the last is {@code *}). */
  public record Attribute(String name, List<String> levels) {
    public Attribute {
      levels = List.copyOf(levels);
      if (levels.isEmpty()) {
        throw new IllegalArgumentException(name + " has no levels");
      }
    }

    int height() {
      return levels.size() - 1;
    }
  }

  /** One record's quasi-identifiers: per attribute, its value at every level (a {@link Hierarchy#ladder}). */
  public record Row(List<List<String>> ladders) {
    public Row {
      ladders = ladders.stream().map(List::copyOf).toList();
    }
  }

  /**
   * Information loss of a node, each normalized to [0, 1].
   *
   * @param nonUniformEntropy Σ over records and attributes of −log2 P(original value | released value), suppressed
   *     records counting as fully generalized, divided by the same sum with everything suppressed
   * @param discernibility (Σ |class|² + suppressed · n − n) / (n² − n): 0 when every record is unique, 1 when all
   *     are one class or suppressed
   * @param averageHeight the mean of {@code heights}
   * @param heights per attribute, chosen level / top level
   */
  public record InformationLoss(double nonUniformEntropy, double discernibility, double averageHeight,
      List<Double> heights) {
    public InformationLoss {
      heights = List.copyOf(heights);
    }
  }

  /**
   * The chosen node and what it does.
   *
   * @param levels the chosen level per attribute
   * @param kReached false only when no node is feasible (fewer than k records): then every record is suppressed
   * @param allowedSuppression {@code floor(maxSuppression * n)}
   * @param suppressedRows indexes of suppressed rows, ascending
   * @param achievedK the smallest equivalence class among the released rows; empty when none is released
   * @param equivalenceClasses classes among the released rows
   * @param loss the chosen node's information loss
   * @param latticeSize nodes evaluated
   * @param feasibleNodes nodes that reach k within the suppression limit
   */
  public record Anonymization(List<Integer> levels, boolean kReached, int allowedSuppression,
      List<Integer> suppressedRows, OptionalInt achievedK, int equivalenceClasses, InformationLoss loss,
      int latticeSize, int feasibleNodes) {
    public Anonymization {
      levels = List.copyOf(levels);
      suppressedRows = List.copyOf(suppressedRows);
    }
  }

  /** The largest number of records the limit allows to suppress, computed in decimal (0.29 * 100 is 29). */
  public static int allowedSuppression(double maxSuppression, int records) {
    return new BigDecimal(Double.toString(maxSuppression)).multiply(BigDecimal.valueOf(records))
        .setScale(0, RoundingMode.FLOOR).intValueExact();
  }

  public static Anonymization anonymize(List<Attribute> attributes, List<Row> rows, int k, double maxSuppression) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1");
    }
    if (!(maxSuppression >= 0 && maxSuppression < 1)) {
      throw new IllegalArgumentException("maxSuppression must be in [0, 1)");
    }
    return new Search(attributes, rows, k, allowedSuppression(maxSuppression, rows.size())).run();
  }

  /** One search: the rows' values coded as small integers per attribute and level, and entropy terms per row. */
  private static final class Search {
    private final List<Attribute> attributes;
    private final int n;
    private final int k;
    private final int allowed;
    private final int[][][] code; // [attribute][level][row]
    private final double[][][] term; // [attribute][level][row]: log2(count(level value) / count(original value))
    private final double maxEntropy;

    Search(List<Attribute> attributes, List<Row> rows, int k, int allowed) {
      this.attributes = List.copyOf(attributes);
      this.n = rows.size();
      this.k = k;
      this.allowed = allowed;
      int a = attributes.size();
      code = new int[a][][];
      term = new double[a][][];
      double max = 0;
      for (int i = 0; i < a; i++) {
        Attribute attr = attributes.get(i);
        int levels = attr.levels().size();
        code[i] = new int[levels][n];
        int[][] counts = new int[levels][];
        for (int l = 0; l < levels; l++) {
          Map<String, Integer> ids = new HashMap<>();
          for (int r = 0; r < n; r++) {
            List<String> ladder = rows.get(r).ladders().get(i);
            if (ladder.size() != levels) {
              throw new IllegalArgumentException("row " + r + " has " + ladder.size() + " levels of " + attr.name()
                  + ", the hierarchy " + levels);
            }
            code[i][l][r] = ids.computeIfAbsent(ladder.get(l), x -> ids.size());
          }
          counts[l] = new int[ids.size()];
          for (int r = 0; r < n; r++) {
            counts[l][code[i][l][r]]++;
          }
        }
        term[i] = new double[levels][n];
        for (int l = 0; l < levels; l++) {
          for (int r = 0; r < n; r++) {
            term[i][l][r] = log2((double) counts[l][code[i][l][r]] / counts[0][code[i][0][r]]);
          }
        }
        for (int r = 0; r < n; r++) {
          max += term[i][levels - 1][r];
        }
      }
      maxEntropy = max;
    }

    Anonymization run() {
      int[] node = new int[attributes.size()];
      int[] best = null;
      double bestLoss = Double.POSITIVE_INFINITY;
      double bestHeight = Double.POSITIVE_INFINITY;
      int nodes = 0;
      int feasible = 0;
      do {
        nodes++;
        Classes c = classes(node);
        if (c.suppressed() <= allowed) {
          feasible++;
          double loss = entropy(node, c);
          double height = heightSum(node);
          if (best == null || loss < bestLoss - TIE
              || (loss <= bestLoss + TIE && (height < bestHeight - TIE
                  || (height <= bestHeight + TIE && Arrays.compare(node, best) < 0)))) {
            best = node.clone();
            bestLoss = loss;
            bestHeight = height;
          }
        }
      } while (next(node));
      if (best == null) {
        int[] top = attributes.stream().mapToInt(Attribute::height).toArray();
        List<Integer> all = new ArrayList<>();
        for (int r = 0; r < n; r++) {
          all.add(r);
        }
        return new Anonymization(box(top), false, allowed, all, OptionalInt.empty(), 0,
            new InformationLoss(maxEntropy > 0 ? 1 : 0, n > 1 ? 1 : 0, 1, heights(top)), nodes, 0);
      }
      Classes c = classes(best);
      List<Integer> suppressed = new ArrayList<>();
      int smallest = Integer.MAX_VALUE;
      int released = 0;
      long discernibility = 0;
      for (int size : c.sizes()) {
        if (size >= k) {
          smallest = Math.min(smallest, size);
          released++;
          discernibility += (long) size * size;
        }
      }
      for (int r = 0; r < n; r++) {
        if (c.sizes()[c.classOf()[r]] < k) {
          suppressed.add(r);
        }
      }
      discernibility += (long) suppressed.size() * n;
      double dm = n > 1 ? (double) (discernibility - n) / ((double) n * n - n) : 0;
      List<Double> heights = heights(best);
      double average = heights.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      return new Anonymization(box(best), true, allowed, suppressed,
          released == 0 ? OptionalInt.empty() : OptionalInt.of(smallest), released,
          new InformationLoss(bestLoss, dm, average, heights), nodes, feasible);
    }

    /** Equivalence classes under a node: class index per row and class sizes, refined one attribute at a time. */
    private Classes classes(int[] node) {
      int[] classOf = new int[n];
      int classes = n == 0 ? 0 : 1;
      for (int a = 0; a < node.length; a++) {
        Map<Long, Integer> refined = new HashMap<>();
        int[] values = code[a][node[a]];
        for (int r = 0; r < n; r++) {
          long key = ((long) classOf[r] << 32) | values[r];
          classOf[r] = refined.computeIfAbsent(key, x -> refined.size());
        }
        classes = refined.size();
      }
      int[] sizes = new int[classes];
      for (int r = 0; r < n; r++) {
        sizes[classOf[r]]++;
      }
      int suppressed = 0;
      for (int size : sizes) {
        if (size < k) {
          suppressed += size;
        }
      }
      return new Classes(classOf, sizes, suppressed);
    }

    private record Classes(int[] classOf, int[] sizes, int suppressed) {}

    /** Normalized non-uniform entropy of a node, suppressed rows counted at the top level. */
    private double entropy(int[] node, Classes c) {
      if (maxEntropy == 0) {
        return 0;
      }
      double sum = 0;
      for (int r = 0; r < n; r++) {
        boolean gone = c.sizes()[c.classOf()[r]] < k;
        for (int a = 0; a < node.length; a++) {
          sum += term[a][gone ? attributes.get(a).height() : node[a]][r];
        }
      }
      return sum / maxEntropy;
    }

    private double heightSum(int[] node) {
      return heights(node).stream().mapToDouble(Double::doubleValue).sum();
    }

    private List<Double> heights(int[] node) {
      List<Double> out = new ArrayList<>();
      for (int a = 0; a < node.length; a++) {
        int h = attributes.get(a).height();
        out.add(h == 0 ? 0.0 : (double) node[a] / h);
      }
      return out;
    }

    /** The next node in mixed-radix order (the last attribute changes fastest); false after the top node. */
    private boolean next(int[] node) {
      for (int a = node.length - 1; a >= 0; a--) {
        if (node[a] < attributes.get(a).height()) {
          node[a]++;
          return true;
        }
        node[a] = 0;
      }
      return false;
    }

    private static List<Integer> box(int[] levels) {
      return Arrays.stream(levels).boxed().toList();
    }

    private static double log2(double x) {
      return Math.log(x) / Math.log(2);
    }
  }
}
