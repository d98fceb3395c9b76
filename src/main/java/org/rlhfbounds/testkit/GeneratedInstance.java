package org.rlhfbounds.testkit;

import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;

/**
 * A generated instance with a finite prompt distribution, the kind of generator that made it and
 * a description of its parameters (shown by {@link #toString()}, so a failing property names what
 * it failed on).
 *
 * <p>Thread-safe: immutable.
 *
 * @param instance the instance
 * @param distribution its finite prompt distribution (the population)
 * @param kind the generator kind
 * @param description the description of the parameters
 */
public record GeneratedInstance(
    Instance instance,
    FiniteDistribution distribution,
    RandomInstances.Kind kind,
    String description) {

  /**
   * A generated instance.
   *
   * @param instance the instance
   * @param distribution its finite prompt distribution
   * @param kind the generator kind
   * @param description its parameters
   * @throws IllegalArgumentException if {@code distribution} is not the instance's distribution
   */
  public GeneratedInstance {
    if (instance.finiteDistribution() != distribution) {
      throw new IllegalArgumentException(
          "distribution: must be the instance's finite prompt distribution");
    }
  }

  /**
   * Wraps an instance whose distribution is finite.
   *
   * @param instance the instance
   * @param kind the generator kind
   * @param description its parameters
   * @return the wrapper
   * @throws IllegalArgumentException if the instance's distribution is not finite
   */
  public static GeneratedInstance of(
      Instance instance, RandomInstances.Kind kind, String description) {
    FiniteDistribution fd = instance.finiteDistribution();
    if (fd == null) {
      throw new IllegalArgumentException("instance: a finite prompt distribution is required");
    }
    return new GeneratedInstance(instance, fd, kind, description);
  }

  @Override
  public String toString() {
    return description;
  }
}
