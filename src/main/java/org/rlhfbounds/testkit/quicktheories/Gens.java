package org.rlhfbounds.testkit.quicktheories;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.SourceDSL;
import org.quicktheories.impl.Constraint;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.testkit.CoverageClass;
import org.rlhfbounds.testkit.GeneratedInstance;
import org.rlhfbounds.testkit.InstanceGenerator;
import org.rlhfbounds.testkit.KitInstance;
import org.rlhfbounds.testkit.KitSample;
import org.rlhfbounds.testkit.ParameterSource;
import org.rlhfbounds.testkit.RandomInstances;
import org.rlhfbounds.testkit.RandomVectors;

/**
 * QuickTheories adapters of the test kit ({@code org.rlhfbounds.testkit}).
 *
 * <p>Two kinds of generators. The instance generators of a coverage class ({@link
 * #instances(CoverageClass)}, {@link #instances(InstanceGenerator)}, {@link #samples}, {@link
 * #starts}) take every choice of the shape (dimension, prompts, candidates, rank, scales, seed)
 * from QuickTheories' randomness source with its simplest value as the shrink target, so a
 * failing property shrinks to an instance of the same class with fewer prompts, smaller {@code d}
 * and {@code K} and round parameters. The seeded generators ({@link #seeded}, {@link #instances()},
 * {@link #specs()}) draw one {@code long} seed and hand a {@link SplittableRandom} to a
 * framework-neutral generator: shrinking moves only the seed, and every value stays valid.
 *
 * <p>QuickTheories is an optional dependency of rlhf-bounds: declare it in your own build to use
 * this package. Thread-safe: stateless.
 */
public final class Gens {
  /** Examples per property of {@link #qt(long)}. */
  public static final int EXAMPLES = 1000;

  /** Shrink cycles of {@link #qt(long)}: enough to reach a small instance, few enough to be fast. */
  public static final int SHRINK_CYCLES = 20;

  private Gens() {}

  /**
   * A reproducible configuration: {@link #EXAMPLES} examples, a fixed seed, {@link
   * #SHRINK_CYCLES} shrink cycles.
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
   * The QuickTheories randomness source as a {@link ParameterSource}: each choice is recorded
   * with its simplest value as the shrink target.
   *
   * @param in the source
   * @return the parameter source
   */
  public static ParameterSource source(RandomnessSource in) {
    return (lo, hi, simplest) -> in.next(Constraint.between(lo, hi).withShrinkPoint(simplest));
  }

  /**
   * Instances of one coverage class with the default ranges ({@link InstanceGenerator#of}).
   *
   * @param coverage the class
   * @return the generator, shrinking within the class
   */
  public static Gen<KitInstance> instances(CoverageClass coverage) {
    return instances(InstanceGenerator.of(coverage));
  }

  /**
   * Instances of a configured generator.
   *
   * @param generator the generator
   * @return the QuickTheories generator, shrinking within the class
   */
  public static Gen<KitInstance> instances(InstanceGenerator generator) {
    Gen<KitInstance> g = in -> generator.shape(source(in)).build();
    return g.describedAs(KitInstance::toString);
  }

  /**
   * Samples of size {@code n} in {@code [1, nMax]} with their replace-one neighbours.
   *
   * @param generator the instance generator
   * @param nMax the largest sample size, {@code >= 1}
   * @return the generator, shrinking towards a small instance and {@code n = 1}
   * @throws IllegalArgumentException if {@code nMax < 1}
   */
  public static Gen<KitSample> samples(InstanceGenerator generator, int nMax) {
    if (nMax < 1) {
      throw new IllegalArgumentException("nMax: must be >= 1, got " + nMax);
    }
    Gen<KitSample> g =
        in -> {
          ParameterSource src = source(in);
          KitInstance k = generator.shape(src).build();
          int n = (int) src.between(1, nMax, 1);
          long seed = src.between(Long.MIN_VALUE, Long.MAX_VALUE, 0);
          return KitSample.draw(k, n, new SplittableRandom(seed));
        };
    return g.describedAs(KitSample::toString);
  }

  /**
   * Starting points at a distance in {@code [0, maxDistance]} from {@code w*} of one instance.
   *
   * @param instance the instance
   * @param maxDistance the largest distance, finite and {@code >= 0}
   * @return the generator, shrinking towards {@code w*}
   * @throws IllegalArgumentException if {@code maxDistance} is negative, NaN or infinite
   */
  public static Gen<double[]> starts(KitInstance instance, double maxDistance) {
    if (!(maxDistance >= 0 && maxDistance < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("maxDistance: must be finite and >= 0, got " + maxDistance);
    }
    return in -> {
      ParameterSource src = source(in);
      double r = maxDistance * src.between(0, InstanceGenerator.GRID, 0) / InstanceGenerator.GRID;
      long seed = src.between(Long.MIN_VALUE, Long.MAX_VALUE, 0);
      return instance.start(r, new SplittableRandom(seed));
    };
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
   * Adapts a framework-neutral generator: QuickTheories draws the seed, the function draws the
   * value from a {@link SplittableRandom} of that seed.
   *
   * @param f the neutral generator
   * @param <T> the value type
   * @return the QuickTheories generator (shrinking moves the seed only)
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
   * Random instances of one kind of {@link RandomInstances}.
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
