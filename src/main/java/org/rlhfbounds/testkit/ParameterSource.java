package org.rlhfbounds.testkit;

import java.util.random.RandomGenerator;

/**
 * Where an {@link InstanceGenerator} takes its choices from: one bounded integer at a time,
 * together with the simplest allowed value. A plain {@link RandomGenerator} ignores the simplest
 * value ({@link #of}); a shrinking framework records the choices and moves them towards it (the
 * QuickTheories adapter in {@code org.rlhfbounds.testkit.quicktheories} does), so that a failing
 * example shrinks to fewer prompts, smaller {@code d} and {@code K} and rounder numbers.
 */
@FunctionalInterface
public interface ParameterSource {
  /**
   * Returns a value in {@code [lo, hi]}.
   *
   * @param lo the smallest value
   * @param hi the largest value, {@code >= lo}
   * @param simplest the value a shrinker moves towards, in {@code [lo, hi]}
   * @return the value
   */
  long between(long lo, long hi, long simplest);

  /**
   * The source that draws uniformly from a generator (the simplest value is not used).
   *
   * @param rng the generator (not shared between threads while in use)
   * @return the source
   */
  static ParameterSource of(RandomGenerator rng) {
    return (lo, hi, simplest) -> {
      if (hi < lo) {
        throw new IllegalArgumentException("between: hi " + hi + " < lo " + lo);
      }
      if (lo == hi) {
        return lo;
      }
      if (lo == Long.MIN_VALUE && hi == Long.MAX_VALUE) {
        return rng.nextLong();
      }
      return hi == Long.MAX_VALUE ? rng.nextLong(lo - 1, hi) + 1 : rng.nextLong(lo, hi + 1);
    };
  }
}
