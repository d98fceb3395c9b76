package org.rlhfbounds.rates;

/**
 * What a rate fit does with a replicate value {@code y <= 0}, which has no logarithm.
 *
 * <p>The default is {@link #REFUSE}: a measured gap or error that comes out exactly zero or
 * negative usually means the quantity was measured at its rounding floor or with the wrong sign,
 * and dropping such values silently biases the fitted exponent (they are the smallest values, so
 * the fit would decay too slowly). {@link #DROP} is for quantities that are known to reach an
 * exact zero (e.g. an optimisation error that hits machine precision); every dropped value is
 * listed in the fit's {@link SlopeFit#dropped()} report.
 */
public enum NonPositivePolicy {
  /** Throw an {@link IllegalArgumentException} naming the first non-positive value. */
  REFUSE,
  /**
   * Drop non-positive values, and any design point left with fewer than two replicates, listing
   * each in the fit's report.
   */
  DROP
}
