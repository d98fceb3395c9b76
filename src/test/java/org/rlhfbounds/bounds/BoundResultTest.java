package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule "a bound on a non-negative quantity is never negative": {@link
 * BoundResult.Builder#finish} reports a negative value as not representable (the assumption
 * {@code representable} fails, no number is given), whatever the sign came from, while zero and
 * positive values pass through unchanged.
 */
class BoundResultTest {

  private static BoundResult.Builder builder() {
    return BoundResult.builder(
            "T-TEST", BoundResult.MAIN, "a test bound", "|gen_S(w)|", BoundResult.DETERMINISTIC)
        .assume(Assumption.of("given", "the test's assumption", true, 1.0, "by construction"));
  }

  private static void assertRejected(double v) {
    BoundResult r = builder().finish(v);
    assertFalse(r.applicable(), "negative value " + v + " reported as a bound");
    assertNull(r.value(), "negative value " + v + " kept");
    List<Assumption> failed = r.failedAssumptions();
    assertEquals(1, failed.size(), "failed assumptions for " + v + ": " + failed);
    assertEquals("representable", failed.get(0).name());
    assertTrue(failed.get(0).detail().contains(String.valueOf(v)), failed.get(0).detail());
  }

  @Test
  void negativeValuesAreNotRepresentable() {
    for (double v : new double[] {-Double.MIN_VALUE, -1e-300, -0.5, -1.0, -Double.MAX_VALUE}) {
      assertRejected(v);
    }
    // every negative finite double, uniformly over its bit patterns (all magnitudes)
    qt().withExamples(2000)
        .forAll(longs().between(1L, 0x7FEF_FFFF_FFFF_FFFFL))
        .checkAssert(bits -> assertRejected(-Double.longBitsToDouble(bits)));
  }

  @Test
  void nonNegativeValuesPassThrough() {
    for (double v : new double[] {0.0, Double.MIN_VALUE, 0.5, 1.0, Double.MAX_VALUE}) {
      BoundResult r = builder().finish(v);
      assertTrue(r.applicable(), "value " + v + " rejected: " + r.failedAssumptions());
      assertEquals(v, r.value());
      assertEquals(List.of(), r.failedAssumptions());
    }
  }

  @Test
  void aFailedAssumptionGivesNoNumberWhateverTheSign() {
    for (double v : new double[] {-1.0, 0.0, 1.0}) {
      BoundResult r =
          builder()
              .assume(Assumption.of("coverage", "kappa > 0", false, -1.0, "kappa = 0"))
              .finish(v);
      assertFalse(r.applicable());
      assertNull(r.value());
      assertEquals("coverage", r.failedAssumptions().get(0).name());
    }
  }
}
