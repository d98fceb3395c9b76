package org.rlhfbounds.bounds;

import java.util.Arrays;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.rlhfbounds.bounds.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.PromptMeasure;
import org.rlhfbounds.objective.Coverage;
import org.rlhfbounds.objective.Objective;

/**
 * The split {@code R^d = N_S (+) N_S^perp} of a sample (proofs/MODEL.md#notation: {@code N_S = ker Sigma_S(w)},
 * the same for every w, the directions orthogonal to every sampled difference {@code phi(x_i,a) -
 * phi(x_i,b)}), decided from the uniform-policy covariance {@code Sigma_S(0)} with an absolute
 * tolerance {@code tol = 10^-10 scale}, {@code scale = diam^2 / 4} (the largest eigenvalue any
 * prompt covariance can have).
 *
 * <p>Why not the eigen-decomposition of {@code Sigma_S(w*)} with a tolerance relative to its
 * largest eigenvalue ({@link org.rlhfbounds.objective.Coverage}'s default): at {@code w*} a
 * candidate may have probability {@code e^{-50}}, so a covered direction has eigenvalue {@code
 * 10^-22} and would be declared uncovered, and a sample whose differences all vanish has a
 * covariance made of rounding noise whose largest eigenvalue sets the tolerance; both were met by
 * the properties and make a kernel that the GA dynamics do not preserve. {@code Sigma_S(0)} puts
 * weight {@code 1/K} on every candidate, so its kernel is decided by the geometry alone, and the
 * absolute tolerance separates rounding noise (about {@code d 2^-52 scale}) from covered
 * directions. On the covered part, {@code kappa+ = lambda_min(Q^T Sigma_S(w*) Q)} with {@code Q}
 * an orthonormal basis of {@code N^perp}: computed, and certified by {@link VerifiedSpd} when
 * possible.
 *
 * <p>Thread-safe: immutable.
 */
// Index: vectors and eigenvector rows have length d; basis has rank rows of length d.
@SuppressWarnings("index")
public final class CoveredSubspace {
  /** Relative tolerance (to diam^2/4) under which an eigenvalue of Sigma_S(0) counts as zero. */
  public static final double TOLERANCE = 1e-10;

  private final int dim;
  private final double[] kernel; // kernelDim rows of length d, orthonormal
  private final double[] range; // rank rows of length d, orthonormal
  private final int kernelDim;

  private CoveredSubspace(int dim, double[] kernel, double[] range, int kernelDim) {
    this.dim = dim;
    this.kernel = kernel;
    this.range = range;
    this.kernelDim = kernelDim;
  }

  /**
   * The split of a measure's difference span.
   *
   * @param o the objective (for the covariance)
   * @param m the measure (a sample, or a population)
   * @param diam the feature diameter setting the scale
   * @return the split
   */
  public static CoveredSubspace of(Objective o, PromptMeasure m, @NonNegativeReal double diam) {
    int d = m.prompts().dim();
    DMatrixRMaj sigma0 = o.covariance(m, new double[d]);
    double tol = Math.max(TOLERANCE * diam * diam / 4, Double.MIN_NORMAL);
    return of(sigma0, tol);
  }

  /**
   * The split of a symmetric PSD matrix: eigenvectors with eigenvalue at most {@code tol} span the
   * kernel.
   *
   * @param sigma the matrix (not modified)
   * @param tol the absolute tolerance
   * @return the split
   */
  public static CoveredSubspace of(DMatrixRMaj sigma, double tol) {
    Coverage c = Coverage.withTolerance(sigma, lmax -> tol);
    int d = c.dim();
    int k = c.kernelDim();
    double[] vec = c.eigenvectors();
    return new CoveredSubspace(
        d, Arrays.copyOfRange(vec, 0, k * d), Arrays.copyOfRange(vec, k * d, d * d), k);
  }

  /**
   * Returns d.
   *
   * @return the dimension
   */
  public int dim() {
    return dim;
  }

  /**
   * Returns dim N_S.
   *
   * @return the kernel dimension
   */
  public int kernelDim() {
    return kernelDim;
  }

  /**
   * Returns dim N_S^perp, the rank of the difference span.
   *
   * @return the rank
   */
  public int rank() {
    return dim - kernelDim;
  }

  private double[] project(double[] basis, int rows, double[] v) {
    if (v.length != dim) {
      throw new IllegalArgumentException("vector: expected length " + dim + ", got " + v.length);
    }
    double[] out = new double[dim];
    for (int r = 0; r < rows; r++) {
      double c = 0;
      for (int j = 0; j < dim; j++) {
        c += basis[r * dim + j] * v[j];
      }
      for (int j = 0; j < dim; j++) {
        out[j] += c * basis[r * dim + j];
      }
    }
    return out;
  }

  /**
   * Returns {@code P_N v}.
   *
   * @param v the vector
   * @return a new array
   */
  public double[] kernelPart(double[] v) {
    return project(kernel, kernelDim, v);
  }

  /**
   * Returns {@code P_{N^perp} v}.
   *
   * @param v the vector
   * @return a new array
   */
  public double[] rangePart(double[] v) {
    return project(range, dim - kernelDim, v);
  }

  /**
   * Returns {@code Q^T Sigma Q} (symmetrised), the restriction of a symmetric matrix to the
   * covered part, as a row-major {@code rank x rank} array.
   *
   * @param sigma the d x d matrix
   * @return the restriction
   */
  public double[] restrict(DMatrixRMaj sigma) {
    int r = dim - kernelDim;
    double[] sq = new double[r * dim]; // Q^T Sigma, row a = Sigma q_a
    for (int a = 0; a < r; a++) {
      for (int i = 0; i < dim; i++) {
        double s = 0;
        for (int j = 0; j < dim; j++) {
          s += sigma.get(i, j) * range[a * dim + j];
        }
        sq[a * dim + i] = s;
      }
    }
    double[] out = new double[r * r];
    for (int a = 0; a < r; a++) {
      for (int b = 0; b < r; b++) {
        double s = 0;
        for (int i = 0; i < dim; i++) {
          s += range[a * dim + i] * sq[b * dim + i];
        }
        out[a * r + b] = s;
      }
    }
    for (int a = 0; a < r; a++) {
      for (int b = a + 1; b < r; b++) {
        double avg = 0.5 * (out[a * r + b] + out[b * r + a]);
        out[a * r + b] = avg;
        out[b * r + a] = avg;
      }
    }
    return out;
  }

  /**
   * {@code kappa+}: the smallest eigenvalue of {@code Sigma} on {@code N^perp}, as computed by
   * the eigen-solver ({@code lambda_min(Q^T Sigma Q)}); NaN when the rank is 0.
   *
   * @param sigma the d x d matrix ({@code Sigma_S(w*)})
   * @return kappa+ as computed
   */
  public double kappaPlusComputed(DMatrixRMaj sigma) {
    int r = dim - kernelDim;
    return r == 0 ? Double.NaN : smallestEigenvalue(restrict(sigma), r);
  }

  /** {@code lambda_min} of a symmetric row-major {@code r x r} matrix (not modified). */
  private static double smallestEigenvalue(double[] q, int r) {
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(r, false, true);
    if (!eig.decompose(new DMatrixRMaj(r, r, true, q.clone()))) {
      throw new IllegalStateException("eigen-decomposition of Q^T Sigma Q failed");
    }
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < r; i++) {
      min = Math.min(min, eig.getEigenvalue(i).getReal());
    }
    return min;
  }

  /**
   * A certified lower bound of {@code lambda_min(Q^T Sigma Q)} for the matrix of doubles {@code
   * Q^T Sigma Q} ({@link VerifiedSpd}); 0 when nothing is certified or the rank is 0.
   *
   * @param sigma the d x d matrix
   * @return the certified kappa+
   */
  @Theorem("LEMMA-KAPPA-CERT")
  public @NonNegativeReal double kappaPlusCertified(DMatrixRMaj sigma) {
    int r = dim - kernelDim;
    if (r == 0) {
      return 0;
    }
    double[] q = restrict(sigma);
    return VerifiedSpd.lowerBound(q, r, smallestEigenvalue(q, r));
  }

  /**
   * {@code kappa+} of {@code Sigma} on the covered part: certified ({@link #kappaPlusCertified})
   * when the certificate is positive, else as computed when that is positive and finite, else
   * none. One restriction and one eigen-decomposition serve both.
   *
   * @param sigma the d x d matrix ({@code Sigma_S(w*)}, or at another w)
   * @return the value and whether it is certified
   */
  @Theorem("LEMMA-KAPPA-CERT")
  public KappaPlus kappaPlus(DMatrixRMaj sigma) {
    int r = dim - kernelDim;
    if (r == 0) {
      return new KappaPlus(null, false);
    }
    double[] q = restrict(sigma);
    double comp = smallestEigenvalue(q, r);
    double cert = VerifiedSpd.lowerBound(q, r, comp);
    if (cert > 0) {
      return new KappaPlus(cert, true);
    }
    return new KappaPlus(comp > 0 && Double.isFinite(comp) ? comp : null, false);
  }

  /** The outcome of {@link #kappaPlus}: a value (or none) and whether it is certified. */
  public static final class KappaPlus {
    private final @Nullable Double value;
    private final boolean certified;

    KappaPlus(@Nullable Double value, boolean certified) {
      this.value = value;
      this.certified = certified;
    }

    /**
     * Returns kappa+, or null when nothing is covered or no positive value was found.
     *
     * @return the value
     */
    public @Nullable Double value() {
      return value;
    }

    /**
     * Returns whether the value is a certified lower bound.
     *
     * @return true when certified
     */
    public boolean certified() {
      return certified;
    }
  }

  /**
   * The residual {@code eps_n = E_x max_{a,b} ||P_N(phi(x,a) - phi(x,b))||^2} of this kernel over a
   * measure (exact for a finite population: a weighted sum), accumulated with upward rounding.
   *
   * @param population the measure of x
   * @return eps_n, rounded up
   */
  @Theorem("T-RES")
  public @NonNegativeReal double residual(PromptMeasure population) {
    Features f = population.prompts();
    if (f.dim() != dim) {
      throw new IllegalArgumentException(
          "residual: population dimension " + f.dim() + " differs from " + dim);
    }
    if (kernelDim == 0) {
      return 0;
    }
    double[] data = f.data();
    double[] diff = new double[dim];
    double total = 0;
    for (int i = 0; i < f.size(); i++) {
      int row0 = f.rowOffset(i);
      int k = f.candidates(i);
      double worst = 0;
      for (int a = 0; a < k; a++) {
        for (int b = a + 1; b < k; b++) {
          for (int j = 0; j < dim; j++) {
            diff[j] = data[(row0 + a) * dim + j] - data[(row0 + b) * dim + j];
          }
          double[] proj = kernelPart(diff);
          double s = 0;
          for (int j = 0; j < dim; j++) {
            s = Up.add(s, Up.mul(proj[j], proj[j]));
          }
          worst = Math.max(worst, s);
        }
      }
      total = Up.add(total, Up.mul(population.weight(i), worst));
    }
    return Reals.nonNegative(total, "eps_n");
  }
}
