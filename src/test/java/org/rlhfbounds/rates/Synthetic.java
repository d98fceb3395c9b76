package org.rlhfbounds.rates;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/** Synthetic rate data for the tests: {@code y = f(x) (1 + noise)} with seeded noise. */
final class Synthetic {
  private Synthetic() {}

  /** {@code k} log-spaced design points from {@code lo} to {@code hi}. */
  static double[] logGrid(double lo, double hi, int k) {
    double[] x = new double[k];
    for (int i = 0; i < k; i++) {
      x[i] = Math.rint(lo * Math.pow(hi / lo, i / (double) (k - 1)));
    }
    return x;
  }

  /**
   * {@code y_kj = f(x_k) (1 + s u_kj)}, {@code u} uniform on {@code [-1, 1]}: multiplicative noise
   * whose law does not depend on {@code x}, so {@code E log y = log f(x) + const}.
   */
  static RateData data(
      String name, double[] x, int r, DoubleUnaryOperator f, double s, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] y = new double[x.length][r];
    for (int k = 0; k < x.length; k++) {
      for (int j = 0; j < r; j++) {
        y[k][j] = f.applyAsDouble(x[k]) * (1 + s * (2 * rng.nextDouble() - 1));
      }
    }
    return RateData.of(name, x, y);
  }

  /** Power law data {@code C x^a (1 + s u)}. */
  static RateData power(double c, double a, double[] x, int r, double s, long seed) {
    return data("power", x, r, v -> c * Math.pow(v, a), s, seed);
  }

  /**
   * Exact binomial test against a band of success probabilities: {@code count} successes out of
   * {@code n} are rejected as too few if {@code P(Bin(n, pLo) <= count) < alpha}, and as too many
   * if {@code P(Bin(n, pHi) >= count) < alpha}. With {@code alpha = 0.001} a correct method (true
   * probability in the band) fails this check with probability below 0.1% per side.
   */
  static boolean consistentWithBand(int count, int n, double pLo, double pHi, double alpha) {
    // too few successes even for the smallest allowed p: P(Bin(n, pLo) <= count) < alpha
    boolean tooFew = lowerTail(count, n, pLo) < alpha;
    // too many even for the largest allowed p: P(Bin(n, pHi) >= count) < alpha
    boolean tooMany = 1 - lowerTail(count - 1, n, pHi) < alpha;
    return !tooFew && !tooMany;
  }

  /** {@code P(Bin(n, p) <= k)} by summing the probability mass in log space. */
  static double lowerTail(int k, int n, double p) {
    if (k < 0) {
      return 0;
    }
    if (k >= n) {
      return 1;
    }
    double s = 0;
    for (int i = 0; i <= k; i++) {
      s += Math.exp(logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log1p(-p));
    }
    return Math.min(1, s);
  }

  static double logChoose(int n, int k) {
    double s = 0;
    for (int i = 1; i <= k; i++) {
      s += Math.log(n - k + i) - Math.log(i);
    }
    return s;
  }
}
