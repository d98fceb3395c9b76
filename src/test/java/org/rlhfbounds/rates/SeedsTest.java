package org.rlhfbounds.rates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seed derivation: SplitMix64 as in the JDK, coordinates give distinct seeds. */
class SeedsTest {

  /** Independent check: SplittableRandom(s).nextLong() is the SplitMix64 step at s. */
  @Test
  void mixIsTheSplitMix64StepOfTheJdk() {
    qt().withExamples(1000)
        .withFixedSeed(20260101L)
        .forAll(longs().all())
        .checkAssert(s -> assertEquals(new SplittableRandom(s).nextLong(), Seeds.mix(s)));
  }

  @Test
  void deriveIsAFunctionOfItsArguments() {
    qt().withExamples(1000)
        .withFixedSeed(20260102L)
        .forAll(longs().all(), integers().between(0, 1000), integers().between(0, 1000))
        .checkAssert(
            (s, i, j) -> {
              assertEquals(Seeds.derive(s, i, j), Seeds.derive(s, i, j));
              assertNotEquals(Seeds.derive(s, i, j), Seeds.derive(s, i, j + 1L));
              assertNotEquals(Seeds.derive(s, i, j), Seeds.derive(s, i + 1L, j));
              assertNotEquals(Seeds.derive(s, i, j), Seeds.derive(s + 1, i, j));
            });
  }

  @Test
  void noCollisionsOnAGrid() {
    Set<Long> seen = new HashSet<>();
    for (long i = 0; i < 300; i++) {
      for (long j = 0; j < 300; j++) {
        seen.add(Seeds.derive(42, i, j));
      }
    }
    assertEquals(300 * 300, seen.size());
  }

  @Test
  void streamsDifferFromEachOtherAndFromCells() {
    Set<Long> seen = new HashSet<>();
    for (long k = 0; k < 1000; k++) {
      seen.add(Seeds.stream(7, k));
      seen.add(Seeds.derive(7, 0, k));
    }
    assertEquals(2000, seen.size());
  }
}
