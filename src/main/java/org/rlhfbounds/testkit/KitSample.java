package org.rlhfbounds.testkit;

import java.util.random.RandomGenerator;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Sample;

/**
 * A sample {@code S} of {@code n} prompts drawn iid from a generated instance's population, and
 * optionally its replace-one neighbour {@code S^(i)}: prompt {@code i} replaced by a fresh draw
 * (the pair of stability analysis, proofs/MODEL.md#model).
 *
 * <p>Thread-safe: immutable.
 */
public final class KitSample {
  private final KitInstance instance;
  private final Sample sample;
  private final Sample neighbour;
  private final int position;

  private KitSample(KitInstance instance, Sample sample, Sample neighbour, int position) {
    this.instance = instance;
    this.sample = sample;
    this.neighbour = neighbour;
    this.position = position;
  }

  /**
   * Draws a sample of size {@code n} and its replace-one neighbour at a uniform position.
   *
   * @param instance the instance
   * @param n the sample size, {@code >= 1}
   * @param rng the source (not shared between threads while in use)
   * @return the sample and its neighbour
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static KitSample draw(KitInstance instance, int n, RandomGenerator rng) {
    if (n < 1) {
      throw new IllegalArgumentException("n: sample size must be >= 1, got " + n);
    }
    Sample s = instance.population().sample(n, rng);
    int i = rng.nextInt(n);
    int[] fresh = instance.population().sampleIndices(1, rng);
    if (fresh.length < 1) {
      throw new AssertionError("one index was drawn");
    }
    int j = fresh[0];
    Features one = instance.population().prompts().select(new int[] {j});
    return new KitSample(instance, s, s.replace(i, one, j), i);
  }

  /**
   * Returns the instance.
   *
   * @return the instance
   */
  public KitInstance instance() {
    return instance;
  }

  /**
   * Returns the sample S.
   *
   * @return S
   */
  public Sample sample() {
    return sample;
  }

  /**
   * Returns the replace-one neighbour {@code S^(i)}, {@code i = }{@link #position()}.
   *
   * @return the neighbour
   */
  public Sample neighbour() {
    return neighbour;
  }

  /**
   * Returns the replaced position i.
   *
   * @return i in {@code [0, n)}
   */
  public int position() {
    return position;
  }

  /**
   * Returns the sample size n.
   *
   * @return n
   */
  public int size() {
    return sample.size();
  }

  @Override
  public String toString() {
    return "n=" + sample.size() + " replaced=" + position + " of " + instance;
  }
}
