package org.rlhfbounds.model;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.Probability;

/**
 * A finite prompt distribution: prompts {@code x_1..x_M} with probabilities {@code p_1..p_M}.
 * Population quantities over it are exact weighted sums.
 *
 * <p>Weights given at construction must be finite and non-negative with a positive sum; they are
 * normalised to sum to one. Sampling uses the cumulative weights and a binary search, one uniform
 * draw per prompt.
 *
 * <p>Thread-safe: immutable.
 */
public final class FiniteDistribution implements PromptDistribution, PromptMeasure {
  private final Features prompts;
  private final double[] weights;
  private final double[] cumulative;

  private FiniteDistribution(Features prompts, double[] weights) {
    this.prompts = prompts;
    this.weights = weights;
    this.cumulative = new double[weights.length];
    double c = 0;
    for (int i = 0; i < weights.length; i++) {
      c += weights[i];
      cumulative[i] = c;
    }
  }

  /**
   * Creates a distribution with the given (unnormalised) weights.
   *
   * @param prompts the prompts
   * @param weights one weight per prompt, finite and {@code >= 0}, not all zero (copied)
   * @return the distribution
   * @throws IllegalArgumentException naming the index and value of a bad weight
   */
  public static FiniteDistribution of(Features prompts, double[] weights) {
    if (weights.length != prompts.size()) {
      throw new IllegalArgumentException(
          "weights: expected one weight per prompt ("
              + prompts.size()
              + "), got "
              + weights.length);
    }
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      if (!(Double.isFinite(weights[i]) && weights[i] >= 0)) {
        throw new IllegalArgumentException(
            "weights[" + i + "] must be finite and >= 0, got " + weights[i]);
      }
      sum += weights[i];
    }
    if (!(sum > 0) || !Double.isFinite(sum)) {
      throw new IllegalArgumentException("weights must have a finite positive sum, got " + sum);
    }
    double[] w = new double[weights.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = weights[i] / sum;
    }
    return new FiniteDistribution(prompts, w);
  }

  /**
   * Creates the uniform distribution over the given prompts.
   *
   * @param prompts the prompts
   * @return the distribution
   */
  public static FiniteDistribution uniform(Features prompts) {
    double[] w = new double[prompts.size()];
    Arrays.fill(w, 1.0);
    return of(prompts, w);
  }

  @Override
  public Features prompts() {
    return prompts;
  }

  @Override
  public @Probability double weight(int i) {
    if (i < 0 || i >= weights.length) {
      throw new IndexOutOfBoundsException(
          "prompt " + i + " is outside [0, " + weights.length + ")");
    }
    return Reals.probability(weights[i], "weight");
  }

  /**
   * Returns a copy of the normalised weights.
   *
   * @return the weights
   */
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public int dim() {
    return prompts.dim();
  }

  /**
   * Draws {@code n} prompt indices iid from the weights.
   *
   * @param n the sample size
   * @param rng the source of randomness
   * @return the indices
   */
  public int[] sampleIndices(int n, RandomGenerator rng) {
    if (n < 1) {
      throw new IllegalArgumentException("n: sample size must be >= 1, got " + n);
    }
    double[] cumulative = this.cumulative;
    double[] weights = this.weights;
    if (weights.length != cumulative.length || cumulative.length < 1) {
      throw new IllegalStateException("cumulative and weights must have the same length M >= 1");
    }
    int[] idx = new int[n];
    double total = cumulative[cumulative.length - 1];
    for (int s = 0; s < n; s++) {
      double u = rng.nextDouble() * total;
      int pos = Arrays.binarySearch(cumulative, u);
      int i = pos >= 0 ? pos + 1 : -pos - 1;
      while (i >= cumulative.length || (i > 0 && weights[i] == 0)) {
        i--;
      }
      idx[s] = i;
    }
    return idx;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The sample's prompts are a contiguous copy ({@link Sample#contiguous}): a drawn sample is
   * trained on, and a view's scattered rows make every pass over it slower.
   */
  @Override
  public Sample sample(int n, RandomGenerator rng) {
    return Sample.ofIndices(this, sampleIndices(n, rng)).contiguous();
  }
}
