package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.contracts.Reals;

/**
 * Upward rounding (proofs/ROUNDING.md): every theorem's value, evaluated with {@code Up}/{@code
 * Down}, is never below the real value of its formula at the same inputs, re-evaluated in {@link
 * BigMath} (60 digits, compared at 50) by {@link ExactFormulas}. The inputs are random {@link
 * BoundInputs} over wide scales (1000 examples, fixed seed): covered and uncovered samples, steps
 * at and beyond the step-size limits (not-applicable results are skipped), T from 0 to 10^6 for
 * GA and up to 150 for SGA (the exact product has T factors).
 */
class RoundingProperties {
  /** One random evaluation point. */
  record Point(BoundInputs in, double eta, double smooth, int stepsGa, int stepsSga, double g,
      long seed) {
    @Override
    public String toString() {
      return in + " eta=" + eta + " L=" + smooth + " T_GA=" + stepsGa + " T_SGA=" + stepsSga
          + " g=" + g + " seed=" + seed;
    }
  }

  static double logUniform(SplittableRandom r, double lo, double hi) {
    return Math.exp(Math.log(lo) + r.nextDouble() * (Math.log(hi) - Math.log(lo)));
  }

  static Point point(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double beta = logUniform(r, 1e-2, 10);
    double b = logUniform(r, 0.1, 5);
    double diam = r.nextInt(8) == 0 ? 2 * b : b * 2 * r.nextDouble();
    double theta = r.nextInt(10) == 0 ? 0 : logUniform(r, 1e-2, 5);
    int n = r.nextInt(4) == 0 ? 1 + r.nextInt(5) : (int) logUniform(r, 1, 1e6);
    double delta = r.nextInt(5) == 0 ? logUniform(r, 1e-9, 1e-2) : 0.01 + 0.98 * r.nextDouble();
    int d = 1 + r.nextInt(8);
    int kernelDim = r.nextInt(3) == 0 ? r.nextInt(d + 1) : 0;
    double lmaxPop = diam * diam / 4;
    double kappa = lmaxPop > 0 ? lmaxPop * logUniform(r, 1e-8, 1) : 1e-3;
    Double kp = kernelDim == d ? null : kappa;
    double lmaxUpper = Math.max(kappa, lmaxPop * logUniform(r, 1e-3, 2));
    double d0 = r.nextInt(10) == 0 ? 0 : logUniform(r, 1e-3, 10);
    double frac = kernelDim == 0 ? 1 : r.nextDouble();
    double dPerp = kernelDim == d ? 0 : d0 * frac;
    double p = kernelDim == 0 ? 0 : d0 * Math.sqrt(Math.max(0, 1 - frac * frac));
    Double eps = kernelDim > 0 && r.nextInt(5) != 0 ? diam * diam * r.nextDouble() : null;
    double kappaU = r.nextBoolean() ? 0 : kappa * r.nextDouble();
    BoundInputs.Builder bld =
        BoundInputs.builder(
                Reals.positive(beta, "beta"),
                Reals.positive(b, "B"),
                Reals.nonNegative(diam, "diam"),
                Reals.nonNegative(theta, "theta"),
                n,
                Reals.positiveProbability(delta, "delta"),
                d)
            .coverage(kernelDim, kp, r.nextBoolean(), Reals.nonNegative(lmaxUpper, "lmax"))
            .start(Reals.nonNegative(d0, "d0"), Reals.nonNegative(dPerp, "dperp"),
                Reals.nonNegative(p, "p"))
            .residual(eps)
            .population(Reals.nonNegative(kappaU, "ku"), r.nextInt(d + 1));
    if (r.nextBoolean()) {
      bld.initialGap(Reals.nonNegative(beta * diam * diam * dPerp * dPerp / 8 * r.nextDouble() * 1.5,
          "gap0"));
    }
    if (n >= 2) { // an own stream, so the draws above stay as they were
      double u = new SplittableRandom(seed ^ 0x5A3E7B1DL).nextDouble();
      double vMax = b * theta * b * theta * n / (n - 1.0); // (2 B |theta*|)^2 / 4 n / (n - 1)
      bld.optimalValueVariance(Reals.nonNegative(vMax * u, "V_n"));
    }
    BoundInputs in = bld.build();
    double lambdaBar = beta * diam * diam / 4;
    double eta = (lambdaBar > 0 ? 1 / lambdaBar : 1) * logUniform(r, 1e-3, 1.2);
    double smooth = Math.max(lambdaBar, 1e-3) * logUniform(r, 0.4, 50);
    int stepsGa = r.nextInt(4) == 0 ? r.nextInt(3) : (int) logUniform(r, 1, 1e6);
    int stepsSga = r.nextInt(4) == 0 ? r.nextInt(3) : (int) logUniform(r, 1, 150);
    double g = r.nextInt(5) == 0 ? 0 : logUniform(r, 1e-12, 10);
    return new Point(in, eta, smooth, stepsGa, stepsSga, g, seed);
  }

  static Gen<Point> points() {
    return BoundGens.seeds().map(RoundingProperties::point);
  }

  private static void check(BoundResult res, BigDecimal exact, Point pt) {
    if (!res.applicable()) {
      return;
    }
    double v = res.requireValue();
    assertTrue(BigMath.atLeast(v, exact),
        () -> res.key() + ": value " + v + " below the exact " + exact.round(BigMath.MC)
            + " at " + pt);
  }

  @Test
  void everyTheoremIsRoundedUp() {
    BoundGens.qt(0x4001L)
        .forAll(points())
        .checkAssert(
            pt -> {
              BoundInputs in = pt.in();
              double eta = Reals.positive(pt.eta(), "eta");
              double sm = Reals.positive(pt.smooth(), "L");
              int tg = pt.stepsGa();
              int ts = pt.stepsSga();
              check(StationaryPointTheorem.gap(in, Reals.nonNegative(pt.g(), "g"), in.dPerp(), in.pKernel()),
                  ExactFormulas.opt(in, pt.g(), in.dPerp(), in.pKernel()), pt);
              check(GaSharpTheorem.gap(in, eta, tg), ExactFormulas.gaSharp(in, eta, tg), pt);
              if (in.n() >= 2) {
                BoundResult eb = EmpiricalBernsteinTheorem.gap(in, eta, tg);
                check(eb, ExactFormulas.gaSharpEb(in, eta, tg, eb), pt);
              }
              check(GaSharpTheorem.optimisation(in, eta, tg),
                  ExactFormulas.gaSharpOpt(in, eta, tg), pt);
              check(GaSharpTheorem.excess(in, eta, tg), ExactFormulas.gaSharpExcess(in, eta, tg),
                  pt);
              // T-GA-ADAPT: the exact recursion has T exponentials, so T is capped here
              int ta = Math.min(tg, 150);
              if (in.leakage() == 0 && !in.roundingModel()) {
                BoundResult ao = GaAdaptiveTheorem.optimisation(in, eta, ta);
                if (ao.applicable()) {
                  check(ao, ExactFormulas.gaAdaptOpt(in, eta, ta, ao), pt);
                }
                BoundResult ae = GaAdaptiveTheorem.excess(in, eta, ta);
                if (ae.applicable()) {
                  check(ae, ExactFormulas.gaAdaptExcess(in, eta, ta, ae), pt);
                }
              }
              if (tg >= 1) {
                check(GaSeedTheorem.gap(in, eta, tg), ExactFormulas.gaSeed(in, eta, tg), pt);
                check(GaSeedTheorem.optimisation(in, eta, tg),
                    ExactFormulas.gaSeedOpt(in, eta, tg), pt);
              }
              BigDecimal r2 = ExactFormulas.sgaR2(in, sm, ts);
              check(SgaSharpTheorem.gap(in, sm, ts), ExactFormulas.sgaSharpFromR2(in, r2), pt);
              check(SgaSharpTheorem.optimisation(in, sm, ts),
                  ExactFormulas.sgaSharpOpt(in, r2), pt);
              check(SgaSharpTheorem.excess(in, sm, ts), ExactFormulas.sgaSharpExcess(in, r2), pt);
              if (ts >= 1) {
                BoundResult seed = SgaSeedTheorem.gap(in, sm, ts);
                if (seed.applicable() && ExactFormulas.covered(in)) {
                  double a = seed.constant("a");
                  BigDecimal exactA = ExactFormulas.sgaRate(in, sm);
                  assertTrue(BigMath.atMost(a, exactA),
                      () -> "T-SGA-SEED: rate a = " + a + " above the exact " + exactA + " at " + pt);
                  check(seed, ExactFormulas.sgaSeed(in, a, ts), pt);
                  check(SgaSeedTheorem.optimisation(in, sm, ts),
                      ExactFormulas.sgaSeedOpt(in, a, ts), pt);
                } else if (seed.applicable()) {
                  check(seed, ExactFormulas.sgaSeed(in, 1, ts), pt);
                }
              }
              check(ResidualTheorem.gap(in), ExactFormulas.residual(in), pt);
              check(ResidualTheorem.excess(in), ExactFormulas.residualExcess(in), pt);
              check(ResidualExpectationTheorem.expectation(in), ExactFormulas.residualExpectation(in), pt);
              for (Algorithm alg : new Algorithm[] {Algorithm.GA, Algorithm.SGA}) {
                double step = alg == Algorithm.GA ? eta : sm;
                int t = alg == Algorithm.GA ? tg : ts;
                BigDecimal gamma = ExactFormulas.gamma(in, alg, step, t);
                check(StabilityTheorem.expectation(in, alg, Reals.positive(step, "s"), t), gamma,
                    pt);
                check(StabilityTheorem.uniform(in, alg, Reals.positive(step, "s"), t), gamma, pt);
                check(HighProbabilityTheorem.gap(in, alg, Reals.positive(step, "s"), t),
                    ExactFormulas.mcdiarmid(in, gamma), pt);
              }
            });
  }

  @Test
  void lowerBoundIngredientsAreRoundedDown() {
    BoundGens.qt(0x4002L)
        .forAll(points())
        .checkAssert(
            pt -> {
              BoundInputs in = pt.in();
              if (!ExactFormulas.covered(in)) {
                return;
              }
              double kp = in.kappaPlus();
              double c = Constants.curvature(in.beta(), in.diameter(), in.dPerp(),
                  Reals.nonNegative(kp, "kp"));
              BigDecimal exact = ExactFormulas.curvature(in, in.dPerp(), kp);
              assertTrue(BigMath.atMost(c, exact), () -> "c = " + c + " > exact " + exact);
              double h = Constants.hoeffding(in.bound(), in.thetaNorm(), in.n(), in.delta());
              assertTrue(BigMath.atLeast(h, ExactFormulas.hoeffding(in)), "H rounded up");
            });
  }
  /**
   * The feature geometry is rounded up: {@code Constants#featureDistance} and {@code
   * Constants#maxFeatureNorm} are never below the exact distance and norm (60 digits), on vectors of
   * up to 2000 coordinates (where the computed sum of squares falls below the exact one by many
   * ulps), with coordinates spread over 40 orders of magnitude, differences that cancel all but a few
   * bits, subnormal values, and identical candidates (whose distance must be exactly 0: the
   * step-size rules divide by the diameter).
   */
  @Test
  void featureDistancesAndNormsAreRoundedUp() {
    java.util.concurrent.atomic.AtomicInteger below = new java.util.concurrent.atomic.AtomicInteger();
    BoundGens.qt(0x6e0dL, 300)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              int d = r.nextBoolean() ? 1 + r.nextInt(8) : 100 + r.nextInt(1900);
              double[] data = new double[2 * d];
              int kind = r.nextInt(4);
              for (int j = 0; j < d; j++) {
                double x = kind == 0 ? logUniform(r, 1e-20, 1e20) * (r.nextBoolean() ? 1 : -1)
                    : kind == 1 ? Double.MIN_VALUE * r.nextInt(1 << 20)
                    : r.nextGaussian();
                data[j] = x;
                // kind 2: the second candidate within a few ulps of the first (cancellation)
                // kind 3: identical candidates (distance exactly 0, not an underflow allowance)
                data[d + j] = kind == 2 ? x + Math.ulp(x) * r.nextInt(8)
                    : kind == 3 ? x : r.nextGaussian();
              }
              org.rlhfbounds.model.Features f =
                  org.rlhfbounds.model.Features.uniform(data, 1, 2, d, "features");
              java.math.BigDecimal dist = java.math.BigDecimal.ZERO;
              java.math.BigDecimal norm0 = java.math.BigDecimal.ZERO;
              java.math.BigDecimal norm1 = java.math.BigDecimal.ZERO;
              for (int j = 0; j < d; j++) {
                java.math.BigDecimal x = BigMath.bd(data[j]);
                java.math.BigDecimal y = BigMath.bd(data[d + j]);
                java.math.BigDecimal z = BigMath.sub(x, y);
                dist = BigMath.add(dist, BigMath.mul(z, z));
                norm0 = BigMath.add(norm0, BigMath.mul(x, x));
                norm1 = BigMath.add(norm1, BigMath.mul(y, y));
              }
              java.math.BigDecimal exactDist = BigMath.sqrt(dist);
              java.math.BigDecimal exactNorm = BigMath.sqrt(BigMath.max(norm0, norm1));
              double dd = Constants.featureDistance(PromptRows.of(f, 0, f.rowScratch()), 0, 1);
              double nn = Constants.maxFeatureNorm(f);
              assertTrue(kind != 3 || dd == 0, () -> "identical candidates at distance " + dd);
              assertTrue(BigMath.atLeast(dd, exactDist),
                  () -> "distance " + dd + " < exact " + exactDist + " d=" + d + " seed=" + seed);
              assertTrue(BigMath.atLeast(nn, exactNorm),
                  () -> "norm " + nn + " < exact " + exactNorm + " d=" + d + " seed=" + seed);
              // the computed sums alone (no allowance) fall below the exact values on some draws
              double plain = 0;
              for (int j = 0; j < d; j++) {
                double x = data[j] - data[d + j];
                plain += x * x;
              }
              if (!BigMath.atLeast(Math.sqrt(plain), exactDist)) {
                below.incrementAndGet();
              }
            });
    assertTrue(below.get() > 0,
        "the plain distance was never below the exact one: the property cannot see a missing"
            + " allowance");
  }
}
