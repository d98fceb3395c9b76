package org.rlhfbounds.model;

import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.Probability;

/**
 * A sample {@code S = (x_1..x_n)} of prompts; its empirical measure puts weight {@code 1/n} on each
 * drawn prompt (repeats count separately). When drawn from a {@link FiniteDistribution} the sample
 * also records the indices of its prompts in that distribution's list.
 *
 * <p>Thread-safe: immutable.
 */
public final class Sample implements PromptMeasure {
  private final Features prompts;
  private final int[] indices;

  private Sample(Features prompts, int[] indices) {
    this.prompts = prompts;
    this.indices = indices;
  }

  /**
   * The sample of the prompts at the given indices of a finite distribution (repeats allowed). Its
   * prompts are a view on the distribution's storage ({@link Features#select}): nothing is copied;
   * {@link #contiguous} copies them for runs that read them many times.
   *
   * @param d the distribution
   * @param indices indices into its prompt list (copied)
   * @return the sample
   * @throws IllegalArgumentException if the indices are empty or one is out of range
   */
  public static Sample ofIndices(FiniteDistribution d, int[] indices) {
    return new Sample(d.prompts().select(indices), indices.clone());
  }

  /**
   * The sample made of the given prompts, with no index list.
   *
   * @param prompts the drawn prompts
   * @return the sample
   */
  public static Sample of(Features prompts) {
    return new Sample(prompts, new int[0]);
  }

  /**
   * Returns this sample with its prompts in contiguous storage ({@link Features#contiguous}): the
   * same sample (same prompts, order and indices), read faster by a run that passes over it many
   * times, at the cost of one copy of its features.
   *
   * @return the sample, contiguous
   */
  public Sample contiguous() {
    Features c = prompts.contiguous();
    return c == prompts ? this : new Sample(c, indices);
  }

  @Override
  public Features prompts() {
    return prompts;
  }

  @Override
  public @Probability double weight(int i) {
    return Reals.probability(1.0 / prompts.size(), "1/n");
  }

  /**
   * Returns the sample size {@code n}.
   *
   * @return n
   */
  public int size() {
    return prompts.size();
  }

  /**
   * Returns a copy of the indices into the source distribution, or an empty array if the sample
   * was not drawn from a finite distribution.
   *
   * @return the indices
   */
  public int[] indices() {
    return indices.clone();
  }

  /**
   * Returns the sample with prompt {@code i} replaced by {@code replacement} (the replace-one
   * sample {@code S^(i)} of stability analysis).
   *
   * @param i the position to replace
   * @param replacement a block holding exactly one prompt
   * @param replacementIndex its index in the source distribution, or -1 if none
   * @return the new sample
   */
  public Sample replace(int i, Features replacement, int replacementIndex) {
    if (replacement.size() != 1 || replacement.dim() != prompts.dim()) {
      throw new IllegalArgumentException("replacement must be one prompt of dimension " + prompts.dim());
    }
    int n = prompts.size();
    if (i < 0 || i >= n) {
      throw new IllegalArgumentException("replace index " + i + " outside [0, " + n + ")");
    }
    Features replaced = prompts.replace(i, replacement);
    int[] idx = indices.clone();
    if (idx.length == n) {
      idx[i] = replacementIndex;
    }
    return new Sample(replaced, idx.length == n && replacementIndex < 0 ? new int[0] : idx);
  }
}
