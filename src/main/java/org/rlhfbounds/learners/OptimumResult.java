package org.rlhfbounds.learners;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The outcome of {@link EmpiricalOptimum}: the point, whether it is certified, why not, and the
 * rank decision that defined the kernel {@code N_S = ker Sigma_S(w*)}.
 *
 * <p>Thread-safe: immutable.
 */
public final class OptimumResult {
  private final Algorithm method;
  private final double[] w;
  private final boolean converged;
  private final String reason;
  private final int iterations;
  private final double gradientNorm;
  private final double tolerance;
  private final long gradientEvaluations;
  private final int kernelDim;
  private final double rankTolerance;
  private final double kappa;
  private final @Nullable Double kappaPlus;

  OptimumResult(
      Algorithm method,
      double[] w,
      boolean converged,
      String reason,
      int iterations,
      double gradientNorm,
      double tolerance,
      long gradientEvaluations,
      int kernelDim,
      double rankTolerance,
      double kappa,
      @Nullable Double kappaPlus) {
    this.method = method;
    this.w = w.clone();
    this.converged = converged;
    this.reason = reason;
    this.iterations = iterations;
    this.gradientNorm = gradientNorm;
    this.tolerance = tolerance;
    this.gradientEvaluations = gradientEvaluations;
    this.kernelDim = kernelDim;
    this.rankTolerance = rankTolerance;
    this.kappa = kappa;
    this.kappaPlus = kappaPlus;
  }

  /**
   * Returns EXACT or NEWTON.
   *
   * @return the method
   */
  public Algorithm method() {
    return method;
  }

  /**
   * Returns the point.
   *
   * @return a copy
   */
  public double[] w() {
    return w.clone();
  }

  /**
   * Returns whether {@code ||grad F_S(w)|| <= tolerance} was certified.
   *
   * @return the flag
   */
  public boolean converged() {
    return converged;
  }

  /**
   * Returns why the method stopped (certificate, or the reason it failed).
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }

  /**
   * Returns the number of Newton iterations (0 for EXACT).
   *
   * @return iterations
   */
  public int iterations() {
    return iterations;
  }

  /**
   * Returns {@code ||grad F_S(w)||} at the returned point, computed in the closed form of F2.
   *
   * @return the gradient norm
   */
  public double gradientNorm() {
    return gradientNorm;
  }

  /**
   * Returns the gradient tolerance of the certificate.
   *
   * @return the tolerance
   */
  public double tolerance() {
    return tolerance;
  }

  /**
   * Returns the per-prompt gradient evaluations spent (a Hessian-vector product counts as one per
   * prompt).
   *
   * @return the cost
   */
  public long gradientEvaluations() {
    return gradientEvaluations;
  }

  /**
   * Returns {@code dim N_S} as decided with {@link #rankTolerance()}.
   *
   * @return the kernel dimension
   */
  public int kernelDim() {
    return kernelDim;
  }

  /**
   * Returns the absolute eigenvalue tolerance of the rank decision ({@link Kernels#tolerance()}).
   *
   * @return the tolerance
   */
  public double rankTolerance() {
    return rankTolerance;
  }

  /**
   * Returns {@code kappa_S = lambda_min(Sigma_S(w*))}.
   *
   * @return kappa
   */
  public double kappa() {
    return kappa;
  }

  /**
   * Returns {@code kappa_S^+}, or null when no eigenvalue is above the tolerance.
   *
   * @return kappa plus, or null
   */
  public @Nullable Double kappaPlus() {
    return kappaPlus;
  }
}
