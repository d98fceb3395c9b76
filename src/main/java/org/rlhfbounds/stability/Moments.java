package org.rlhfbounds.stability;

/**
 * The sample mean and the sample standard deviation of a set of values (replicates of a
 * stability experiment, bootstrap replicates of a rate fit), summed in index order, so the same
 * values give the same bits.
 *
 * <p>NaN or infinite values propagate to the result (an infinite value with a finite mean gives an
 * infinite or NaN deviation). Thread-safe: stateless.
 */
public final class Moments {
  private Moments() {}

  /**
   * The arithmetic mean {@code (1/n) sum_i v_i}.
   *
   * @param v the values
   * @return the mean, NaN for no value
   */
  public static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /**
   * The sample standard deviation with Bessel's correction, {@code sqrt(sum_i (v_i - mean)^2 / (n
   * - 1))}.
   *
   * @param v the values
   * @return the standard deviation, 0 for fewer than two values
   */
  public static double standardDeviation(double[] v) {
    double mu = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - mu) * (x - mu);
    }
    return v.length > 1 ? Math.sqrt(s / (v.length - 1)) : 0;
  }
}
