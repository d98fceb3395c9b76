package org.rlhfbounds.objective;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.DoubleUnaryOperator;
import org.checkerframework.checker.index.qual.NonNegative;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.model.PromptMeasure;

/**
 * The spectrum of a policy covariance {@code Sigma_S(w)} and the coverage constants read from it
 * (proofs/MODEL.md#notation): {@code kappa_S = lambda_min}, {@code kappa_S^+} (the smallest eigenvalue above the
 * rank tolerance), {@code lambda_max}, {@code Gamma = lambda_max / kappa_S^+}, and the kernel
 * {@code N_S} (eigenvectors at or below the tolerance) with its dimension.
 *
 * <p>Rank decision: an eigenvalue counts as zero when it is at most {@code tol = relTol *
 * lambda_max} (default {@code relTol = 1e-10}); a symmetric eigen-solver in double precision
 * resolves eigenvalues to about {@code d * 2^-52 * lambda_max}, far below that, and a real
 * smallest eigenvalue of relative size below {@code 1e-10} is numerically indistinguishable from a
 * missing direction for every bound here. The tolerance in force is reported by {@link
 * #tolerance()}. Negative eigenvalues from rounding are reported as computed and clamped to zero
 * in {@link #kappa()}.
 *
 * <p>Cost: the eigenvalues come from a values-only symmetric decomposition (from order 64 on,
 * {@link SymmetricEigenvalues}: a Householder reduction, split over two threads from order 256
 * on, and a root-free QL iteration: as fast as EJML's values-only solver at order 64 and 1.6 to
 * 5.5 times faster from 128 to 512 on the benchmark machine; below 64, EJML's solver), which is
 * what the rank decision and the constants read; the eigenvectors are computed only when a caller
 * needs them (a non-empty kernel's basis or projection, or {@link #eigenvectors()}), so a
 * covariance of full rank costs one values-only decomposition.
 *
 * <p>Thread-safe: immutable but for the eigenvectors, computed once under the object's lock.
 */
public final class Coverage {
  /** Default relative rank tolerance. */
  public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-10;

  /**
   * From this order on, the eigenvalues come from {@link SymmetricEigenvalues}; below, where a
   * decomposition takes microseconds, from EJML's solver (which keeps the outputs of the small
   * instances of the tests and the README as they were).
   */
  private static final int TRIDIAGONAL_FROM = 64;

  private final double[] eigenvalues;
  private final DMatrixRMaj source; // the decomposed matrix, for the eigenvectors on first use
  private double @Nullable [] vectors; // row r = eigenvector r (unit norm), ascending; lazy
  private final @NonNegative int dim;
  private final double tol;
  private final @NonNegative int kernelDim;

  private Coverage(double[] eigenvalues, DMatrixRMaj source, @NonNegative int dim, double tol) {
    this.eigenvalues = eigenvalues;
    this.source = source;
    this.dim = dim;
    this.tol = tol;
    int k = 0;
    while (k < dim && k < eigenvalues.length && eigenvalues[k] <= tol) {
      k++;
    }
    this.kernelDim = k;
  }

  /**
   * Decomposes a symmetric positive semi-definite matrix.
   *
   * @param sigma the d x d matrix (not modified)
   * @param relTol relative rank tolerance, {@code >= 0}
   * @return its coverage
   * @throws IllegalStateException if the eigen-decomposition fails
   */
  public static Coverage of(DMatrixRMaj sigma, double relTol) {
    return withTolerance(sigma, lmax -> relativeTolerance(relTol, lmax));
  }

  /**
   * The absolute tolerance {@code relTol * lambdaMax}, or {@link Double#MIN_NORMAL} when that is
   * not positive (a zero matrix).
   *
   * @param relTol the relative tolerance
   * @param lambdaMax the largest eigenvalue (clamped at 0)
   * @return the tolerance
   */
  public static double relativeTolerance(double relTol, double lambdaMax) {
    double tol = relTol * lambdaMax;
    return tol > 0 ? tol : Double.MIN_NORMAL;
  }

  /**
   * Decomposes a symmetric positive semi-definite matrix with an absolute rank tolerance chosen
   * from its largest eigenvalue: eigenvalues at most {@code tolerance.applyAsDouble(lambda_max)}
   * span the kernel. One eigen-decomposition, whatever the rule (relative, absolute, or a floor).
   *
   * @param sigma the d x d matrix (not modified)
   * @param tolerance maps {@code lambda_max} (clamped at 0) to the absolute tolerance
   * @return its coverage
   * @throws IllegalStateException if the eigen-decomposition fails
   */
  public static Coverage withTolerance(DMatrixRMaj sigma, DoubleUnaryOperator tolerance) {
    int d = sigma.numRows;
    if (sigma.numCols != d) {
      throw new IllegalArgumentException("covariance must be square, got " + d + "x" + sigma.numCols);
    }
    if (d < 0) {
      throw new IllegalArgumentException("covariance: negative dimension " + d);
    }
    DMatrixRMaj source = sigma.copy();
    double[] sorted = d >= TRIDIAGONAL_FROM ? SymmetricEigenvalues.of(source) : null;
    if (sorted == null) {
      EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
      if (!eig.decompose(source.copy())) {
        throw new IllegalStateException("eigen-decomposition of Sigma failed");
      }
      sorted = new double[d];
      for (int i = 0; i < d; i++) {
        sorted[i] = eig.getEigenvalue(i).getReal();
      }
      Arrays.sort(sorted);
    }
    double lmax = sorted.length > 0 ? Math.max(sorted[sorted.length - 1], 0) : 0; // d > 0
    return new Coverage(sorted, source, d, tolerance.applyAsDouble(lmax));
  }

  /**
   * The unit eigenvectors of the decomposed matrix, row-major, ascending by their eigenvalues
   * (computed once, by the decomposition with vectors).
   */
  private synchronized double[] vectors() {
    double[] v = vectors;
    if (v != null) {
      return v;
    }
    int d = dim;
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
    if (!eig.decompose(source.copy())) {
      throw new IllegalStateException("eigen-decomposition of Sigma failed");
    }
    Integer[] order = new Integer[d];
    double[] vals = new double[d];
    for (int i = 0; i < d; i++) {
      order[i] = i;
      vals[i] = eig.getEigenvalue(i).getReal();
    }
    Arrays.sort(
        order,
        Comparator.comparingDouble(
            i -> {
              int k = i;
              Indices.requireIndex(vals, k);
              return vals[k];
            }));
    double[] vec = new double[d * d];
    for (int r = 0; r < d; r++) {
      int i = order[r];
      DMatrixRMaj e = eig.getEigenVector(i);
      double n = 0;
      for (int j = 0; j < d; j++) {
        n += e.get(j, 0) * e.get(j, 0);
      }
      n = Math.sqrt(n);
      int base = r * d;
      Indices.requireRange(vec, base, d);
      for (int j = 0; j < d; j++) {
        vec[base + j] = e.get(j, 0) / n;
      }
    }
    vectors = vec;
    return vec;
  }

  /**
   * The project's one kernel policy: decides the covered/uncovered split of a sample (or of any
   * prompt measure) from the uniform-policy covariance {@code Sigma_S(0)}, with the absolute
   * tolerance {@code tol = max(1e-10 lambda_max(Sigma_S(0)), 16 d (K_max + 2) 2^-52 B^2)}
   * (proofs/LEMMA-K.md "The split"). Every caller that needs {@code N_S} uses it: {@code
   * evaluate}, the learners ({@code learners.Kernels}), the bounds ({@code
   * bounds.CoveredSubspace}) and library code.
   *
   * <p>Why {@code Sigma_S(0)}: its kernel is the exact {@code N_S} (the orthogonal complement of
   * the sampled differences, the same for every {@code w}), and at {@code w = 0} every candidate
   * has weight {@code 1/K}, so its eigenvalues measure the geometry alone; at a peaked {@code
   * w*} a covered direction can have an eigenvalue below any rounding floor. Why this
   * tolerance: the relative part declares uncovered the directions whose curvature is below
   * {@code 1e-10} of the largest, where a contraction argument gives nothing at any practical
   * step count; the absolute floor is four times the assembly's rounding error ({@code 4 (K + 2)
   * 2^-52 B^2} per entry, {@code d} times that in spectral norm), so a covariance that is zero up
   * to rounding is not read as covered. The bounds do not rely on this choice being exact: they
   * measure how much the uncovered part still moves the sampled logits (the leakage {@code mu}
   * of proofs/LEMMA-K.md) and pay for it, so any tolerance is sound and this one trades tightness
   * only.
   *
   * @param o the objective (its instance gives B)
   * @param m the measure
   * @return the split, as a coverage of {@code Sigma_S(0)}
   * @throws IllegalStateException if the eigen-decomposition fails
   */
  public static Coverage ofSample(Objective o, PromptMeasure m) {
    int d = o.instance().dim();
    return ofUniformCovariance(
        o.covariance(m, new double[d]), o.instance().featureBound(), m.prompts().maxCandidates());
  }

  /**
   * The kernel policy of {@link #ofSample} applied to an already assembled uniform-policy
   * covariance {@code Sigma_S(0)} (for callers that stream their prompts, such as the audit of a
   * feature export that is not an instance): the same tolerance {@code max(1e-10 lambda_max, 16 d
   * (K_max + 2) 2^-52 B^2)}.
   *
   * @param sigma0 {@code Sigma_S(0)}, d x d (not modified)
   * @param bound the feature bound B
   * @param maxCandidates {@code K_max}
   * @return the split, as a coverage of {@code Sigma_S(0)}
   * @throws IllegalStateException if the eigen-decomposition fails
   */
  public static Coverage ofUniformCovariance(DMatrixRMaj sigma0, double bound, int maxCandidates) {
    double floor = roundingFloor(bound, maxCandidates, sigma0.numRows);
    return withTolerance(
        sigma0, lmax -> Math.max(relativeTolerance(DEFAULT_RELATIVE_TOLERANCE, lmax), floor));
  }

  /**
   * The absolute rounding floor {@code 16 d (K_max + 2) 2^-52 B^2} of {@link #ofSample}.
   *
   * @param bound B
   * @param maxCandidates {@code K_max}
   * @param dim d
   * @return the floor
   */
  public static double roundingFloor(double bound, int maxCandidates, int dim) {
    return 16.0 * dim * (maxCandidates + 2) * 0x1p-52 * bound * bound;
  }

  /** The dimension {@code r = d - kernelDim} of the covered part. */
  private @NonNegative int rangeDim() {
    int r = dim - kernelDim;
    if (r < 0) {
      throw new IllegalStateException("kernel dimension " + kernelDim + " above d = " + dim);
    }
    return r;
  }

  /**
   * Returns the coordinates {@code Q_R^T v} of a vector in the computed orthonormal basis {@code
   * Q_R} of the covered part (the basis of {@link #restrictToRange}), summed in floating point;
   * {@code v} itself under full coverage.
   *
   * @param v a vector of length d
   * @return the r coordinates
   * @throws IllegalArgumentException if v has the wrong length
   */
  public double[] rangeCoordinates(double[] v) {
    if (v.length != dim) {
      throw new IllegalArgumentException("v: expected length " + dim + ", got " + v.length);
    }
    int r = rangeDim();
    if (kernelDim == 0) {
      return v.clone(); // Q = I, as in restrictToRange
    }
    double[] vectors = vectors();
    int off = kernelDim * dim;
    double[] out = new double[r];
    for (int a = 0; a < r; a++) {
      int qa = off + a * dim;
      Indices.requireRange(vectors, qa, dim);
      double s = 0;
      for (int j = 0; j < dim; j++) {
        s += vectors[qa + j] * v[j];
      }
      Indices.requireIndex(out, a);
      out[a] = s;
    }
    return out;
  }

  /**
   * Returns {@code Q_R y}, the vector of R with coordinates y in the computed orthonormal basis
   * {@code Q_R} of the covered part (the inverse of {@link #rangeCoordinates} up to rounding),
   * summed in floating point; {@code y} itself under full coverage.
   *
   * @param y r coordinates
   * @return a vector of length d
   * @throws IllegalArgumentException if y has the wrong length
   */
  public double[] fromRangeCoordinates(double[] y) {
    int r = rangeDim();
    if (y.length != r) {
      throw new IllegalArgumentException("y: expected length " + r + ", got " + y.length);
    }
    if (kernelDim == 0) {
      return y.clone();
    }
    double[] vectors = vectors();
    int off = kernelDim * dim;
    double[] out = new double[dim];
    for (int a = 0; a < r; a++) {
      int qa = off + a * dim;
      Indices.requireRange(vectors, qa, dim);
      Indices.requireIndex(y, a);
      double ya = y[a];
      for (int j = 0; j < dim; j++) {
        Indices.requireIndex(out, j);
        out[j] += ya * vectors[qa + j];
      }
    }
    return out;
  }

  /**
   * Returns {@code Q^T Sigma Q} (symmetrised) as a row-major {@code r x r} array, {@code Q} the
   * {@code d x r} matrix of the eigenvectors above the tolerance ({@code r = d - kernelDim()}), or
   * {@code Q = I} when the kernel is empty (then {@code Sigma} itself, symmetrised, and no
   * eigenvector is computed): the restriction of {@code Sigma} to the covered part.
   *
   * @param sigma a symmetric d x d matrix (not modified)
   * @return the restriction
   * @throws IllegalArgumentException if sigma is not d x d
   */
  public double[] restrictToRange(DMatrixRMaj sigma) {
    if (sigma.numRows != dim || sigma.numCols != dim) {
      throw new IllegalArgumentException(
          "sigma: expected " + dim + "x" + dim + ", got " + sigma.numRows + "x" + sigma.numCols);
    }
    int r = rangeDim();
    double[] out = new double[r * r];
    if (kernelDim == 0) {
      // Q = I: every direction is covered, and any orthonormal basis of R = R^d serves
      for (int a = 0; a < r; a++) {
        for (int b = 0; b <= a; b++) {
          storeSymmetric(out, r, a, b, 0.5 * (sigma.get(a, b) + sigma.get(b, a)));
        }
      }
      return out;
    }
    double[] vectors = vectors();
    int off = kernelDim * dim;
    double[] sq = new double[r * dim]; // row a = Sigma q_a
    for (int a = 0; a < r; a++) {
      int qa = off + a * dim;
      int sa = a * dim;
      Indices.requireRange(vectors, qa, dim);
      Indices.requireRange(sq, sa, dim);
      for (int i = 0; i < dim; i++) {
        double s = 0;
        for (int j = 0; j < dim; j++) {
          s += sigma.get(i, j) * vectors[qa + j];
        }
        sq[sa + i] = s;
      }
    }
    for (int a = 0; a < r; a++) {
      for (int b = 0; b <= a; b++) {
        int qa = off + a * dim;
        int qb = off + b * dim;
        int sa = a * dim;
        int sb = b * dim;
        Indices.requireRange(vectors, qa, dim);
        Indices.requireRange(vectors, qb, dim);
        Indices.requireRange(sq, sa, dim);
        Indices.requireRange(sq, sb, dim);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < dim; i++) {
          s1 += vectors[qa + i] * sq[sb + i];
          s2 += vectors[qb + i] * sq[sa + i];
        }
        storeSymmetric(out, r, a, b, 0.5 * (s1 + s2));
      }
    }
    return out;
  }

  /** {@code out[a][b] = out[b][a] = v} in a row-major {@code r x r} array. */
  private static void storeSymmetric(double[] out, int r, int a, int b, double v) {
    int ab = a * r + b;
    int ba = b * r + a;
    Indices.requireIndex(out, ab);
    Indices.requireIndex(out, ba);
    out[ab] = v;
    out[ba] = v;
  }

  /**
   * Returns {@code kappa+ = lambda_min(Q^T Sigma Q)} as computed by the eigen-solver (see {@link
   * #restrictToRange}), or NaN when nothing is covered.
   *
   * @param sigma a symmetric d x d matrix, typically {@code Sigma_S(w*)}
   * @return the smallest eigenvalue of the restriction
   * @throws IllegalStateException if the eigen-decomposition fails
   */
  public double rangeMinimum(DMatrixRMaj sigma) {
    int r = dim - kernelDim;
    return r == 0 ? Double.NaN : smallestEigenvalue(restrictToRange(sigma), r);
  }

  /**
   * {@code lambda_min} of a symmetric row-major {@code r x r} matrix (not modified).
   *
   * @param q the matrix
   * @param r its order
   * @return the smallest eigenvalue
   * @throws IllegalStateException if the eigen-decomposition fails
   */
  public static double smallestEigenvalue(double[] q, int r) {
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
   * Decomposes with the default tolerance.
   *
   * @param sigma the matrix
   * @return its coverage
   */
  public static Coverage of(DMatrixRMaj sigma) {
    return of(sigma, DEFAULT_RELATIVE_TOLERANCE);
  }

  /**
   * Returns {@code kappa_S = lambda_min(Sigma)}, clamped at 0.
   *
   * @return kappa
   */
  public @NonNegativeReal double kappa() {
    if (eigenvalues.length == 0) {
      throw new IllegalStateException("dimension 0 has no eigenvalue");
    }
    return Reals.nonNegative(Math.max(eigenvalues[0], 0), "kappa");
  }

  /**
   * Returns {@code kappa_S^+}: the smallest eigenvalue above the tolerance, or null when every
   * eigenvalue is below it (no direction is covered).
   *
   * @return kappa plus, or null
   */
  public @Nullable Double kappaPlus() {
    return kernelDim < eigenvalues.length ? Reals.positive(eigenvalues[kernelDim], "kappaPlus") : null;
  }

  /**
   * Returns {@code lambda_max(Sigma)} (clamped at 0).
   *
   * @return lambda max
   */
  public @NonNegativeReal double lambdaMax() {
    if (eigenvalues.length == 0) {
      throw new IllegalStateException("dimension 0 has no eigenvalue");
    }
    return Reals.nonNegative(Math.max(eigenvalues[eigenvalues.length - 1], 0), "lambdaMax");
  }

  /**
   * Returns {@code Gamma = lambda_max / kappa_S^+}, or null when {@code kappa_S^+} does not exist.
   *
   * @return Gamma, or null
   */
  public @Nullable Double conditionNumber() {
    Double kp = kappaPlus();
    if (kp == null) {
      return null;
    }
    @PositiveReal double k = Reals.positive(kp, "kappaPlus");
    return Reals.divide(lambdaMax(), k);
  }

  /**
   * Returns the dimension of the kernel {@code N_S}.
   *
   * @return dim N_S
   */
  public int kernelDim() {
    return kernelDim;
  }

  /**
   * Returns the absolute rank tolerance in force.
   *
   * @return tol
   */
  public double tolerance() {
    return tol;
  }

  /**
   * Returns the eigenvalues, ascending (a copy).
   *
   * @return eigenvalues
   */
  public double[] eigenvalues() {
    return eigenvalues.clone();
  }

  /**
   * Returns the unit eigenvectors, row-major: row {@code r} belongs to {@code eigenvalues()[r]}
   * (ascending), so rows {@code 0 .. kernelDim()} span the kernel (a copy). They are computed on
   * the first call that needs them (this one, {@link #kernelBasis}, a projection onto a non-empty
   * kernel, or a restriction with a kernel), by the decomposition with vectors, whose eigenvalues
   * agree with {@link #eigenvalues()} (from the values-only decomposition) up to rounding.
   *
   * @return the d x d eigenvector rows
   */
  public double[] eigenvectors() {
    return vectors().clone();
  }

  /**
   * Returns the rows {@code 0 .. kernelDim()} of {@link #eigenvectors()}, an orthonormal basis of
   * the kernel (empty, and no eigenvector computed, when the kernel is).
   *
   * @return the kernelDim x d basis rows, row-major (a copy)
   */
  public double[] kernelBasis() {
    return kernelDim == 0 ? new double[0] : Arrays.copyOfRange(vectors(), 0, kernelDim * dim);
  }

  /**
   * Returns the dimension d.
   *
   * @return d
   */
  public int dim() {
    return dim;
  }

  /**
   * Writes the orthogonal projection of {@code v} onto the kernel {@code N_S} into {@code out}.
   *
   * @param v the vector, length d
   * @param out output, length d (may not alias v)
   */
  public void projectOntoKernel(double[] v, double[] out) {
    Indices.requireLength(v, dim);
    Indices.requireLength(out, dim);
    Arrays.fill(out, 0.0);
    if (kernelDim == 0) {
      return;
    }
    double[] vectors = vectors();
    for (int r = 0; r < kernelDim; r++) {
      int base = r * dim;
      Indices.requireRange(vectors, base, dim);
      double c = 0;
      for (int j = 0; j < dim; j++) {
        c += vectors[base + j] * v[j];
      }
      for (int j = 0; j < dim; j++) {
        out[j] += c * vectors[base + j];
      }
    }
  }

  /**
   * Returns the projection of {@code v} onto the kernel.
   *
   * @param v the vector
   * @return a new array
   */
  public double[] kernelPart(double[] v) {
    double[] out = new double[dim];
    projectOntoKernel(v, out);
    return out;
  }

  /**
   * Returns the projection of {@code v} onto the range (the orthogonal complement of the kernel).
   *
   * @param v the vector
   * @return a new array
   */
  public double[] rangePart(double[] v) {
    double[] k = kernelPart(v);
    double[] out = new double[dim];
    if (v.length < dim) {
      throw new IllegalArgumentException("v: expected length " + dim + ", got " + v.length);
    }
    for (int j = 0; j < out.length && j < k.length && j < v.length; j++) {
      out[j] = v[j] - k[j];
    }
    return out;
  }
}
