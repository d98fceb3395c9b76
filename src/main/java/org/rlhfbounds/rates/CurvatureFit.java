package org.rlhfbounds.rates;

import java.util.List;
import java.util.Locale;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.Finite;

/**
 * The joint fit {@code log y = alpha + a log x + b g(x)} of {@link ExponentialRate#curvature},
 * with a bootstrap interval on {@code b}: the evidence for "faster than any power".
 *
 * <p>Thread-safe: immutable.
 */
public final class CurvatureFit {
  private final String name;
  private final Scale scale;
  private final @Finite double powerExponent;
  private final BootstrapInterval interval;
  private final int points;
  private final List<String> dropped;

  CurvatureFit(String name, Scale scale, BootstrapRegression.Raw raw, FitOptions opt) {
    String what = "curvature fit of '" + name + "'";
    double[] coefficients = raw.coefficients;
    if (coefficients.length == 0) {
      throw new IllegalArgumentException(what + ": the fit has no coefficient");
    }
    this.name = name;
    this.scale = scale;
    this.powerExponent = Reals.finite(coefficients[0], what + ": power exponent");
    this.interval = BootstrapInterval.of(raw, opt, what, "coefficient");
    this.points = raw.levels.x.length;
    this.dropped = raw.levels.dropped;
  }

  /**
   * Returns the name of the fitted quantity.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the transform {@code g} of the curvature term.
   *
   * @return {@link Scale#SQRT} or {@link Scale#LINEAR}
   */
  public Scale scale() {
    return scale;
  }

  /**
   * Returns the power exponent {@code a} of the joint fit.
   *
   * @return {@code a}
   */
  public @Finite double powerExponent() {
    return powerExponent;
  }

  /**
   * Returns the coefficient {@code b} of {@code g(x)} with its percentile bootstrap interval,
   * standard error, level, resamples and seed.
   *
   * @return the interval on {@code b}
   */
  public BootstrapInterval interval() {
    return interval;
  }

  /**
   * Returns the number of design points used.
   *
   * @return the points
   */
  public int points() {
    return points;
  }

  /**
   * Returns the report of dropped values and points.
   *
   * @return one line per dropped value or point
   */
  public List<String> dropped() {
    return dropped;
  }

  /**
   * The curvature verdict: {@link Curvature#STEEPENING} if the interval on {@code b} lies below
   * 0, {@link Curvature#FLATTENING} if above, else {@link Curvature#STRAIGHT}.
   *
   * @return the verdict
   */
  public Curvature verdict() {
    switch (interval.verdict(0)) {
      case FASTER:
        return Curvature.STEEPENING;
      case SLOWER:
        return Curvature.FLATTENING;
      default:
        return Curvature.STRAIGHT;
    }
  }

  /**
   * Whether the data decay faster than any power of {@code x} on the measured range: {@code
   * verdict() == STEEPENING}.
   *
   * @return the answer
   */
  public boolean fasterThanAnyPower() {
    return verdict() == Curvature.STEEPENING;
  }

  /**
   * A one-line summary.
   *
   * @return the summary
   */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "log y = alpha + a log x + b %s: a = %.4f, b = %.4g [%s%% CI %.4g, %.4g] -> %s, B = %d,"
            + " seed %d, %d points",
        scale.formula(),
        powerExponent,
        interval.estimate(),
        interval.percent(),
        interval.lower(),
        interval.upper(),
        verdict(),
        interval.resamples(),
        interval.seed(),
        points);
  }

  @Override
  public String toString() {
    return name + ": " + describe();
  }
}
