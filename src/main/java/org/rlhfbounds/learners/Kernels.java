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
 * <p><b>Rank rule.</b> {@link Coverage}'s relative rule (an eigenvalue counts as zero at or below
 * {@code 1e-10 lambda_max}) with an absolute rounding floor: a relative rule alone cannot recognise
 * a covariance that is zero up to rounding (if every sampled prompt has identical candidates, as
 * the rank-1 deficient family produces with probability 1/2 per prompt, the computed eigenvalues
 * are of order {@code 1e-33} and, relative to their own maximum, look covered). Each entry of the
 * computed covariance has absolute error at most about {@code 4 (K + 2) 2^-52 B^2}; a symmetric
 * perturbation of that entry size moves eigenvalues by at most {@code d} times it. Eigenvalues
 * below {@code floor = 16 d (K_max + 2) 2^-52 B^2} (four times that) count as zero: the tolerance
 * in force is {@code max(1e-10 lambda_max, floor)} ({@link #tolerance()}).
 *
 * <p><b>Coverage constants.</b> With {@code k = dim N_S}, the eigenvalues of {@code Sigma_S(w*)}
 * in ascending order are {@code k} zeros and then {@code kappa_S^+}: {@link #kappaPlus()} is the
 * {@code (k+1)}-th smallest computed eigenvalue of {@code Sigma_S(w*)} (null when {@code k = d} or
 * when it is not positive in floating point); {@link #kappa()} is {@code lambda_min(Sigma_S(w*))}
 * when {@code k = 0}, else 0.
 *
 * <p>Thread-safe: immutable.
 */
// Index: eigenvalue arrays have d entries; k <= d is checked before use.
@SuppressWarnings("index")
public final class Kernels {
  private final Coverage geometry;
  private final double[] atOptimum;
  private final double lambdaMaxAtOptimum;

  private Kernels(Coverage geometry, Coverage atOptimum) {
    this.geometry = geometry;
    this.atOptimum = atOptimum.eigenvalues();
    this.lambdaMaxAtOptimum = atOptimum.lambdaMax();
  }

  /**
   * The absolute rounding floor {@code 16 d (K_max + 2) 2^-52 B^2}.
   *
   * @param bound B
   * @param maxCandidates {@code K_max}
   * @param dim d
   * @return the floor
   */
  public static double roundingFloor(double bound, int maxCandidates, int dim) {
    return 16.0 * dim * (maxCandidates + 2) * 0x1p-52 * bound * bound;
  }

  /**
   * Decides the kernel of a measure's covariance and reads the coverage constants at {@code w*}.
   *
   * @param obj the objective (its instance gives {@code B} and {@code w*})
   * @param m the measure (a sample, or a finite population)
   * @return the decision
   */
  public static Kernels of(Objective obj, PromptMeasure m) {
    int d = obj.instance().dim();
    double floor = roundingFloor(obj.instance().featureBound(), m.prompts().maxCandidates(), d);
    Coverage geo = withFloor(obj.covariance(m, new double[d]), floor);
    Coverage opt = Coverage.of(obj.covariance(m, obj.wStar()));
    return new Kernels(geo, opt);
  }

  private static Coverage withFloor(DMatrixRMaj sigma, double floor) {
    return Coverage.withTolerance(
        sigma,
        lmax -> {
          double rel = Coverage.relativeTolerance(Coverage.DEFAULT_RELATIVE_TOLERANCE, lmax);
          return lmax > 0 && rel < floor ? Coverage.relativeTolerance(floor / lmax, lmax) : rel;
        });
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
    return kernelDim() == 0 ? Reals.nonNegative(Math.max(atOptimum[0], 0), "kappa") : 0;
  }

  /**
   * Returns {@code kappa_S^+}, the smallest eigenvalue of {@code Sigma_S(w*)} on the range, or
   * null when the range is trivial or that eigenvalue is not positive in floating point.
   *
   * @return kappa plus, or null
   */
  public @Nullable Double kappaPlus() {
    int k = kernelDim();
    if (k >= atOptimum.length || !(atOptimum[k] > 0)) {
      return null;
    }
    return Reals.positive(atOptimum[k], "kappaPlus");
  }

  /**
   * Returns {@code lambda_max(Sigma_S(w*))}.
   *
   * @return lambda max
   */
  public @NonNegativeReal double lambdaMax() {
    return Reals.nonNegative(lambdaMaxAtOptimum, "lambdaMax");
  }

  /**
   * Returns the eigenvalues of {@code Sigma_S(w*)}, ascending.
   *
   * @return a copy
   */
  public double[] eigenvaluesAtOptimum() {
    return atOptimum.clone();
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
