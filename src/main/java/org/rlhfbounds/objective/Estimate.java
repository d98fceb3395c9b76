package org.rlhfbounds.objective;

import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;

/**
 * A population quantity: exact (finite distributions) or a Monte Carlo mean with its standard
 * error and number of draws.
 *
 * <p>Thread-safe: immutable.
 */
public final class Estimate {
  private final double value;
  private final double standardError;
  private final int draws;

  private Estimate(double value, double standardError, int draws) {
    this.value = value;
    this.standardError = standardError;
    this.draws = draws;
  }

  /**
   * An exact value.
   *
   * @param value the value
   * @return the estimate, with standard error 0 and draws 0
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its range
   */
  public static Estimate exact(@Finite double value) {
    return new Estimate(Reals.finite(value, "value"), 0, 0);
  }

  /**
   * A Monte Carlo estimate.
   *
   * @param mean the sample mean
   * @param standardError its standard error
   * @param draws the number of draws
   * @return the estimate
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its range
   */
  public static Estimate monteCarlo(
      @Finite double mean, @NonNegativeReal double standardError, int draws) {
    return new Estimate(
        Reals.finite(mean, "mean"), Reals.nonNegative(standardError, "standardError"), draws);
  }

  /**
   * Returns the value (exact, or the Monte Carlo mean).
   *
   * @return the value
   */
  public @Finite double value() {
    return Reals.finite(value, "estimate");
  }

  /**
   * Returns the standard error (0 when exact).
   *
   * @return the standard error
   */
  public @NonNegativeReal double standardError() {
    return Reals.nonNegative(standardError, "standard error");
  }

  /**
   * Returns whether the value is exact.
   *
   * @return true for finite distributions
   */
  public boolean exact() {
    return draws == 0;
  }

  /**
   * Returns the number of Monte Carlo draws (0 when exact).
   *
   * @return the draws
   */
  public int draws() {
    return draws;
  }
}
