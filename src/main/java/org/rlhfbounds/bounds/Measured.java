package org.rlhfbounds.bounds;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The quantities measured at the selected iterate of a learner, which the facade {@link Bounds}
 * puts next to each bound (plain numbers, so that the bounds package does not depend on the
 * learners): the generalisation gap {@code |F(w) - F_S(w)|}, the optimisation error {@code F_S(w*)
 * - F_S(w)}, the excess risk {@code F(w*) - F(w)}, the gradient norm {@code ||grad F_S(w)||}, and,
 * when an experiment measured them, the loss stability {@code max |f(A_S; z) - f(A_{S^i}; z)|} and
 * an estimate of the expected gap {@code |E_S gen_S(A_S)|}. Absent quantities are null.
 *
 * <p>Thread-safe: immutable.
 */
public final class Measured {
  private final @Nullable Double gap;
  private final @Nullable Double optError;
  private final @Nullable Double excess;
  private final @Nullable Double gradNorm;
  private final @Nullable Double lossStability;
  private final @Nullable Double expectedGap;

  private Measured(
      @Nullable Double gap,
      @Nullable Double optError,
      @Nullable Double excess,
      @Nullable Double gradNorm,
      @Nullable Double lossStability,
      @Nullable Double expectedGap) {
    this.gap = check(gap, "gap");
    this.optError = check(optError, "optError");
    this.excess = check(excess, "excess");
    this.gradNorm = check(gradNorm, "gradNorm");
    this.lossStability = check(lossStability, "lossStability");
    this.expectedGap = check(expectedGap, "expectedGap");
  }

  private static @Nullable Double check(@Nullable Double v, String what) {
    if (v != null && !Double.isFinite(v)) {
      throw new IllegalArgumentException("measured " + what + " must be finite, got " + v);
    }
    return v;
  }

  /**
   * The measured quantities at the selected iterate.
   *
   * @param gap |F(w) - F_S(w)|
   * @param optError F_S(w*) - F_S(w)
   * @param excess F(w*) - F(w)
   * @param gradNorm ||grad F_S(w)|| (required by T-OPT)
   * @return the record (no stability, no expected gap)
   */
  public static Measured of(
      @Nullable Double gap,
      @Nullable Double optError,
      @Nullable Double excess,
      @Nullable Double gradNorm) {
    return new Measured(gap, optError, excess, gradNorm, null, null);
  }

  /**
   * Nothing measured.
   *
   * @return an empty record
   */
  public static Measured none() {
    return new Measured(null, null, null, null, null, null);
  }

  /**
   * Returns this record with stability measurements.
   *
   * @param lossStability the measured loss stability, or null
   * @param expectedGap an estimate of |E_S gen_S(A_S)|, or null
   * @return a new record
   */
  public Measured withStability(@Nullable Double lossStability, @Nullable Double expectedGap) {
    return new Measured(gap, optError, excess, gradNorm, lossStability, expectedGap);
  }

  /**
   * Returns the gap.
   *
   * @return |F(w) - F_S(w)|, or null
   */
  public @Nullable Double gap() {
    return gap;
  }

  /**
   * Returns the optimisation error.
   *
   * @return F_S(w*) - F_S(w), or null
   */
  public @Nullable Double optError() {
    return optError;
  }

  /**
   * Returns the excess risk.
   *
   * @return F(w*) - F(w), or null
   */
  public @Nullable Double excess() {
    return excess;
  }

  /**
   * Returns the gradient norm.
   *
   * @return ||grad F_S(w)||, or null
   */
  public @Nullable Double gradNorm() {
    return gradNorm;
  }

  /**
   * Returns the measured loss stability.
   *
   * @return the stability, or null
   */
  public @Nullable Double lossStability() {
    return lossStability;
  }

  /**
   * Returns the estimated expected gap.
   *
   * @return |E_S gen_S(A_S)|, or null
   */
  public @Nullable Double expectedGap() {
    return expectedGap;
  }
}
