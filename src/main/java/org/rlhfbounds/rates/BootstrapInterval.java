package org.rlhfbounds.rates;

import java.util.Locale;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;

/**
 * A point estimate with its percentile bootstrap confidence interval: the estimate {@code
 * theta_hat} of one least-squares coefficient, the interval {@code [q_{(1-c)/2}, q_{(1+c)/2}]} of
 * the sample quantiles of that coefficient over {@code B} stratified resamples (replicates
 * resampled with replacement within each design point), and the bootstrap standard deviation
 * (Davison and Hinkley, Bootstrap Methods and their Application, Cambridge University Press, 1997,
 * doi:10.1017/CBO9780511802843; see {@code BootstrapRegression}). Shared by {@link SlopeFit} (the
 * slope) and {@link CurvatureFit} (the curvature coefficient).
 *
 * <p>NaN and infinities: never held; the factory rejects a non-finite estimate or end and a
 * negative or NaN standard error with {@link IllegalArgumentException}.
 *
 * <p>Thread-safe: immutable.
 */
public final class BootstrapInterval {
  private final @Finite double estimate;
  private final @Finite double lower;
  private final @Finite double upper;
  private final @NonNegativeReal double standardError;
  private final @PositiveProbability double confidence;
  private final int resamples;
  private final long seed;

  private BootstrapInterval(
      @Finite double estimate,
      @Finite double lower,
      @Finite double upper,
      @NonNegativeReal double standardError,
      @PositiveProbability double confidence,
      int resamples,
      long seed) {
    this.estimate = estimate;
    this.lower = lower;
    this.upper = upper;
    this.standardError = standardError;
    this.confidence = confidence;
    this.resamples = resamples;
    this.seed = seed;
  }

  /**
   * The interval of one bootstrap regression.
   *
   * @param raw the regression's estimate, ends and standard error
   * @param opt the options it ran with (confidence, resamples, seed)
   * @param what the fit, for messages (e.g. {@code fit of 'gap'})
   * @param estimateName the name of the estimate, for messages (e.g. {@code slope})
   * @return the interval
   * @throws IllegalArgumentException naming the fit and the value if the estimate or an end is
   *     not finite or the standard error is negative or NaN
   */
  static BootstrapInterval of(
      BootstrapRegression.Raw raw, FitOptions opt, String what, String estimateName) {
    @Finite double estimate = Reals.finite(raw.estimate, what + ": " + estimateName);
    @Finite double lower = Reals.finite(raw.lower, what + ": lower end");
    @Finite double upper = Reals.finite(raw.upper, what + ": upper end");
    @NonNegativeReal double se = Reals.nonNegative(raw.standardError, what + ": standard error");
    return new BootstrapInterval(
        estimate, lower, upper, se, Reals.positiveProbability(opt.confidence(), "confidence"),
        opt.resamples(), opt.seed());
  }

  /**
   * Returns the point estimate (the least-squares coefficient on the per-point means).
   *
   * @return the estimate
   */
  public @Finite double estimate() {
    return estimate;
  }

  /**
   * Returns the lower end of the percentile bootstrap interval.
   *
   * @return the lower end
   */
  public @Finite double lower() {
    return lower;
  }

  /**
   * Returns the upper end of the percentile bootstrap interval.
   *
   * @return the upper end
   */
  public @Finite double upper() {
    return upper;
  }

  /**
   * Returns the bootstrap standard deviation of the estimate.
   *
   * @return the standard error
   */
  public @NonNegativeReal double standardError() {
    return standardError;
  }

  /**
   * Returns the confidence level {@code c} of the interval.
   *
   * @return the level, in {@code (0, 1]}
   */
  public @PositiveProbability double confidence() {
    return confidence;
  }

  /**
   * Returns the number of bootstrap resamples.
   *
   * @return {@code B}
   */
  public int resamples() {
    return resamples;
  }

  /**
   * Returns the bootstrap seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * The verdict of the interval against a claimed value (see {@link Verdict#of}).
   *
   * @param claimed the claimed value (e.g. the exponent {@code -0.5})
   * @return the verdict
   * @throws IllegalArgumentException if {@code claimed} is NaN
   */
  public Verdict verdict(double claimed) {
    return Verdict.of(lower, upper, claimed);
  }

  /**
   * The confidence level in percent, as written in summaries: {@code 95} for 0.95, {@code 97.5}
   * for 0.975.
   *
   * @return the text
   */
  public String percent() {
    double p = 100 * confidence;
    return p == Math.rint(p)
        ? Long.toString((long) p)
        : String.format(Locale.ROOT, "%.1f", p);
  }
}
