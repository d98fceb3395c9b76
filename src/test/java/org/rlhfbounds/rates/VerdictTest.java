package org.rlhfbounds.rates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import org.junit.jupiter.api.Test;

/** The verdict of an interval against a claim. */
class VerdictTest {

  @Test
  void verdictFollowsTheDefinition() {
    qt().withExamples(1000)
        .withFixedSeed(20260106L)
        .forAll(doubles().between(-3, 3), doubles().between(0, 2), doubles().between(-3, 3))
        .checkAssert(
            (lo, w, c) -> {
              double hi = lo + w;
              Verdict expected =
                  c > hi ? Verdict.FASTER : c < lo ? Verdict.SLOWER : Verdict.CONSISTENT;
              assertEquals(expected, Verdict.of(lo, hi, c));
            });
  }

  @Test
  void clearCasesAndEdges() {
    // decays like T^-1/4 while T^-1/8 is claimed: faster than claimed
    assertEquals(Verdict.FASTER, Verdict.of(-0.27, -0.23, -0.125));
    // decays like n^-1/4 while n^-1/2 is claimed: slower
    assertEquals(Verdict.SLOWER, Verdict.of(-0.27, -0.23, -0.5));
    assertEquals(Verdict.CONSISTENT, Verdict.of(-0.52, -0.48, -0.5));
    assertEquals(Verdict.CONSISTENT, Verdict.of(-0.5, -0.48, -0.5));
    assertEquals(Verdict.CONSISTENT, Verdict.of(-0.52, -0.5, -0.5));
    assertThrows(IllegalArgumentException.class, () -> Verdict.of(1, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> Verdict.of(0, 1, Double.NaN));
  }
}
