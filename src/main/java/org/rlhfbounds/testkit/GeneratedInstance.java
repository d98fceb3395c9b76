package org.rlhfbounds.testkit;

import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;

/**
 * A generated instance with a finite prompt distribution, the kind of generator that made it and
 * a description of its parameters (shown by {@link #toString()}, so a failing property names what
 * it failed on).
 *
 * <p>Thread-safe: immutable.
 */
public final class GeneratedInstance {
  private final Instance instance;
  private final FiniteDistribution distribution;
  private final RandomInstances.Kind kind;
  private final String description;

  private GeneratedInstance(
      Instance instance,
      FiniteDistribution distribution,
      RandomInstances.Kind kind,
      String description) {
    this.instance = instance;
    this.distribution = distribution;
    this.kind = kind;
    this.description = description;
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

  /**
   * Returns the instance.
   *
   * @return the instance
   */
  public Instance instance() {
    return instance;
  }

  /**
   * Returns its finite prompt distribution (the population).
   *
   * @return the distribution
   */
  public FiniteDistribution distribution() {
    return distribution;
  }

  /**
   * Returns the generator kind.
   *
   * @return the kind
   */
  public RandomInstances.Kind kind() {
    return kind;
  }

  /**
   * Returns the description of the parameters.
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
