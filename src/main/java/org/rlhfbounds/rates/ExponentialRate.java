package org.rlhfbounds.rates;

/**
 * Exponential-type decay: the rate of {@code y ~ C exp(-c x)} ({@link Scale#LINEAR}; GA with a
 * constant step under coverage, proofs/F6.md) or {@code y ~ C exp(-c sqrt x)} ({@link
 * Scale#SQRT}; SGA with {@code eta_t ~ 1/sqrt t}, F7), and a curvature test that tells such decay
 * from a power law.
 *
 * <p>{@link #fit} regresses the per-point mean of {@code log y} on {@code g(x)}, exactly as {@link
 * LogLogSlope} does on {@code log x} (same bootstrap, same policy for zeros and negatives), so the
 * slope is {@code -c} and a claimed rate {@code c0} is checked with {@code verdict(-c0)}.
 *
 * <p>{@link #curvature} fits {@code log y = alpha + a log x + b g(x)} jointly and bootstraps
 * {@code b}. A power law has {@code b = 0}; {@code b < 0} makes the local log-log slope {@code a +
 * b x g'(x)} steepen without bound ({@code a + b sqrt(x) / 2} for {@link Scale#SQRT}), i.e. decay
 * faster than any power. An interval on {@code b} entirely below 0 is therefore the report's
 * evidence for "faster than any power on the measured range". It needs at least three design
 * points (two regressors and an intercept), spread enough that {@code log x} and {@code g(x)} are
 * not collinear (about a decade or more).
 *
 * <p>Thread-safe: stateless.
 */
public final class ExponentialRate {
  private ExponentialRate() {}

  /**
   * Fits {@code log y = alpha + s g(x)}.
   *
   * @param data the measurements
   * @param scale {@link Scale#SQRT} or {@link Scale#LINEAR}
   * @param options bootstrap settings
   * @return the fit; the rate is {@code -estimate()}
   * @throws IllegalArgumentException if {@code scale} is {@link Scale#LOG} (use {@link
   *     LogLogSlope}), or as {@link LogLogSlope#fit}
   */
  public static SlopeFit fit(RateData data, Scale scale, FitOptions options) {
    requireExponential(scale);
    Scale[] g = {scale};
    return new SlopeFit(data.name(), scale, BootstrapRegression.fit(data, g, 0, options), options);
  }

  /**
   * Fits {@code log y = alpha + a log x + b g(x)} and bootstraps {@code b}.
   *
   * @param data the measurements
   * @param scale {@link Scale#SQRT} or {@link Scale#LINEAR}
   * @param options bootstrap settings
   * @return the curvature fit
   * @throws IllegalArgumentException if {@code scale} is {@link Scale#LOG}, on fewer than three
   *     usable points, on a collinear design, or as {@link LogLogSlope#fit}
   */
  public static CurvatureFit curvature(RateData data, Scale scale, FitOptions options) {
    requireExponential(scale);
    Scale[] g = {Scale.LOG, scale};
    return new CurvatureFit(
        data.name(), scale, BootstrapRegression.fit(data, g, 1, options), options);
  }

  private static void requireExponential(Scale scale) {
    if (scale == Scale.LOG) {
      throw new IllegalArgumentException(
          "exponential rate: scale must be SQRT or LINEAR, got LOG (use LogLogSlope)");
    }
  }
}
