package org.rlhfbounds.rates;

/**
 * The exponent {@code a} of a power law {@code y ~ C x^a}, fitted on log-log axes with a bootstrap
 * interval, and its verdict against a claimed exponent (the seed's {@code n^-1/2}, {@code
 * T^-1/4}, {@code T^-1/8}: Li, Yi, Wang, Cui, Liu, arXiv:2601.16403, 2026).
 *
 * <p><b>What is regressed.</b> The slope is the ordinary least-squares slope of the per-point mean
 * of {@code log y} on {@code log x}, each design point weighted equally, not of all replicate
 * points. Why: (1) with equal replicate counts the two slopes are identical (replicates share
 * their regressor value, so pooled least squares equals least squares on the cell means); (2)
 * when counts differ, for instance after {@link NonPositivePolicy#DROP}, the pooled fit would
 * weight design points by how many replicates survived, which is not what a rate over a range of
 * {@code x} should do; (3) the mean of the logs (log of the geometric mean) is the natural
 * centre for multiplicative noise {@code y = C x^a (1 + noise)}: if the noise law does not depend
 * on {@code x}, {@code E log y = log C + a log x + E log(1 + noise)}, so the noise shifts the
 * intercept and leaves the slope unbiased, whereas the log of the arithmetic mean is more
 * sensitive to heavy upper tails. The bootstrap (see {@link BootstrapRegression}) resamples
 * replicates within each design point, with a small-sample variance adjustment, {@link
 * FitOptions#resamples()} times ({@code B = 2000} by default), seeded; the interval is the
 * percentile interval.
 *
 * <p><b>Zeros and negatives.</b> Refused by default with a message naming the point ({@link
 * NonPositivePolicy#REFUSE}); with {@link NonPositivePolicy#DROP} they are dropped and listed in
 * {@link SlopeFit#dropped()}. NaN and infinities are refused when the {@link RateData} is built.
 *
 * <p><b>Needs</b> at least two design points, each with at least two (positive) replicates.
 *
 * <p>Thread-safe: stateless.
 */
public final class LogLogSlope {
  private LogLogSlope() {}

  /**
   * Fits the log-log slope.
   *
   * @param data the measurements
   * @param options bootstrap settings
   * @return the fit
   * @throws IllegalArgumentException on non-positive values under {@link
   *     NonPositivePolicy#REFUSE}, or too few points or replicates (message names the point)
   */
  public static SlopeFit fit(RateData data, FitOptions options) {
    Scale[] g = {Scale.LOG};
    return new SlopeFit(data.name(), Scale.LOG, BootstrapRegression.fit(data, g, 0, options), options);
  }
}
