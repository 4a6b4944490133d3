package org.vigil.sim;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from a seed and a few coordinates (member, day...). Each stream is seeded
 * from its coordinates alone, never from draws made before it, so member 7 or day 40 come out the same however
 * many members or days are generated around them.
 */
final class Seeds {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  /** Salts keep the population's and the devices' streams apart when a caller uses one seed for both. */
  static final long POPULATION = 0x5049_4F50_4D45_4D42L;
  static final long DEVICES = 0x4445_5649_4345_5331L;

  private Seeds() {}

  static SplittableRandom random(long... coordinates) {
    return new SplittableRandom(combine(coordinates));
  }

  static long combine(long... coordinates) {
    long h = GOLDEN_GAMMA;
    for (long c : coordinates) {
      h = mix64((h ^ c) + GOLDEN_GAMMA);
    }
    return h;
  }

  /** A stable 64-bit key for a string (FNV-1a); String.hashCode's 32 bits collide too readily for a population. */
  static long key(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix64(h);
  }

  /** SplitMix64's finalizer: every input bit affects every output bit. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
