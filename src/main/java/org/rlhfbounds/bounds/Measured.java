package org.rlhfbounds.bounds;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;

/**
 * The quantities measured at the selected iterate of a learner, which the facade {@link Bounds}
 * puts next to each bound: the generalisation gap {@code |F(w) - F_S(w)|}, the optimisation error
 * {@code F_S(w*) - F_S(w)}, the excess risk {@code F(w*) - F(w)} (each an {@link Enclosure} of its
 * exact value, proofs/MEASURE.md), the gradient norm {@code ||grad F_S(w)||}, and, when an
 * experiment measured them, the loss stability {@code max |f(A_S; z) - f(A_{S^i}; z)|} and an
 * estimate of the expected gap {@code |E_S gen_S(A_S)|}. Absent quantities are null.
 *
 * <p>Thread-safe: immutable.
 */
public final class Measured {
  private final @Nullable Enclosure gap;
  private final @Nullable Enclosure optError;
  private final @Nullable Enclosure excess;
  private final @Nullable Double gradNorm;
  private final @Nullable Double lossStability;
  private final @Nullable Double expectedGap;
  private final @Nullable PosteriorCertificate posterior;

  private Measured(
      @Nullable Enclosure gap,
      @Nullable Enclosure optError,
      @Nullable Enclosure excess,
      @Nullable Double gradNorm,
      @Nullable Double lossStability,
      @Nullable Double expectedGap,
      @Nullable PosteriorCertificate posterior) {
    this.gap = gap;
    this.optError = optError;
    this.excess = excess;
    this.gradNorm = check(gradNorm, "gradNorm");
    this.lossStability = check(lossStability, "lossStability");
    this.expectedGap = check(expectedGap, "expectedGap");
    this.posterior = posterior;
  }

  private static @Nullable Double check(@Nullable Double v, String what) {
    if (v != null && !Double.isFinite(v)) {
      throw new IllegalArgumentException("measured " + what + " must be finite, got " + v);
    }
    return v;
  }

  private static @Nullable Enclosure point(@Nullable Double v, String what) {
    if (v == null) {
      return null;
    }
    check(v, what);
    return Enclosure.point(v);
  }

  /**
   * The measured quantities at the selected iterate, taken as exact values.
   *
   * @param gap |F(w) - F_S(w)|
   * @param optError F_S(w*) - F_S(w)
   * @param excess F(w*) - F(w)
   * @param gradNorm ||grad F_S(w)|| (required by T-OPT)
   * @return the record (no stability, no expected gap)
   * @throws IllegalArgumentException if a value is not finite
   */
  public static Measured of(
      @Nullable Double gap,
      @Nullable Double optError,
      @Nullable Double excess,
      @Nullable Double gradNorm) {
    return new Measured(
        point(gap, "gap"), point(optError, "optError"), point(excess, "excess"), gradNorm, null,
        null, null);
  }

  /**
   * Measures the gap, the optimisation error and the excess risk at {@code w} in their most
   * accurate form, as enclosures ({@link MeasuredQuantities#at}), with the a-posteriori
   * certificate of w ({@link PosteriorCertificate#of}).
   *
   * @param inst the instance
   * @param sample the sample
   * @param w the selected iterate
   * @param gradNorm its computed gradient norm, or null
   * @return the record
   * @throws IllegalArgumentException if w has the wrong length or a non-finite entry
   */
  public static Measured at(
      Instance inst, Sample sample, double[] w, @Nullable Double gradNorm) {
    MeasuredQuantities mq = MeasuredQuantities.at(inst, sample, w);
    Enclosure g = mq.gap();
    return new Measured(
        g == null ? null : g.abs(), mq.optimisationError(), mq.excess(), gradNorm, null, null,
        PosteriorCertificate.of(inst, sample, w));
  }

  /**
   * The record without any measurement.
   *
   * @return the empty record
   */
  public static Measured none() {
    return new Measured(null, null, null, null, null, null, null);
  }

  /**
   * Returns a copy with the stability measurements.
   *
   * @param lossStability the measured loss stability, or null
   * @param expectedGap the measured expected gap, or null
   * @return the record
   */
  public Measured withStability(@Nullable Double lossStability, @Nullable Double expectedGap) {
    return new Measured(gap, optError, excess, gradNorm, lossStability, expectedGap, posterior);
  }

  /**
   * Returns the a-posteriori certificate of the selected iterate (T-POST), or null when the
   * record was not measured at a point.
   *
   * @return the certificate
   */
  public @Nullable PosteriorCertificate posterior() {
    return posterior;
  }

  /**
   * Returns the enclosure of |F(w) - F_S(w)|, or null.
   *
   * @return the gap
   */
  public @Nullable Enclosure gap() {
    return gap;
  }

  /**
   * Returns the enclosure of F_S(w*) - F_S(w), or null.
   *
   * @return the optimisation error
   */
  public @Nullable Enclosure optError() {
    return optError;
  }

  /**
   * Returns the enclosure of F(w*) - F(w), or null.
   *
   * @return the excess risk
   */
  public @Nullable Enclosure excess() {
    return excess;
  }

  /**
   * Returns ||grad F_S(w)||, or null.
   *
   * @return the gradient norm
   */
  public @Nullable Double gradNorm() {
    return gradNorm;
  }

  /**
   * Returns the measured loss stability, or null.
   *
   * @return the loss stability
   */
  public @Nullable Double lossStability() {
    return lossStability;
  }

  /**
   * Returns the measured expected gap, or null.
   *
   * @return the expected gap
   */
  public @Nullable Double expectedGap() {
    return expectedGap;
  }
}
