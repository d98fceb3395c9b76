package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.contracts.Reals;

/**
 * The ingredients of T-GA-ADAPT (proofs/T-GA-ADAPT.md) against their real values in {@link
 * BigMath}: the radius D_T of the recursion (each step rounded up, the map monotone) is at least
 * the real recursion's; the selection radius is a certified upper bound of the set {@code {r <=
 * Dmax : r e^{-diam r} <= y}}; phi is rounded up. 1000 random points each (fixed seeds).
 */
class GaAdaptiveProperties {
  @Test
  void radiusSequenceIsRoundedUp() {
    BoundGens.qt(0xADA1L)
        .forAll(RoundingProperties.points())
        .checkAssert(
            pt -> {
              BoundInputs in = pt.in();
              if (!ExactFormulas.covered(in) || in.leakage() != 0 || in.roundingModel()) {
                return;
              }
              int t = Math.min(pt.stepsGa(), 400);
              BoundResult res = GaAdaptiveTheorem.optimisation(in, Reals.positive(pt.eta(), "eta"), t);
              if (!res.applicable()) {
                return;
              }
              double dt = res.constant("DT");
              BigDecimal exact = ExactFormulas.adaptRadiusT(in, pt.eta(), t);
              assertTrue(BigMath.atLeast(dt, exact),
                  () -> "D_T = " + dt + " below the exact " + exact.round(BigMath.MC) + " at " + pt);
            });
  }

  @Test
  void selectionRadiusIsCertified() {
    BoundGens.qt(0xADA2L)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              double diam = r.nextInt(10) == 0 ? 0 : 5 * r.nextDouble();
              double dMax = RoundingProperties.logUniform(r, 1e-6, 10);
              double y = RoundingProperties.logUniform(r, 1e-14, 1);
              double rad = GaAdaptiveTheorem.selectionRadius(diam, y, dMax);
              String where = "diam=" + diam + " y=" + y + " Dmax=" + dMax + " r=" + rad;
              assertTrue(rad <= dMax, where);
              if (rad < dMax) {
                BigDecimal by = BigMath.bd(y);
                assertTrue(h(diam, rad).compareTo(by) > 0, "h(r) <= y: " + where);
                assertTrue(h(diam, dMax).compareTo(by) > 0, "h(Dmax) <= y: " + where);
              }
            });
  }

  @Test
  void phiIsRoundedUp() {
    BoundGens.qt(0xADA3L)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              double x = r.nextInt(10) == 0 ? 0 : RoundingProperties.logUniform(r, 1e-12, 700);
              double v = GaAdaptiveTheorem.phi(x);
              BigDecimal exact = ExactFormulas.adaptPhi(BigMath.bd(x));
              assertTrue(BigMath.atLeast(v, exact),
                  () -> "phi(" + x + ") = " + v + " below " + exact.round(BigMath.MC));
            });
  }

  private static BigDecimal h(double diam, double r) {
    return BigMath.mul(BigMath.bd(r), BigMath.exp(BigMath.mul(BigMath.bd(diam), BigMath.bd(r)).negate()));
  }
}
