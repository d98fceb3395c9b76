package org.rlhfbounds.learners;

/**
 * Iterate selection rules for the output of an iterative learner run for {@code T} steps from
 * {@code w_0}.
 *
 * <p>Thread-safe: an enum.
 */
public enum Selection {
  /** The last iterate {@code w_T}. */
  LAST,
  /**
   * The seed's rule: the iterate {@code w_t}, {@code 0 <= t <= T}, with the smallest FULL gradient
   * norm {@code ||grad F_S(w_t)||}; ties go to the smallest {@code t}. Its full-gradient
   * evaluations are counted in the cost.
   */
  BEST_GRADIENT,
  /**
   * The uniform average {@code (1/T) sum_{t=1..T} w_t} of the iterates after the start (for {@code
   * T = 0}, {@code w_0}).
   */
  AVERAGE
}
