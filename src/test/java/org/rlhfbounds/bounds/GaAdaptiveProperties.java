package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.contracts.rounding.Up;
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

  /**
   * With a curvature profile attached to the inputs (random radii, non-increasing kappas between
   * the worst-case transfer and no loss, non-increasing second-order bounds), D_T is at least the
   * real recursion with {@code kappa(D) = max(e^{-diam D} kappa+, max_{g_k <= D} kappa_k e^{-b (D -
   * g_k)}, kappa_{k'}, local_{k''})} ({@code g_{k'}} the first radius above D, {@code g_{k''}} the
   * first at or above D), evaluated in BigMath.
   */
  @Test
  void radiusSequenceWithAProfileIsRoundedUp() {
    BoundGens.qt(0xADA5L)
        .forAll(RoundingProperties.points())
        .checkAssert(
            pt -> {
              BoundInputs base = pt.in();
              Double kp = base.kappaPlus();
              if (!ExactFormulas.covered(base) || base.leakage() != 0 || base.roundingModel()
                  || kp == null) {
                return;
              }
              SplittableRandom r = new SplittableRandom(pt.seed());
              int m = 1 + r.nextInt(8);
              double slope = base.diameter() * (0.05 + 0.95 * r.nextDouble());
              double[] radii = new double[m + 1];
              double[] kappa = new double[m + 1];
              double[] local = new double[m + 1];
              kappa[0] = kp;
              local[0] = r.nextBoolean() ? kp : 0;
              double step = Math.max(base.dPerp(), 1e-3) / m * (0.5 + r.nextDouble());
              for (int k = 1; k <= m; k++) {
                radii[k] = radii[k - 1] + step;
                double worst = kappa[k - 1] * Math.exp(-slope * step);
                kappa[k] = Math.min(kappa[k - 1], worst + r.nextDouble() * (kappa[k - 1] - worst));
                if (!(kappa[k] > 0)) {
                  return;
                }
                local[k] = local[k - 1] * r.nextDouble();
              }
              CurvatureProfile prof = CurvatureProfile.of(slope, radii, kappa, local);
              BoundInputs in = withProfile(base, prof);
              int t = Math.min(pt.stepsGa(), 400);
              BoundResult res = GaAdaptiveTheorem.optimisation(in, Reals.positive(pt.eta(), "eta"), t);
              if (!res.applicable()) {
                return;
              }
              double dt = res.constant("DT");
              BigDecimal dbar = BigMath.min(BigMath.bd(in.d0()), BigMath.bd(in.dPerp()));
              BigDecimal d = dbar;
              BigDecimal a = BigMath.mul(BigMath.bd(pt.eta()), BigMath.bd(in.beta()));
              for (int s = 0; s < t; s++) {
                BigDecimal k = BigMath.mul(BigMath.bd(kp),
                    BigMath.exp(BigMath.mul(BigMath.bd(in.diameter()), d).negate()));
                for (int j = 0; j <= m; j++) {
                  if (BigMath.bd(radii[j]).compareTo(d) >= 0) { // the first radius >= D
                    k = BigMath.max(k, BigMath.bd(local[j]));
                    break;
                  }
                }
                for (int j = 0; j <= m; j++) {
                  BigDecimal g = BigMath.bd(radii[j]);
                  if (g.compareTo(d) <= 0) {
                    k = BigMath.max(k, BigMath.mul(BigMath.bd(kappa[j]),
                        BigMath.exp(BigMath.mul(BigMath.bd(slope), BigMath.sub(d, g)).negate())));
                  } else {
                    k = BigMath.max(k, BigMath.bd(kappa[j]));
                    break;
                  }
                }
                BigDecimal rho = BigMath.max(BigDecimal.ZERO,
                    BigMath.sub(BigDecimal.ONE, BigMath.mul(a, k)));
                d = BigMath.min(dbar, BigMath.mul(rho, d));
              }
              BigDecimal exact = d;
              assertTrue(BigMath.atLeast(dt, exact), () -> "D_T = " + dt + " below the exact "
                  + exact.round(BigMath.MC) + " with " + prof + " at " + pt);
            });
  }

  /** The same inputs with a curvature profile. */
  static BoundInputs withProfile(BoundInputs c, CurvatureProfile p) {
    return new BoundInputs(c.n(), c.dim(), c.delta(), c.beta(), c.bound(), c.diameter(),
        c.thetaNorm(), c.kernelDim(), c.kappaPlus(), c.kappaCertified(), c.lambdaMaxUpper(),
        c.d0(), c.dPerp(), c.pKernel(), c.epsN(), c.initialGap(), c.optimalValueVariance(),
        c.optimalValueRange(), c.populationVariance(), c.kappaUniform(), c.rank(), c.leakage(),
        c.roundingModel(), c.wStarNorm(), c.gradientTolerance(), c.residualRange(),
        c.residualKernel(), c.populationLambdaMax(), p);
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

  /**
   * The worst case of the curvature transfer, exactly: one prompt with two actions, features 0 and
   * L (d = 1, diam = L), the optimum's logit z and a start at logit range X beyond it. The GA error
   * map is {@code e -> (1 - eta beta Sigma_w) e} with the covariance {@code Sigma_w = L^2 s'(z + X)}
   * at the iterate itself ({@code s} the logistic function, F2), and {@code s'(z + X) / s'(z)} tends
   * to {@code e^{-X}} as z grows. So the computed contraction factor must be at least the exact one,
   * and {@code beta kappa+ h(r)} at most the exact gradient norm {@code beta Sigma_w r} (the selection
   * step): neither may use a factor larger than {@code e^{-X}}, such as the segment average
   * {@code (1 - e^{-X}) / X}.
   */
  @Test
  void curvatureTransferHoldsAtItsWorstCase() {
    BoundGens.qt(0xADA4L)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              double len = RoundingProperties.logUniform(r, 1e-3, 3);
              double z = r.nextBoolean() ? 40 * r.nextDouble() - 20 : 5 + 25 * r.nextDouble();
              double x = r.nextInt(10) == 0 ? 0 : RoundingProperties.logUniform(r, 1e-6, 40);
              double beta = RoundingProperties.logUniform(r, 1e-2, 10);
              double rad = x / len; // ||e||, the logit range x = L ||e||
              BigDecimal bl2 = BigMath.mul(BigMath.bd(len), BigMath.bd(len));
              BigDecimal atStar = BigMath.mul(bl2, logisticSlope(BigMath.bd(z)));
              BigDecimal atW = BigMath.mul(bl2, logisticSlope(
                  BigMath.add(BigMath.bd(z), BigMath.mul(BigMath.bd(len), BigMath.bd(rad)))));
              double kp = atStar.doubleValue();
              // the instance is the one whose kappa+ is the double kp: scale both covariances
              BigDecimal ratio = BigMath.div(atW, atStar);
              BigDecimal sigmaW = BigMath.mul(BigMath.bd(kp), ratio);
              double eta = r.nextDouble() * 4 / (beta * len * len);
              if (!(eta > 0) || !(kp > 0)) {
                return;
              }
              double xr = Up.mul(len, rad);
              BigDecimal exact = BigMath.sub(BigDecimal.ONE,
                  BigMath.mul(BigMath.mul(BigMath.bd(eta), BigMath.bd(beta)), sigmaW));
              double f = GaAdaptiveTheorem.contraction(eta, beta, kp, xr);
              String where = "L=" + len + " z=" + z + " X=" + x + " beta=" + beta + " eta=" + eta;
              assertTrue(BigMath.atLeast(f, exact), () -> "contraction " + f + " below the exact "
                  + exact.round(BigMath.MC) + " at " + where);
              // selection: beta kappa+ h(r) <= ||grad|| = beta Sigma_w r
              double h = GaAdaptiveTheorem.hDown(len, rad);
              BigDecimal grad = BigMath.mul(sigmaW, BigMath.bd(rad));
              BigDecimal lower = BigMath.mul(BigMath.bd(kp), BigMath.bd(h));
              assertTrue(lower.compareTo(grad) <= 0, () -> "kappa+ h(r) = " + lower.round(BigMath.MC)
                  + " above Sigma_w r = " + grad.round(BigMath.MC) + " at " + where);
            });
  }

  /** {@code s'(z) = e^{-|z|} / (1 + e^{-|z|})^2}, exactly to BigMath's precision. */
  private static BigDecimal logisticSlope(BigDecimal z) {
    BigDecimal u = BigMath.exp(z.abs().negate());
    BigDecimal one = BigMath.add(BigDecimal.ONE, u);
    return BigMath.div(u, BigMath.mul(one, one));
  }

  private static BigDecimal h(double diam, double r) {
    return BigMath.mul(BigMath.bd(r), BigMath.exp(BigMath.mul(BigMath.bd(diam), BigMath.bd(r)).negate()));
  }
}
