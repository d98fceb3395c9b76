package org.rlhfbounds.bounds;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.rounding.Up;

/**
 * Encloses a centred dot product {@code <x - y, phi_a - phi_0>} (or {@code <x, phi_a - phi_0>})
 * with error-free transformations, so that the enclosure's radius is {@code 2u |<x - y, phi_a -
 * phi_0>|} plus a second-order term, instead of the first-order {@code gamma_n sum_j |x_j - y_j|
 * |phi_aj - phi_0j|} of a plain dot product (proofs/MEASURE.md, "Compensated dot products").
 *
 * <p>Each difference is split exactly into its rounded value and its error by TwoSum (Knuth, The
 * Art of Computer Programming, vol. 2, 3rd ed., 1998, section 4.2.2, Theorem B), each product of
 * the rounded differences into its rounded value and its error by one fused multiply-add
 * (Ogita, Rump and Oishi, "Accurate sum and dot product", SIAM J. Sci. Comput. 26(6), 2005,
 * doi:10.1137/030601818, Algorithm 3.5 with FMA), and the rounded products are summed by a chain of
 * TwoSums whose errors are kept. Everything kept is a sum of second-order terms, summed in plain
 * double arithmetic and bounded by {@code gamma_{2m+8}} times their absolute sum ({@code m = 5n}
 * terms), plus {@code 2^-1074} for every operation that may underflow.
 *
 * <p>A non-finite input or an overflow gives the whole real line. Thread-safe: static methods
 * only.
 */
final class CompensatedDot {
  private static final double U = 0x1p-53;

  private CompensatedDot() {}

  /**
   * Encloses {@code <x - y, data[baseA ..] - data[base0 ..]>} over {@code n} coordinates, {@code
   * x} read from {@code xOff} ({@code y}, when not null, from 0): the plain dot product's
   * enclosure (proofs/MEASURE.md, {@code gamma_{2n+12}} times the absolute sum) when its radius is
   * at most {@code 2^-26} of the value or every product is zero, else {@link #compensated}'s.
   * Either is an enclosure; the choice depends on the data only, so the result is the same on
   * every run.
   *
   * @param x the first vector
   * @param xOff its first index
   * @param y the vector subtracted from x, or null
   * @param data the rows
   * @param baseA the first index of row a
   * @param base0 the first index of row 0
   * @param n the length
   * @return the enclosure
   */
  @Theorem("MEASURE")
  static Enclosure centred(
      double[] x, int xOff, double @Nullable [] y, double[] data, int baseA, int base0, int n) {
    Indices.requireRange(x, xOff, n);
    Indices.requireRange(data, baseA, n);
    Indices.requireRange(data, base0, n);
    double s = 0;
    double abs = 0;
    for (int j = 0; j < n; j++) {
      double xj = x[xOff + j];
      if (y != null) {
        Indices.requireIndex(y, j);
        xj = xj - y[j];
      }
      double t = xj * (data[baseA + j] - data[base0 + j]);
      s += t;
      abs += Math.abs(t);
    }
    if (Double.isFinite(s) && Double.isFinite(abs)) {
      double err = plainError(abs, n + 2);
      // abs = 0: every product is zero (exactly, or below the underflow threshold), and the
      // plain radius 4 k 2^-1074 is as small as any
      if (err <= 0x1p-26 * Math.abs(s) || abs == 0) {
        return Enclosure.around(s, err);
      }
    }
    return compensated(x, xOff, y, data, baseA, base0, n);
  }

  /**
   * {@code gamma_{2k+8} abs + 4 k MIN_VALUE}, rounded up: the radius of a plain dot product of
   * {@code k} terms whose operands carry at most one rounded subtraction each (proofs/MEASURE.md).
   */
  static double plainError(double abs, int k) {
    return Up.add(Up.mul(Constants.gamma(2.0 * k + 8), abs), Up.mul(4.0 * k, Double.MIN_VALUE));
  }

  /**
   * {@link #centred}, always compensated: the radius is {@code 2u} times the value plus a
   * second-order term.
   *
   * @param x the first vector
   * @param xOff its first index
   * @param y the vector subtracted from x, or null
   * @param data the rows
   * @param baseA the first index of row a
   * @param base0 the first index of row 0
   * @param n the length
   * @return the enclosure
   */
  static Enclosure compensated(
      double[] x, int xOff, double @Nullable [] y, double[] data, int baseA, int base0, int n) {
    Indices.requireRange(x, xOff, n);
    Indices.requireRange(data, baseA, n);
    Indices.requireRange(data, base0, n);
    double sigma = 0;
    double small = 0;
    double smallAbs = 0;
    for (int j = 0; j < n; j++) {
      double xj = x[xOff + j];
      double dx = xj;
      double ex = 0;
      if (y != null) {
        Indices.requireIndex(y, j);
        double yj = -y[j];
        dx = xj + yj;
        ex = twoSumError(xj, yj, dx);
      }
      double fa = data[baseA + j];
      double f0 = -data[base0 + j];
      double c = fa + f0;
      double ec = twoSumError(fa, f0, c);
      double p = dx * c;
      double pi = Math.fma(dx, c, -p);
      double next = sigma + p;
      double es = twoSumError(sigma, p, next);
      sigma = next;
      double t1 = dx * ec;
      double t2 = ex * c;
      double t3 = ex * ec;
      small += es + pi + t1 + t2 + t3;
      smallAbs += Math.abs(es) + Math.abs(pi) + Math.abs(t1) + Math.abs(t2) + Math.abs(t3);
    }
    double mid = sigma + small;
    if (!Double.isFinite(mid) || !Double.isFinite(smallAbs) || !Double.isFinite(sigma)) {
      return Enclosure.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    int m = 5 * n;
    double gamma = Constants.gamma(2.0 * m + 8);
    double err =
        Up.add(
            Up.add(Up.mul(2 * U, Math.abs(mid)), Up.mul(gamma, smallAbs)),
            Up.mul(8.0 * m + 4, Double.MIN_VALUE));
    return Enclosure.around(mid, err);
  }

  /** The exact error {@code a + b - s} of {@code s = fl(a + b)} (TwoSum; no overflow). */
  private static double twoSumError(double a, double b, double s) {
    double bv = s - a;
    double av = s - bv;
    return (a - av) + (b - bv);
  }
}
