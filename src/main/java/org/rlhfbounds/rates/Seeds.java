package org.rlhfbounds.rates;

import org.rlhfbounds.model.GenerativeDistribution;

/**
 * Seed derivation for reproducible parallel experiments: the SplitMix64 finaliser (Steele, Lea,
 * Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014; the same mixing function
 * as {@link java.util.SplittableRandom}) applied to the master seed and the cell coordinates.
 *
 * <p>{@code derive(seed, i, j) = mix(mix(mix(seed) + i) + j)} where {@code mix(z)} adds the golden
 * gamma {@code 0x9e3779b97f4a7c15} and applies the finaliser. {@code mix} is a bijection of the
 * 64-bit integers, so for a fixed {@code seed} and {@code i} distinct {@code j} give distinct
 * seeds, and different cells collide only by chance (probability about {@code 2^-64} per pair).
 * The derived seed depends only on the three numbers, never on the thread or the order in which
 * cells are run.
 *
 * <p>Thread-safe: stateless.
 */
public final class Seeds {
  private Seeds() {}

  /** The golden gamma of SplitMix64: the odd integer closest to {@code 2^64 / phi}. */
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  /**
   * The SplitMix64 step: adds the golden gamma, then the variant-13 finaliser of MurmurHash3 used
   * by SplitMix64. A bijection of {@code long}.
   *
   * @param z the input
   * @return the mixed value
   */
  public static long mix(long z) {
    return GenerativeDistribution.mix(z + GOLDEN_GAMMA);
  }

  /**
   * The seed of cell {@code (i, j)} of an experiment with master seed {@code seed}.
   *
   * @param seed the master seed
   * @param i the first coordinate (e.g. the parameter index)
   * @param j the second coordinate (e.g. the replicate index)
   * @return {@code mix(mix(mix(seed) + i) + j)}
   */
  public static long derive(long seed, long i, long j) {
    return mix(mix(mix(seed) + i) + j);
  }

  /**
   * A seed for a named sub-stream (e.g. the bootstrap of one fit) of a master seed.
   *
   * @param seed the master seed
   * @param stream a small integer naming the sub-stream
   * @return {@code mix(mix(seed) ^ mix(stream))}
   */
  public static long stream(long seed, long stream) {
    return mix(mix(seed) ^ mix(~stream));
  }
}
