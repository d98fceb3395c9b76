package org.rlhfbounds.rates;

/**
 * Settings of a bootstrap rate fit: number of bootstrap resamples {@code B} (default 2000),
 * confidence level (default 0.95), bootstrap seed, and the {@link NonPositivePolicy} (default
 * {@link NonPositivePolicy#REFUSE}).
 *
 * <p>Thread-safe: immutable; the {@code with...} methods return new instances.
 */
public final class FitOptions {
  /** The default number of bootstrap resamples. */
  public static final int DEFAULT_RESAMPLES = 2000;

  /** The default confidence level. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  private final int resamples;
  private final double confidence;
  private final long seed;
  private final NonPositivePolicy policy;

  private FitOptions(int resamples, double confidence, long seed, NonPositivePolicy policy) {
    if (resamples < 100) {
      throw new IllegalArgumentException(
          "fit options: resamples must be >= 100, got " + resamples);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException(
          "fit options: confidence must lie in (0, 1), got " + confidence);
    }
    this.resamples = resamples;
    this.confidence = confidence;
    this.seed = seed;
    this.policy = policy;
  }

  /**
   * The default options with the given bootstrap seed.
   *
   * @param seed the bootstrap seed
   * @return {@code B = 2000}, confidence 0.95, {@link NonPositivePolicy#REFUSE}
   */
  public static FitOptions seeded(long seed) {
    return new FitOptions(DEFAULT_RESAMPLES, DEFAULT_CONFIDENCE, seed, NonPositivePolicy.REFUSE);
  }

  /**
   * Returns a copy with another number of resamples.
   *
   * @param b the number of bootstrap resamples, {@code >= 100}
   * @return the new options
   * @throws IllegalArgumentException if {@code b < 100}
   */
  public FitOptions withResamples(int b) {
    return new FitOptions(b, confidence, seed, policy);
  }

  /**
   * Returns a copy with another confidence level.
   *
   * @param level the two-sided confidence level, in {@code (0, 1)}
   * @return the new options
   * @throws IllegalArgumentException if the level is outside {@code (0, 1)} or NaN
   */
  public FitOptions withConfidence(double level) {
    return new FitOptions(resamples, level, seed, policy);
  }

  /**
   * Returns a copy with another seed.
   *
   * @param s the bootstrap seed
   * @return the new options
   */
  public FitOptions withSeed(long s) {
    return new FitOptions(resamples, confidence, s, policy);
  }

  /**
   * Returns a copy with another policy for non-positive values.
   *
   * @param p the policy
   * @return the new options
   */
  public FitOptions withPolicy(NonPositivePolicy p) {
    return new FitOptions(resamples, confidence, seed, p);
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
   * Returns the confidence level.
   *
   * @return the level
   */
  public double confidence() {
    return confidence;
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
   * Returns the policy for non-positive values.
   *
   * @return the policy
   */
  public NonPositivePolicy policy() {
    return policy;
  }

  @Override
  public String toString() {
    return "B=" + resamples + ", confidence=" + confidence + ", seed=" + seed + ", " + policy;
  }
}
