package org.rlhfbounds.model;

import java.util.random.RandomGenerator;

/**
 * A distribution {@code D} over prompts, from which samples {@code S = (x_1..x_n)} are drawn iid.
 *
 * <p>Two kinds: {@link FiniteDistribution} (a weighted prompt list, whose population quantities are
 * exact sums) and {@link GenerativeDistribution} (a seeded family, whose population quantities are
 * Monte Carlo estimates).
 */
public interface PromptDistribution {
  /**
   * Returns the feature dimension {@code d}.
   *
   * @return d
   */
  int dim();

  /**
   * Draws {@code n} prompts iid. The result depends only on the generator's state.
   *
   * @param n the sample size, {@code >= 1}
   * @param rng the source of randomness
   * @return the sample
   */
  Sample sample(int n, RandomGenerator rng);
}
