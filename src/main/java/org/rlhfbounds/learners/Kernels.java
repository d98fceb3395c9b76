package org.rlhfbounds.learners;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.ejml.data.DMatrixRMaj;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.model.PromptMeasure;
import org.rlhfbounds.objective.Coverage;
import org.rlhfbounds.objective.Objective;

/**
 * The kernel {@code N_S = ker Sigma_S(w)} and the coverage constants at {@code w*}, decided in a
 * numerically robust way (proofs/MODEL.md#numerics).
 *
 * <p><b>Where the kernel is decided.</b> {@code N_S} is the same for every {@code w} (softmax has
 * full support: {@code N_S} is the orthogonal complement of the sampled differences {@code
 * phi(x_i,a) - phi(x_i,b)}), so it is decided at the uniform policy {@code w = 0}, where {@code
 * Sigma_S(0)} is pure feature geometry. Deciding it at {@code w*} instead is fragile: when {@code
 * pi_{w*}} is peaked ({@code ||theta*|| / beta} large), the covered eigenvalues of {@code
 * Sigma_S(w*)} can be as small as {@code e^{-2 B ||w*||}} times the geometric ones, below any
 * rounding floor, while at {@code w0} the same directions carry large curvature.
 *
 * <p><b>Rank rule.</b> The project's one kernel policy, {@link Coverage#ofSample} (relative
 * tolerance {@code 1e-10 lambda_max} with an absolute rounding floor {@code 16 d (K_max + 2)
 * 2^-52 B^2}; the reasons are given there). The tolerance in force is {@link #tolerance()}.
 *
 * <p><b>Coverage constants.</b> {@link #kappaPlus()} is the smallest eigenvalue of {@code Q^T
 * Sigma_S(w*) Q}, {@code Q} an orthonormal basis of the covered part ({@link
 * Coverage#rangeMinimum}), as the bounds read it (null when nothing is covered or it is not
 * positive in floating point); {@link #kappa()} is {@code lambda_min(Sigma_S(w*))} when nothing
 * is uncovered, else 0.
 *
 * <p>Thread-safe: the kernel is immutable; the spectrum at {@code w*} is computed once under the
 * instance's lock.
 */
public final class Kernels {
  private final Coverage geometry;
  private final Objective objective;
  private final PromptMeasure measure;
  private @Nullable AtOptimum atOptimum;

  /** The spectrum of {@code Sigma_S(w*)}: its eigenvalues and {@code lambda_min} on the range. */
  private static final class AtOptimum {
    final double[] eigenvalues;
    final double lambdaMax;
    final double rangeMinimum;

    AtOptimum(Coverage atStar, double rangeMinimum) {
      this.eigenvalues = atStar.eigenvalues();
      this.lambdaMax = atStar.lambdaMax();
      this.rangeMinimum = rangeMinimum;
    }
  }

  private Kernels(Coverage geometry, Objective objective, PromptMeasure measure) {
    this.geometry = geometry;
    this.objective = objective;
    this.measure = measure;
  }

  /**
   * Decides the kernel of a measure's covariance by the project's one kernel policy ({@link
   * Coverage#ofSample}); the coverage constants at {@code w*} are read from {@code Sigma_S(w*)},
   * which is assembled on the first call that needs it ({@link #kappa}, {@link #kappaPlus},
   * {@link #lambdaMax}, {@link #eigenvaluesAtOptimum}) and kept: a caller that only projects onto
   * the kernel (Gradient Ascent's distances) never assembles it.
   *
   * @param obj the objective (its instance gives {@code B} and {@code w*})
   * @param m the measure (a sample, or a finite population)
   * @return the decision
   */
  public static Kernels of(Objective obj, PromptMeasure m) {
    Coverage geo = Coverage.ofSample(obj, m);
    // its own objective (an objective's scratch space belongs to one thread)
    return new Kernels(geo, obj.withThreads(obj.threads()), m);
  }

  /** The spectrum at {@code w*}, assembled and decomposed once, on first use. */
  private synchronized AtOptimum atOptimum() {
    AtOptimum a = atOptimum;
    if (a == null) {
      DMatrixRMaj atStar = objective.covariance(measure, objective.wStar());
      Coverage c = Coverage.of(atStar);
      // with no kernel the restriction is Sigma_S(w*) itself: c has its smallest eigenvalue
      // (clamped at 0, which kappaPlus reads as "none" as it does a negative value)
      a = new AtOptimum(c,
          geometry.kernelDim() == 0 && c.dim() > 0 ? c.kappa() : geometry.rangeMinimum(atStar));
      atOptimum = a;
    }
    return a;
  }

  /**
   * Returns the decomposition of {@code Sigma_S(0)} that defines the kernel.
   *
   * @return the geometric coverage
   */
  public Coverage geometry() {
    return geometry;
  }

  /**
   * Returns {@code dim N_S}.
   *
   * @return the kernel dimension
   */
  public int kernelDim() {
    return geometry.kernelDim();
  }

  /**
   * Returns the absolute eigenvalue tolerance of the rank decision (on {@code Sigma_S(0)}).
   *
   * @return the tolerance
   */
  public double tolerance() {
    return geometry.tolerance();
  }

  /**
   * Returns whether an eigenvalue of {@code Sigma_S(0)} lies within three orders of magnitude of
   * the tolerance (the decision could go either way under a small perturbation).
   *
   * @return the flag
   */
  public boolean ambiguous() {
    double tol = tolerance();
    for (double v : geometry.eigenvalues()) {
      if (v > tol * 1e-3 && v < tol * 1e3) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns {@code kappa_S = lambda_min(Sigma_S(w*))} when {@code N_S = {0}}, else 0.
   *
   * @return kappa
   */
  public @NonNegativeReal double kappa() {
    if (kernelDim() != 0) {
      return 0;
    }
    double[] eigenvalues = atOptimum().eigenvalues;
    if (eigenvalues.length == 0) {
      throw new IllegalStateException("dimension 0 has no eigenvalue");
    }
    return Reals.nonNegative(Math.max(eigenvalues[0], 0), "kappa");
  }

  /**
   * Returns {@code kappa_S^+}, the smallest eigenvalue of {@code Sigma_S(w*)} on the range, or
   * null when the range is trivial or that eigenvalue is not positive in floating point.
   *
   * @return kappa plus, or null
   */
  public @Nullable Double kappaPlus() {
    double rangeMinimum = atOptimum().rangeMinimum;
    if (!(rangeMinimum > 0) || !Double.isFinite(rangeMinimum)) {
      return null;
    }
    return Reals.positive(rangeMinimum, "kappaPlus");
  }

  /**
   * Returns {@code lambda_max(Sigma_S(w*))}.
   *
   * @return lambda max
   */
  public @NonNegativeReal double lambdaMax() {
    return Reals.nonNegative(atOptimum().lambdaMax, "lambdaMax");
  }

  /**
   * Returns the eigenvalues of {@code Sigma_S(w*)}, ascending.
   *
   * @return a copy
   */
  public double[] eigenvaluesAtOptimum() {
    return atOptimum().eigenvalues.clone();
  }

  /**
   * Writes {@code P_N v} into {@code out} (no allocation).
   *
   * @param v the vector
   * @param out the output (not aliasing v)
   */
  public void projectOntoKernel(double[] v, double[] out) {
    geometry.projectOntoKernel(v, out);
  }

  /**
   * Returns {@code P_N v}.
   *
   * @param v the vector
   * @return a new array
   */
  public double[] kernelPart(double[] v) {
    return geometry.kernelPart(v);
  }

  /**
   * Returns {@code (I - P_N) v}.
   *
   * @param v the vector
   * @return a new array
   */
  public double[] rangePart(double[] v) {
    return geometry.rangePart(v);
  }

  /**
   * The error bound of the computed projector applied to a vector of norm {@code r} (Davis-Kahan
   * with a backward error {@code 64 d 2^-52 lambda_max(Sigma_S(0))} and the spectral gap {@code
   * lambda_{k+1}(Sigma_S(0))}); 0 when nothing or everything is in the kernel.
   *
   * @param r the norm
   * @return the bound
   */
  public double projectorError(double r) {
    Double gap = geometry.kappaPlus();
    if (gap == null || kernelDim() == 0) {
      return 0;
    }
    return r * 64 * geometry.dim() * 0x1p-52 * geometry.lambdaMax() / gap;
  }
}
