package org.rlhfbounds.testkit;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.testkit.GeneratedInstance;
import org.rlhfbounds.model.testkit.RandomInstances;
import org.rlhfbounds.model.testkit.RandomVectors;

/**
 * QuickTheories adapters of the framework-neutral generators of {@code
 * org.rlhfbounds.model.testkit}: QuickTheories draws a {@code long} seed, which seeds a {@link
 * SplittableRandom} handed to the neutral generator. So a property is reproducible from the fixed
 * QuickTheories seed alone, and shrinking (which only moves the seed) always yields valid values.
 */
public final class Gens {
  /** Examples per property in the default run. */
  public static final int EXAMPLES = 1000;

  /**
   * Shrink cycles: shrinking moves only the seed, so a failure is as informative unshrunk; a
   * small number keeps a failing run (planted bug) short.
   */
  public static final int SHRINK_CYCLES = 20;

  private Gens() {}

  /**
   * The project's property configuration: {@link #EXAMPLES} examples, a fixed seed.
   *
   * @param seed the QuickTheories seed
   * @return the configured theory
   */
  public static QuickTheory qt(long seed) {
    return QuickTheory.qt()
        .withExamples(EXAMPLES)
        .withFixedSeed(seed)
        .withShrinkCycles(SHRINK_CYCLES);
  }

  /**
   * Seeds over all of {@code long}.
   *
   * @return the generator
   */
  public static Gen<Long> seeds() {
    return SourceDSL.longs().all();
  }

  /**
   * Adapts a neutral generator: QuickTheories draws the seed, the function draws the value.
   *
   * @param f the neutral generator
   * @param <T> the value type
   * @return the QuickTheories generator
   */
  public static <T> Gen<T> seeded(Function<RandomGenerator, T> f) {
    return seeds().map(s -> f.apply(new SplittableRandom(s)));
  }

  /**
   * Random specs over all families ({@link RandomInstances#spec(RandomGenerator)}).
   *
   * @return the generator
   */
  public static Gen<InstanceSpec> specs() {
    return seeded(RandomInstances::spec);
  }

  /**
   * Random instances of every kind ({@link RandomInstances#instance(RandomGenerator)}).
   *
   * @return the generator
   */
  public static Gen<GeneratedInstance> instances() {
    return seeded(RandomInstances::instance);
  }

  /**
   * Random instances of one kind.
   *
   * @param kind the kind
   * @return the generator
   */
  public static Gen<GeneratedInstance> instances(RandomInstances.Kind kind) {
    return seeded(rng -> RandomInstances.instance(rng, kind));
  }

  /**
   * Uniform unit vectors of {@code R^d}.
   *
   * @param d the dimension
   * @return the generator
   */
  public static Gen<double[]> directions(int d) {
    return seeded(rng -> RandomVectors.direction(rng, d));
  }

  /**
   * Points uniform in a ball.
   *
   * @param center the centre
   * @param radius the radius
   * @return the generator
   */
  public static Gen<double[]> ball(double[] center, double radius) {
    return seeded(rng -> RandomVectors.inBall(rng, center, radius));
  }
}
