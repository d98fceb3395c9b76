package org.rlhfbounds.learners;

import java.util.Locale;

/**
 * The learners of this package.
 *
 * <p>Thread-safe: an enum.
 */
public enum Algorithm {
  /** Full-batch Gradient Ascent on {@code F_S} with a constant step (default {@code 1/L(D0)}). */
  GA,
  /**
   * Stochastic Gradient Ascent: one prompt per step, drawn uniformly from the sample (default
   * step {@code eta_t = 1/(2 L sqrt t)}).
   */
  SGA,
  /** The exact empirical optimum reached by Gradient Ascent from {@code w0}: {@code w* + P_N(w0 - w*)}. */
  EXACT,
  /** A Newton-CG solver on {@code F_S} that stops on a certified gradient norm. */
  NEWTON;

  /**
   * Parses a name, case-insensitively ({@code ga}, {@code sga}, {@code exact}, {@code newton}).
   *
   * @param name the name
   * @return the algorithm
   * @throws IllegalArgumentException listing the valid names
   */
  public static Algorithm parse(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT);
    for (Algorithm a : values()) {
      if (a.name().equals(n)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "algorithm: unknown algorithm '" + name + "'; expected one of ga, sga, exact, newton");
  }
}
