package org.rlhfbounds.bounds;

import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * QuickTheories configuration of the bounds properties: fixed seeds, {@value #EXAMPLES} examples,
 * few shrink cycles (values are drawn from a seed, so shrinking only moves the seed).
 */
final class BoundGens {
  /** Examples per cheap property in the default run. */
  static final int EXAMPLES = 1000;

  private BoundGens() {}

  static QuickTheory qt(long seed) {
    return qt(seed, EXAMPLES);
  }

  static QuickTheory qt(long seed, int examples) {
    return QuickTheory.qt().withExamples(examples).withFixedSeed(seed).withShrinkCycles(10);
  }

  static Gen<Long> seeds() {
    return SourceDSL.longs().all();
  }

  /**
   * Runs {@code body} on {@code examples} random cases ({@link BoundCases#random} with at most
   * {@code maxSteps} steps), each with its seed, from the fixed QuickTheories seed {@code qtSeed}.
   */
  static void forCases(long qtSeed, int examples, int maxSteps,
      java.util.function.BiConsumer<BoundCases.Case, Long> body) {
    qt(qtSeed, examples)
        .forAll(seeds())
        .checkAssert(seed -> body.accept(BoundCases.random(seed, maxSteps, false), seed));
  }
}
