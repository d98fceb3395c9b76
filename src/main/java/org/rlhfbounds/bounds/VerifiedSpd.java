package org.rlhfbounds.bounds;

import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;

/**
 * Verified lower bounds on the smallest eigenvalue of a symmetric matrix of doubles, by a
 * floating-point Cholesky factorisation in the manner of S. M. Rump, "Verification of positive
 * definiteness", BIT Numerical Mathematics 46 (2006) 433-452 (Theorem 2.3 and Corollary 2.4, with
 * the computable upper bound on the constant {@code c} formalised in the Coq development ValidSDP,
 * lemma {@code corollary_2_4_with_c_upper_bound}).
 *
 * <h2>The criterion (proofs/LEMMA-KAPPA-CERT.md)</h2>
 *
 * Let {@code A} be a symmetric {@code N x N} matrix of doubles with non-negative diagonal, {@code
 * u = 2^-53}, {@code eta = 2^-1074}, {@code gamma_k = k u / (1 - k u)} and
 *
 * <pre>
 *   c = gamma_{2(N+1)} tr(A) / 2 + 4 eta N (2 (N + 1) + max_i a_ii).
 * </pre>
 *
 * If {@code s >= 0} and the floating-point Cholesky factorisation (the textbook algorithm below, in
 * IEEE binary64 round-to-nearest, sums from left to right) of the matrix {@code At} equal to {@code
 * A} off the diagonal and with {@code At_ii <= a_ii - (c + s)} (as real numbers) runs to completion
 * with positive pivots, then {@code x^T A x > s ||x||^2} for every {@code x != 0}, that is {@code
 * lambda_min(A) > s}.
 *
 * <p>Every constant above is evaluated with {@link Up}; the lowered diagonal with {@link Down}.
 * What is certified is the smallest eigenvalue of the matrix of doubles that is passed in: the
 * rounding errors made while computing that matrix (for instance {@code Sigma_S(w*)} by {@link
 * org.rlhfbounds.objective.Objective#covariance}) are not enclosed.
 *
 * <p>NaN or infinite entries make every method report failure ({@code false} or 0). Thread-safe:
 * stateless.
 */
public final class VerifiedSpd {
  private static final double U = 0x1.0p-53;
  private static final double ETA = 0x1.0p-1074;

  /** Fractions of the computed eigenvalue tried as certified lower bounds, best first. */
  private static final double[] TRIES = {1 - 0x1.0p-20, 1 - 0x1.0p-10, 0.9, 0.5, 0.1, 0.01};

  private VerifiedSpd() {}

  /**
   * Rump's constant {@code c} for a matrix, rounded upward.
   *
   * @param a row-major {@code n x n} matrix
   * @param n the dimension
   * @return {@code c}, or NaN if the diagonal has a negative, NaN or infinite entry
   */
  // reason: a has n * n entries (checked by callers), the diagonal is a[i * n + i].
  @SuppressWarnings("index")
  static double rumpShift(double[] a, int n) {
    double trace = 0;
    double maxDiag = 0;
    for (int i = 0; i < n; i++) {
      double v = a[i * n + i];
      if (!(v >= 0) || !Double.isFinite(v)) {
        return Double.NaN;
      }
      trace = Up.add(trace, v);
      maxDiag = Math.max(maxDiag, v);
    }
    double k = 2.0 * (n + 1); // exact: small integer
    double ku = k * U; // exact: scaling by a power of two
    double gamma = Up.div(ku, Down.sub(1, ku));
    double first = Up.div(Up.mul(gamma, trace), 2);
    double second =
        Up.mul(Up.mul(4 * ETA, n), Up.add(2.0 * (n + 1), maxDiag)); // 4 * ETA exact (2^-1072)
    return Up.add(first, second);
  }

  /**
   * Decides whether {@code A - s I} is certified positive definite by the criterion of the class
   * Javadoc.
   *
   * @param a row-major symmetric {@code n x n} matrix (not modified; only the upper triangle and the
   *     diagonal are read)
   * @param n the dimension, {@code >= 1}
   * @param s the shift, {@code >= 0}
   * @return true only if {@code lambda_min(A) > s} is proved
   * @throws IllegalArgumentException if {@code s} is NaN, infinite or out of its range
   */
  @Theorem("LEMMA-KAPPA-CERT")
  // reason: a and r have n * n entries, every access is row * n + column with row, column < n.
  @SuppressWarnings("index")
  public static boolean certifiesAbove(double[] a, int n, @NonNegativeReal double s) {
    Reals.nonNegative(s, "s");
    if (n < 1 || a.length != n * n) {
      throw new IllegalArgumentException(
          "matrix: expected " + n + " x " + n + " entries, got " + a.length);
    }
    double c = rumpShift(a, n);
    if (Double.isNaN(c)) {
      return false;
    }
    double shift = Up.add(c, s);
    if (!Double.isFinite(shift)) {
      return false;
    }
    double[] r = new double[n * n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < j; i++) {
        if (!Double.isFinite(a[i * n + j])) {
          return false;
        }
        double acc = a[i * n + j];
        for (int k = 0; k < i; k++) {
          acc = acc - r[k * n + i] * r[k * n + j];
        }
        r[i * n + j] = acc / r[i * n + i];
      }
      double acc = Down.sub(a[j * n + j], shift);
      for (int k = 0; k < j; k++) {
        acc = acc - r[k * n + j] * r[k * n + j];
      }
      if (!(acc > 0) || !Double.isFinite(acc)) {
        return false;
      }
      r[j * n + j] = Math.sqrt(acc);
    }
    for (double v : r) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A certified lower bound on {@code lambda_min(A)}: the largest of the shifts {@code s = f *
   * approx} ({@code f} in a fixed list from {@code 1 - 2^-20} down to {@code 0.01}) that {@link
   * #certifiesAbove} proves, or 0 when none is proved (which certifies nothing, since the matrix may
   * be singular).
   *
   * @param a row-major symmetric {@code n x n} matrix
   * @param n the dimension
   * @param approx an approximation of {@code lambda_min(A)} (for instance from an eigen-solver);
   *     values {@code <= 0} give 0
   * @return {@code s} with {@code lambda_min(A) > s}, or 0
   */
  @Theorem("LEMMA-KAPPA-CERT")
  public static @NonNegativeReal double lowerBound(double[] a, int n, double approx) {
    if (!(approx > 0) || !Double.isFinite(approx)) {
      return 0;
    }
    for (double f : TRIES) {
      double s = Down.mul(approx, f);
      if (s > 0 && certifiesAbove(a, n, Reals.nonNegative(s, "shift"))) {
        return Reals.nonNegative(s, "certified lambda_min");
      }
    }
    return 0;
  }

  /**
   * A rigorous upper bound on {@code lambda_max(A)} of a symmetric matrix by Gershgorin's theorem,
   * {@code max_i (a_ii + sum_{j != i} |a_ij|)}, rounded upward.
   *
   * @param a row-major symmetric {@code n x n} matrix
   * @param n the dimension
   * @return the bound ({@code >= 0} is not promised for a matrix that is not PSD; clamped at 0)
   */
  // reason: a has n * n entries, accesses are row * n + column with row, column < n.
  @SuppressWarnings("index")
  public static @NonNegativeReal double gershgorinUpper(double[] a, int n) {
    if (a.length != n * n) {
      throw new IllegalArgumentException(
          "matrix: expected " + n + " x " + n + " entries, got " + a.length);
    }
    double best = 0;
    for (int i = 0; i < n; i++) {
      double row = a[i * n + i];
      for (int j = 0; j < n; j++) {
        if (j != i) {
          row = Up.add(row, Math.abs(a[i * n + j]));
        }
      }
      best = Math.max(best, row);
    }
    return Reals.nonNegative(best, "Gershgorin bound");
  }
}
