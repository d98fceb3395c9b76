package org.rlhfbounds.stability;

/**
 * Quantiles for confidence intervals: the standard normal (Acklam's rational approximation,
 * relative error below {@code 1.2e-9}, refined by one Newton step on {@code erfc}) and Student's
 * t (bisection on the exact distribution function, computed with the regularised incomplete beta
 * function by its continued fraction, to about {@code 1e-12}).
 *
 * <p>Inputs outside {@code (0, 1)} or degrees of freedom below 1 throw {@link
 * IllegalArgumentException}. Thread-safe: stateless.
 */
final class Quantiles {
  private Quantiles() {}

  private static final double[] A = {
    -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
    1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
  };
  private static final double[] B = {
    -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
    6.680131188771972e+01, -1.328068155288572e+01
  };
  private static final double[] C = {
    -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
    -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
  };
  private static final double[] D = {
    7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
  };

  /**
   * The standard normal quantile {@code Phi^{-1}(p)}.
   *
   * @param p the probability, in {@code (0, 1)}
   * @return the quantile
   */
  static double normal(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("normal quantile: p must lie in (0, 1), got " + p);
    }
    double q;
    double x;
    if (p < 0.02425) {
      q = Math.sqrt(-2 * Math.log(p));
      x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
          / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    } else if (p <= 1 - 0.02425) {
      q = p - 0.5;
      double r = q * q;
      x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
          / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    } else {
      q = Math.sqrt(-2 * Math.log(1 - p));
      x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
          / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    // one Newton step on Phi(x) - p
    double e = normalCdf(x) - p;
    double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
    return x - u / (1 + x * u / 2);
  }

  /** Phi(x) = 1 - P(t = 1, x^2/2)/2 style, via the incomplete gamma of order 1/2. */
  static double normalCdf(double x) {
    double t = x * x / 2;
    double half = 0.5 * regularizedGammaQ(0.5, t);
    return x >= 0 ? 1 - half : half;
  }

  /**
   * Student's t quantile with {@code nu} degrees of freedom.
   *
   * @param p the probability, in {@code (0, 1)}
   * @param nu degrees of freedom, {@code >= 1}
   * @return the quantile
   */
  static double student(double p, int nu) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("t quantile: p must lie in (0, 1), got " + p);
    }
    if (nu < 1) {
      throw new IllegalArgumentException("t quantile: degrees of freedom must be >= 1, got " + nu);
    }
    if (p < 0.5) {
      return -student(1 - p, nu);
    }
    double lo = 0;
    double hi = 1;
    while (studentCdf(hi, nu) < p) {
      hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
      double mid = 0.5 * (lo + hi);
      if (studentCdf(mid, nu) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /** P(T <= t) for t >= 0: 1 - I_{nu/(nu+t^2)}(nu/2, 1/2) / 2. */
  static double studentCdf(double t, int nu) {
    double x = nu / (nu + t * t);
    double tail = 0.5 * regularizedBeta(x, nu / 2.0, 0.5);
    return t >= 0 ? 1 - tail : tail;
  }

  /** The regularised incomplete beta I_x(a, b) (Numerical Recipes betai/betacf). */
  static double regularizedBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
    double bt = Math.exp(lbt);
    if (x < (a + 1) / (a + b + 2)) {
      return bt * betaFraction(x, a, b) / a;
    }
    return 1 - bt * betaFraction(1 - x, b, a) / b;
  }

  private static double betaFraction(double x, double a, double b) {
    double tiny = 1e-300;
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    if (Math.abs(d) < tiny) {
      d = tiny;
    }
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 10000; m++) {
      int m2 = 2 * m;
      double del = 1;
      for (int half = 0; half < 2; half++) {
        double aa =
            half == 0
                ? m * (b - m) * x / ((qam + m2) * (a + m2))
                : -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        if (Math.abs(d) < tiny) {
          d = tiny;
        }
        c = 1 + aa / c;
        if (Math.abs(c) < tiny) {
          c = tiny;
        }
        d = 1 / d;
        del = d * c;
        h *= del;
      }
      if (Math.abs(del - 1) < 1e-15) {
        break;
      }
    }
    return h;
  }

  /** Q(a, x) = Gamma(a, x) / Gamma(a), by series (x < a + 1) or continued fraction. */
  static double regularizedGammaQ(double a, double x) {
    if (x <= 0) {
      return 1;
    }
    double gln = logGamma(a);
    if (x < a + 1) {
      double ap = a;
      double sum = 1 / a;
      double del = sum;
      for (int n = 0; n < 10000; n++) {
        ap += 1;
        del *= x / ap;
        sum += del;
        if (Math.abs(del) < Math.abs(sum) * 1e-16) {
          break;
        }
      }
      return 1 - sum * Math.exp(-x + a * Math.log(x) - gln);
    }
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = b + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - gln) * h;
  }

  /** log Gamma(x) for x > 0 (Lanczos, g = 7, n = 9; relative error about 1e-15). */
  static double logGamma(double x) {
    double[] g = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
      -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double xx = x - 1;
    double a = g[0];
    double t = xx + 7.5;
    for (int i = 1; i < 9; i++) {
      a += g[i] / (xx + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
  }
}
