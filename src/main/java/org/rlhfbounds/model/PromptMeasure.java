package org.rlhfbounds.model;

import org.rlhfbounds.contracts.qual.Probability;

/**
 * A finite measure over prompts: a block of prompts with weights summing to one. The population
 * of a finite distribution and the empirical measure of a sample are both of this kind, so every
 * averaged quantity ({@code F}, {@code F_S}, gradients, {@code Sigma_S}) is one computation over
 * a {@code PromptMeasure}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface PromptMeasure {
  /**
   * Returns the prompts.
   *
   * @return the prompts
   */
  Features prompts();

  /**
   * Returns the weight of prompt {@code i}; the weights sum to one.
   *
   * @param i the prompt
   * @return its weight
   */
  @Probability double weight(int i);
}
