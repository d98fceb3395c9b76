package org.rlhfbounds.bounds;

import org.checkerframework.checker.index.qual.NonNegative;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.common.value.qual.ArrayLen;
import org.ejml.data.DMatrixRMaj;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.PromptMeasure;
import org.rlhfbounds.objective.Coverage;
import org.rlhfbounds.objective.Objective;

/**
 * The split {@code R^d = R (+) U} of a sample into a covered part {@code R} and a part {@code U}
 * treated as uncovered, decided by the project's one kernel policy ({@link Coverage#ofSample}):
 * {@code U} is spanned by the eigenvectors of the uniform-policy covariance {@code Sigma_S(0)}
 * with eigenvalue at most the tolerance, {@code R = U^perp}. {@code U} is the exact kernel {@code
 * N_S} only when every sampled difference is exactly orthogonal to it; the theorems do not assume
 * that (proofs/LEMMA-K.md): they use the sample leakage {@code mu = max_i max_{a,b} ||P_U(phi(x_i,a)
 * - phi(x_i,b))||} ({@link #leakage}), which is 0 for the exact kernel and bounds how much the
 * uncovered part still moves the sampled logits, and the residual {@code eps_n} over the
 * population ({@link #residual}).
 *
 * <p>Norms of projections are returned as upper bounds that account for the rounding of the
 * projection and for the computed basis being orthonormal only up to rounding: {@code U} is
 * defined as the span of the computed kernel rows {@code Q_U}, and with {@code eta = ||Q_U
 * Q_U^T - I||_F} (rounded up) {@code ||P_U v|| <= ||Q_U v|| / sqrt(1 - eta)} and {@code ||P_R
 * v||^2 = ||v||^2 - ||P_U v||^2 <= ||v||^2 - ||Q_U v||^2 / (1 + eta)}. On the covered part,
 * {@code kappa+ = lambda_min(Q_R^T Sigma_S(w*) Q_R)} is computed and, when possible, certified by
 * {@link VerifiedSpd} for that matrix of doubles (proofs/LEMMA-KAPPA-CERT.md).
 *
 * <p>Thread-safe: immutable.
 */
public final class CoveredSubspace {

  private final int dim;
  private final double[] kernel; // kernelDim rows of length d, orthonormal up to rounding
  private final @NonNegative int kernelDim;
  private final Coverage coverage;
  private final double eta; // ||Q_U Q_U^T - I||_F, rounded up

  private CoveredSubspace(Coverage coverage) {
    this.coverage = coverage;
    this.dim = coverage.dim();
    int k = coverage.kernelDim();
    if (k < 0) {
      throw new IllegalStateException("negative kernel dimension " + k);
    }
    this.kernelDim = k;
    this.kernel = coverage.kernelBasis();
    this.eta = gramError(kernel, kernelDim, dim);
  }

  /**
   * The split of a measure's difference span by the project's kernel policy ({@link
   * Coverage#ofSample}).
   *
   * @param o the objective (for the covariance and B)
   * @param m the measure (a sample, or a population)
   * @return the split
   */
  public static CoveredSubspace of(Objective o, PromptMeasure m) {
    return new CoveredSubspace(Coverage.ofSample(o, m));
  }

  /**
   * The split of a symmetric PSD matrix: eigenvectors with eigenvalue at most {@code tol} span
   * {@code U}.
   *
   * @param sigma the matrix (not modified)
   * @param tol the absolute tolerance
   * @return the split
   */
  public static CoveredSubspace of(DMatrixRMaj sigma, double tol) {
    return new CoveredSubspace(Coverage.withTolerance(sigma, lmax -> tol));
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
   * Returns dim U (the kernel dimension when U is the exact kernel).
   *
   * @return the dimension of the part treated as uncovered
   */
  public int kernelDim() {
    return kernelDim;
  }

  /**
   * Returns dim R, the rank of the difference span as decided.
   *
   * @return the rank
   */
  public int rank() {
    return dim - kernelDim;
  }

  /**
   * Returns the tolerance of the rank decision.
   *
   * @return the absolute eigenvalue tolerance on {@code Sigma_S(0)}
   */
  public double tolerance() {
    return coverage.tolerance();
  }

  /**
   * Returns {@code ||Q_U Q_U^T - I||_F}, rounded up: how far the computed basis of U is from
   * orthonormal.
   *
   * @return the Gram error
   */
  public @NonNegativeReal double gramError() {
    return Reals.nonNegative(eta, "Gram error");
  }

  /**
   * Returns {@code P_U v} as computed (for building points such as {@code w* + P_U e0}).
   *
   * @param v the vector
   * @return a new array
   */
  public double[] kernelPart(double[] v) {
    checkLength(v);
    return coverage.kernelPart(v);
  }

  /**
   * Returns {@code P_R v = v - P_U v} as computed.
   *
   * @param v the vector
   * @return a new array
   */
  public double[] rangePart(double[] v) {
    checkLength(v);
    return coverage.rangePart(v);
  }

  /**
   * An upper bound of {@code ||P_U v||} for the exact projector onto {@code U = span(Q_U)}.
   *
   * @param v the vector, length d, finite
   * @return the bound
   */
  public @NonNegativeReal double kernelNormUpper(double[] v) {
    checkLength(v);
    if (kernelDim == 0) {
      return 0;
    }
    double[] c = new double[kernelDim];
    double[] err = new double[kernelDim];
    coordinates(v, c, err);
    double s = 0;
    for (int r = 0; r < kernelDim; r++) {
      double t = Up.add(Math.abs(c[r]), err[r]);
      s = Up.add(s, Up.mul(t, t));
    }
    return Reals.nonNegative(Up.sqrt(Up.div(s, Down.sub(1, eta))), "||P_U v||");
  }

  /**
   * An upper bound of {@code ||P_R v|| = sqrt(||v||^2 - ||P_U v||^2)} for the exact projectors.
   *
   * @param v the vector, length d, finite
   * @return the bound
   */
  public @NonNegativeReal double rangeNormUpper(double[] v) {
    checkLength(v);
    double all = 0;
    for (double x : v) {
      all = Up.add(all, Up.mul(x, x));
    }
    if (kernelDim == 0) {
      return Reals.nonNegative(Up.sqrt(all), "||v||");
    }
    double[] c = new double[kernelDim];
    double[] err = new double[kernelDim];
    coordinates(v, c, err);
    double s = 0;
    for (int r = 0; r < kernelDim; r++) {
      double t = Math.max(Down.sub(Math.abs(c[r]), err[r]), 0);
      s = Down.add(s, Down.mul(t, t));
    }
    double lower = Down.div(s, Up.add(1, eta));
    return Reals.nonNegative(Up.sqrt(Math.max(Up.sub(all, lower), 0)), "||P_R v||");
  }

  /** c[r] = computed <q_r, v>, err[r] = a bound of its rounding error. */
  private void coordinates(double[] v, double[] c, double[] err) {
    int d = dim;
    Indices.requireLength(v, d);
    Indices.requireLength(c, kernelDim);
    Indices.requireLength(err, kernelDim);
    for (int r = 0; r < kernelDim; r++) {
      int base = r * d;
      Indices.requireRange(kernel, base, d);
      double s = 0;
      double abs = 0;
      for (int j = 0; j < d; j++) {
        double t = kernel[base + j] * v[j];
        s += t;
        abs += Math.abs(t);
      }
      c[r] = s;
      err[r] = CompensatedDot.plainError(abs, dim);
    }
  }

  /** {@code ||Q Q^T - I||_F} of k rows of length d, rounded up. */
  private static double gramError(double[] q, int k, int d) {
    double s = 0;
    for (int r = 0; r < k; r++) {
      for (int t = r; t < k; t++) {
        int qr = r * d;
        int qt = t * d;
        Indices.requireRange(q, qr, d);
        Indices.requireRange(q, qt, d);
        double g = 0;
        double abs = 0;
        for (int j = 0; j < d; j++) {
          double x = q[qr + j] * q[qt + j];
          g += x;
          abs += Math.abs(x);
        }
        double e = Up.add(Math.abs(r == t ? g - 1 : g), CompensatedDot.plainError(abs, d));
        double e2 = Up.mul(e, e);
        s = Up.add(s, r == t ? e2 : Up.mul(2, e2));
      }
    }
    double eta = Up.sqrt(s);
    if (!(eta < 0.5)) {
      throw new IllegalStateException("kernel basis is not orthonormal: ||Q Q^T - I|| = " + eta);
    }
    return eta;
  }

  private void checkLength(double[] v) {
    if (v.length != dim) {
      throw new IllegalArgumentException("vector: expected length " + dim + ", got " + v.length);
    }
  }

  /**
   * Returns {@code Q_R^T v}, the coordinates of a vector in the computed basis of the covered part
   * (the basis of {@link #restrict}), as computed.
   *
   * @param v the vector, length d
   * @return the rank coordinates
   */
  public double[] rangeCoordinates(double[] v) {
    checkLength(v);
    return coverage.rangeCoordinates(v);
  }

  /**
   * Returns {@code Q_R y}, the vector with coordinates y in the computed basis of the covered part,
   * as computed.
   *
   * @param y the rank coordinates
   * @return a vector of length d
   */
  public double[] fromRangeCoordinates(double[] y) {
    return coverage.fromRangeCoordinates(y);
  }

  /**
   * Returns {@code Q_R^T Sigma Q_R} (symmetrised), the restriction of a symmetric matrix to the
   * covered part, as a row-major {@code rank x rank} array.
   *
   * @param sigma the d x d matrix
   * @return the restriction
   */
  public double[] restrict(DMatrixRMaj sigma) {
    return coverage.restrictToRange(sigma);
  }

  /**
   * {@code kappa+}: the smallest eigenvalue of {@code Sigma} on the covered part, as computed by
   * the eigen-solver ({@code lambda_min(Q_R^T Sigma Q_R)}); NaN when the rank is 0.
   *
   * @param sigma the d x d matrix ({@code Sigma_S(w*)})
   * @return kappa+ as computed
   */
  public double kappaPlusComputed(DMatrixRMaj sigma) {
    return coverage.rangeMinimum(sigma);
  }

  /**
   * A certified lower bound of {@code kappa+}, the smallest eigenvalue on the covered part R of
   * every matrix in the enclosure (the exact {@code Sigma}): under full coverage Rump's certificate
   * on the midpoint minus the radius (as {@link CovarianceEnclosure#lambdaMinLower}); with a kernel
   * the certificate of {@code Q_R^T Mid Q_R} minus twice the radius ({@code ||Q_R||^2 <= 2} up to
   * rounding; the distance of the computed {@code Q_R} from an orthonormal basis of R and the
   * rounding of the restriction are not enclosed, LEMMA-K). 0 when nothing is certified or the
   * rank is 0.
   *
   * @param sigma the enclosure
   * @return the certified kappa+
   */
  @Theorem("LEMMA-KAPPA-CERT")
  public @NonNegativeReal double kappaPlusCertified(CovarianceEnclosure sigma) {
    KappaPlus kp = kappaPlus(sigma);
    Double v = kp.value();
    return Reals.nonNegative(kp.certified() && v != null ? v : 0, "certified kappa+");
  }

  /**
   * {@code kappa+} of the exact {@code Sigma} on the covered part: certified ({@link
   * #kappaPlusCertified}) when that is positive, else the eigen-solver's value for the midpoint
   * when that is positive and finite, else none. One restriction and one eigen-decomposition serve
   * both.
   *
   * @param sigma the enclosure of {@code Sigma_S(w*)} (or of Sigma at another w)
   * @return the value and whether it is certified
   */
  @Theorem("LEMMA-KAPPA-CERT")
  public KappaPlus kappaPlus(CovarianceEnclosure sigma) {
    int r = rank();
    if (r == 0) {
      return new KappaPlus(null, false);
    }
    double rad = sigma.radius();
    if (!Double.isFinite(rad)) {
      return new KappaPlus(null, false); // nothing is enclosed
    }
    DMatrixRMaj mid = sigma.midpoint();
    double[] q = kernelDim() == 0 ? mid.data : restrict(mid);
    double comp = Coverage.smallestEigenvalue(q, r);
    double cert = VerifiedSpd.lowerBound(q, r, comp);
    double c = cert > 0 ? Down.sub(cert, Up.mul(kernelDim() == 0 ? 1 : 2, rad)) : 0;
    if (c > 0) {
      return new KappaPlus(c, true);
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
   * The sample leakage {@code mu = max_i max_{a,b} ||P_U(phi(x_i,a) - phi(x_i,b))||} over the
   * prompts of a measure, rounded up: 0 when U is the exact kernel of the measure, and in general
   * how far the part treated as uncovered still moves the sampled logits (proofs/LEMMA-K.md).
   *
   * @param sample the measure (the sample the split was decided on)
   * @return mu, rounded up
   */
  @Theorem("LEMMA-K")
  public @NonNegativeReal double leakage(PromptMeasure sample) {
    return leakageOf(worstDifferences(sample.prompts()));
  }

  /**
   * {@link #leakage} and {@link #residual} of one measure from one pass over its prompts: {@code
   * {mu, eps}}, the same values as the two calls.
   *
   * @param m the measure
   * @return {@code {mu, eps}}, each rounded up
   */
  double @ArrayLen(2) [] leakageAndResidual(PromptMeasure m) {
    double[] worst = worstDifferences(m.prompts());
    return new double[] {leakageOf(worst), residualOf(m, worst)};
  }

  private static @NonNegativeReal double leakageOf(double[] worstDifferences) {
    double worst = 0;
    for (double w : worstDifferences) {
      worst = Math.max(worst, w);
    }
    return Reals.nonNegative(Up.sqrt(worst), "mu");
  }

  /**
   * An upper bound of {@code max b^T S b} over the unit vectors b of U and every matrix S of the
   * enclosure {@code sigma} (proofs/T-POST.md, item 3'): with b = Q_U^T c, {@code ||c||^2 <=
   * ||b||^2 / (1 - eta)}, and {@code b^T S b <= c^T N c + ||S - Mid||_F ||b||^2} with {@code N =
   * Q_U Mid Q_U^T}; {@code lambda_max(N)} is at most the largest row sum of entry bounds {@code
   * |fl(N)_rs| + gamma_{4d+8} (|Q_U| |Mid| |Q_U|^T)_rs + 8 d 2^-1074} (Gershgorin; Higham (3.13)
   * for the two products). 0 when U = {0}; infinite when nothing is enclosed.
   *
   * @param sigma an enclosure of a d x d covariance
   * @return the bound, rounded up
   */
  @Theorem("T-POST")
  public @NonNegativeReal double kernelLambdaMaxUpper(CovarianceEnclosure sigma) {
    if (kernelDim == 0) {
      return 0;
    }
    double @Nullable @ArrayLen(4) [] [] p = sandwich(sigma);
    double radius = sigma.radius();
    if (p == null) {
      return Reals.nonNegative(Double.POSITIVE_INFINITY, "lambda_max on U");
    }
    double[] n = p[2];
    double[] na = p[3];
    int kd = kernelDim;
    double gamma = Constants.gamma(4.0 * dim + 8);
    double worst = 0;
    for (int r = 0; r < kd; r++) {
      double row = 0;
      for (int c = 0; c < kd; c++) {
        int o = r * kd + c;
        Indices.requireIndex(n, o);
        Indices.requireIndex(na, o);
        double entry =
            Up.add(Up.add(Math.abs(n[o]), Up.mul(gamma, na[o])),
                Up.mul(8.0 * dim, Double.MIN_VALUE));
        row = Up.add(row, entry);
      }
      worst = Math.max(worst, row);
    }
    double bound = Up.add(Up.div(worst, Down.sub(1, eta)), radius);
    return Reals.nonNegative(Double.isNaN(bound) ? Double.POSITIVE_INFINITY : bound,
        "lambda_max on U");
  }

  /**
   * An upper bound {@code sigma_RU} of {@code |a^T S b| / (||a|| ||b||)} over the non-zero {@code a}
   * in R, the non-zero {@code b} in U and every matrix S of the enclosure {@code sigma}: the norm of
   * the block {@code P_R S P_U} (proofs/T-POST.md, item 3', "The cross term"). With {@code b = Q_U^T
   * c} and {@code Q_U a = 0}, {@code a^T S b = c^T (Q_U S - N Q_U) a} for any kd x kd matrix N; with
   * N the computed {@code Q_U Mid Q_U^T}, {@code F = Q_U Mid - N Q_U} is computed and bounded entry
   * by entry by {@code |fl(F)| + gamma_{2d+2kd+8} (|fl(F)| + |Q_U| |Mid| + |N| |Q_U|) + 8 (d + kd)
   * 2^-1074} (Higham (3.13) for the products), and {@code sigma_RU = (||F||_F + sqrt(1 + eta)
   * ||S - Mid||_F) / sqrt(1 - eta)}. 0 when U = {0} or R = {0}; infinite when nothing is
   * enclosed.
   *
   * @param sigma an enclosure of a d x d covariance
   * @return the bound, rounded up
   * @throws IllegalArgumentException if the enclosure's dimension differs from the split's
   */
  @Theorem("T-POST")
  public @NonNegativeReal double crossNormUpper(CovarianceEnclosure sigma) {
    if (kernelDim == 0 || kernelDim == dim) {
      return 0;
    }
    double @Nullable @ArrayLen(4) [] [] p = sandwich(sigma);
    double radius = sigma.radius();
    if (p == null) {
      return Reals.nonNegative(Double.POSITIVE_INFINITY, "the cross norm of R and U");
    }
    double[] t = p[0];
    double[] ta = p[1];
    double[] n = p[2];
    int d = dim;
    int kd = kernelDim;
    double gamma = Constants.gamma(2.0 * d + 2.0 * kd + 8);
    double tiny = Up.mul(8.0 * (d + kd), Double.MIN_VALUE);
    int size = Math.max(0, kd * d);
    double[] nq = new double[size];
    double[] nqa = new double[size];
    product(n, null, kd, kd, kernel, d, false, nq, nqa);
    double squares = 0;
    for (int o = 0; o < size; o++) {
      Indices.requireIndex(t, o);
      Indices.requireIndex(ta, o);
      Indices.requireIndex(nq, o);
      Indices.requireIndex(nqa, o);
      double f = Math.abs(t[o] - nq[o]);
      double entry =
          Up.add(Up.add(f, Up.mul(gamma, Up.add(Up.add(f, ta[o]), nqa[o]))), tiny);
      squares = Up.add(squares, Up.mul(entry, entry));
    }
    double bound =
        Up.div(Up.add(Up.sqrt(squares), Up.mul(Up.sqrt(Up.add(1, eta)), radius)),
            Down.sqrt(Down.sub(1, eta)));
    return Reals.nonNegative(Double.isNaN(bound) ? Double.POSITIVE_INFINITY : bound,
        "the cross norm of R and U");
  }

  /**
   * The products of the kernel rows with a d x d midpoint: {@code {T, |Q_U| |Mid|, N, |T| |Q_U|^T}}
   * with {@code T = fl(Q_U Mid)} (kd x d) and {@code N = fl(T Q_U^T)} (kd x kd), each absolute
   * product computed in floating point; null when the enclosure is not finite or the basis's Gram
   * error is not below 1.
   *
   * @throws IllegalArgumentException if the enclosure's dimension differs from the split's
   */
  private double @Nullable @ArrayLen(4) [] [] sandwich(CovarianceEnclosure sigma) {
    if (sigma.dim() != dim) {
      throw new IllegalArgumentException(
          "covariance: dimension " + sigma.dim() + " differs from the split's " + dim);
    }
    if (!Double.isFinite(sigma.radius()) || !(eta < 1)) {
      return null;
    }
    double[] mid = sigma.midpoint().data;
    int d = dim;
    int kd = kernelDim;
    Indices.requireLength(mid, d * d);
    int size = Math.max(0, kd * d);
    double[] t = new double[size];
    double[] ta = new double[size];
    product(kernel, null, kd, d, mid, d, false, t, ta);
    int small = Math.max(0, kd * kd);
    double[] n = new double[small];
    double[] na = new double[small];
    product(t, ta, kd, d, kernel, kd, true, n, na);
    return new double[][] {t, ta, n, na};
  }

  /**
   * {@code out = fl(A B)} and {@code outAbs = fl(|A| |B|)}, each sum in the order of the inner
   * index: A is {@code rows x inner} (row-major) with absolute values {@code aAbs} ({@code |A|}
   * when null); B is {@code inner x cols} (row-major), or, when {@code transposed}, the transpose
   * of the {@code cols x inner} row-major matrix {@code b}.
   */
  private static void product(
      double[] a, double @Nullable [] aAbs, int rows, int inner, double[] b, int cols,
      boolean transposed, double[] out, double[] outAbs) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double sum = 0;
        double abs = 0;
        for (int i = 0; i < inner; i++) {
          int ai = r * inner + i;
          int bi = transposed ? c * inner + i : i * cols + c;
          Indices.requireIndex(a, ai);
          Indices.requireIndex(b, bi);
          double x = a[ai];
          double xa = Math.abs(x);
          if (aAbs != null) {
            Indices.requireIndex(aAbs, ai);
            xa = aAbs[ai];
          }
          sum += x * b[bi];
          abs += xa * Math.abs(b[bi]);
        }
        int o = r * cols + c;
        Indices.requireIndex(out, o);
        Indices.requireIndex(outAbs, o);
        out[o] = sum;
        outAbs[o] = abs;
      }
    }
  }

  /**
   * The residual {@code eps_n = E_x max_{a,b} ||P_U(phi(x,a) - phi(x,b))||^2} of this split over a
   * measure (exact for a finite population: a weighted sum), rounded up.
   *
   * @param population the measure of x
   * @return eps_n, rounded up
   */
  @Theorem("T-RES")
  public @NonNegativeReal double residual(PromptMeasure population) {
    return residualOf(population, worstDifferences(population.prompts()));
  }

  private static @NonNegativeReal double residualOf(PromptMeasure population, double[] worst) {
    double total = 0;
    for (int i = 0; i < worst.length; i++) {
      total = Up.add(total, Up.mul(population.weight(i), worst[i]));
    }
    return Reals.nonNegative(total, "eps_n");
  }

  /** Per prompt, an upper bound of {@code max_{a,b} ||P_U(phi(x,a) - phi(x,b))||^2}. */
  private double[] worstDifferences(Features prompts) {
    Features f = checkDim(prompts);
    double[] out = new double[f.size()];
    if (kernelDim > 0) {
      Scratch sc = new Scratch(Math.max(f.maxCandidates(), 0), kernelDim, f);
      for (int i = 0; i < out.length; i++) {
        out[i] = maxDifferenceSquared(f, i, sc);
      }
    }
    return out;
  }

  private Features checkDim(Features f) {
    if (f.dim() != dim) {
      throw new IllegalArgumentException(
          "prompts: dimension " + f.dim() + " differs from the split's " + dim);
    }
    return f;
  }

  /** Per-prompt scratch: projected coordinates and their error bounds, K x kernelDim. */
  private static final class Scratch {
    final double[] y;
    final double[] err;
    final double[] rows; // a float32 prompt's rows, widened ({@link PromptRows})

    Scratch(@NonNegative int k, @NonNegative int rows, Features f) {
      this.y = new double[k * rows];
      this.err = new double[k * rows];
      this.rows = f.rowScratch();
    }
  }

  /**
   * An upper bound of {@code max_{a,b} ||P_U(phi(x_i,a) - phi(x_i,b))||^2}: the coordinates {@code
   * y_a = Q_U (phi_a - phi_0)} with their rounding bounds, pairwise differences rounded outward,
   * and the Gram correction {@code 1 / (1 - eta)}.
   */
  private double maxDifferenceSquared(Features f, int i, Scratch sc) {
    int k = f.candidates(i);
    int d = dim;
    PromptRows pr = PromptRows.of(f, i, sc.rows);
    int base0 = pr.base(0);
    double[] data = pr.data();
    int kd = kernelDim;
    Indices.requireRange(data, base0, d);
    for (int a = 0; a < k; a++) {
      int baseA = pr.base(a);
      int ya = a * kd;
      Indices.requireRange(data, baseA, d);
      Indices.requireRange(sc.y, ya, kd);
      Indices.requireRange(sc.err, ya, kd);
      for (int r = 0; r < kd; r++) {
        double s = 0;
        double err = 0;
        if (a > 0) {
          // compensated (CompensatedDot): the rounding of the projection is relative to the
          // leakage itself, not to the features, so a numerical kernel's mu is its true size
          Enclosure e = CompensatedDot.centred(kernel, r * d, null, data, baseA, base0, d);
          s = e.mid();
          err = Math.max(Up.sub(e.hi(), s), Up.sub(s, e.lo()));
        }
        sc.y[ya + r] = s;
        sc.err[ya + r] = err;
      }
    }
    double worst = 0;
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        int oa = a * kd;
        int ob = b * kd;
        Indices.requireRange(sc.y, oa, kd);
        Indices.requireRange(sc.y, ob, kd);
        Indices.requireRange(sc.err, oa, kd);
        Indices.requireRange(sc.err, ob, kd);
        double s = 0;
        for (int r = 0; r < kd; r++) {
          double ya = sc.y[oa + r];
          double yb = sc.y[ob + r];
          double t = Math.max(Math.abs(Up.sub(ya, yb)), Math.abs(Down.sub(ya, yb)));
          t = Up.add(t, Up.add(sc.err[oa + r], sc.err[ob + r]));
          s = Up.add(s, Up.mul(t, t));
        }
        worst = Math.max(worst, s);
      }
    }
    return Up.div(worst, Down.sub(1, eta));
  }
}
