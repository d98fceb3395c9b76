package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.bounds.BoundCases.At;
import org.rlhfbounds.bounds.BoundCases.Case;
import org.rlhfbounds.bounds.BoundCases.Run;
import org.rlhfbounds.bounds.Frequencies.Tightness;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.objective.Objective;

/**
 * Properties of T-SGA-SHARP and T-SGA-SEED (proofs/T-SGA-SHARP.md): the one-step supermartingale
 * inequality {@code E_i ||e_perp_t||^2 <= (1 - q_t) ||e_perp_{t-1}||^2}, {@code q_t = (2 - eta_t
 * lambdaBar) eta_t c}, is checked EXACTLY (the expectation over the uniformly drawn prompt is a
 * finite average over the n sample positions) at every step of random trajectories, together with
 * non-expansiveness and the invariance of {@code P_N e}; the expectation bounds on the selected
 * iterate by the mean over random orders against a Hoeffding margin.
 */
class SgaBoundProperties {
  static double smooth(Case c, BoundInputs in, SplittableRandom r) {
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    if (r.nextBoolean() || lambdaBar == 0) {
      return Constants.smoothness(c.inst().beta(), c.inst().featureBound(), in.d0());
    }
    return lambdaBar * (0.5 + 1.5 * r.nextDouble());
  }

  @Test
  void oneStepContractionHoldsExactlyInExpectationOverThePrompt() {
    AtomicInteger stepsChecked = new AtomicInteger();
    BoundGens.qt(0x5A01L)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              Case c = BoundCases.random(seed, 40, false);
              Objective o = Objective.of(c.inst());
              BoundInputs in = Bounds.inputs(c.inst(), c.sample(), c.w0(), 0.05);
              SplittableRandom r = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
              double smooth = smooth(c, in, r);
              double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
              Double kp = in.kappaPlus();
              double cc = kp == null ? 0
                  : Constants.curvature(in.beta(), in.diameter(), in.dPerp(),
                      Reals.nonNegative(kp, "kp"));
              double[] wStar = c.inst().wStar();
              CoveredSubspace cov = CoveredSubspace.of(o, c.sample());
              Features f = c.sample().prompts();
              int n = f.size();
              double tol = 1e-12 * (1 + in.d0() * in.d0());
              double[] w = c.w0().clone();
              double[] pN0 = cov.kernelPart(BoundCases.minus(w, wStar));
              double[] g = new double[w.length];
              for (int t = 1; t <= c.steps(); t++) {
                double eta = 1 / (2 * smooth * Math.sqrt(t));
                double prev = BoundCases.norm(cov.rangePart(BoundCases.minus(w, wStar)));
                double mean = 0;
                for (int i = 0; i < n; i++) {
                  o.promptGradient(f, i, w, g);
                  double[] wi = w.clone();
                  for (int j = 0; j < w.length; j++) {
                    wi[j] += eta * g[j];
                  }
                  double[] ei = BoundCases.minus(wi, wStar);
                  double ni = BoundCases.norm(cov.rangePart(ei));
                  final int ti = t;
                  assertTrue(ni <= prev + tol,
                      () -> "non-expansive: " + ni + " > " + prev + " at t=" + ti + " " + c);
                  double drift = BoundCases.norm(BoundCases.minus(cov.kernelPart(ei), pN0));
                  assertTrue(drift <= tol + 1e-9 * in.pKernel(),
                      () -> "P_N e moved by " + drift + " at t=" + ti + " " + c);
                  mean += ni * ni / n;
                }
                double q = (2 - eta * lambdaBar) * eta * cc;
                double bound = (1 - q) * prev * prev;
                final double m = mean;
                final int ti = t;
                assertTrue(m <= bound * (1 + 1e-9) + tol,
                    () -> "E||e_perp_t||^2 = " + m + " > (1 - q_t) ||e_perp||^2 = " + bound
                        + " (q = " + q + ", t = " + ti + ") " + c + " " + in);
                stepsChecked.incrementAndGet();
                int i = r.nextInt(n);
                o.promptGradient(f, i, w, g);
                for (int j = 0; j < w.length; j++) {
                  w[j] += eta * g[j];
                }
              }
            });
    System.out.println("SGA one-step contraction: " + stepsChecked.get() + " steps checked");
  }

  @Test
  void expectationBoundsHoldOverRandomOrders() {
    int cases = 150;
    int orders = 30;
    double alpha = 1e-3;
    Tightness tight = new Tightness("SGA, mean over " + orders + " orders (" + cases + " cases)");
    BoundGens.qt(0x5A02L, cases)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              Case c = BoundCases.random(seed, 100, false);
              Objective o = Objective.of(c.inst());
              BoundInputs in = Bounds.inputs(c.inst(), c.sample(), c.w0(), 0.05);
              SplittableRandom r = new SplittableRandom(seed);
              double smooth = smooth(c, in, r);
              int t = c.steps();
              BoundResult opt = SgaSharpTheorem.optimisation(in, Reals.positive(smooth, "L"), t);
              BoundResult exc = SgaSharpTheorem.excess(in, Reals.positive(smooth, "L"), t);
              if (!opt.applicable()) {
                return;
              }
              CoveredSubspace cov = CoveredSubspace.of(o, c.sample());
              double meanOpt = 0;
              double meanExc = 0;
              for (int k = 0; k < orders; k++) {
                Run run = BoundCases.sga(o, c.sample(), c.w0(), smooth, t, r);
                At at = BoundCases.measure(o, c, cov, run.best());
                meanOpt += at.opt() / orders;
                meanExc += at.excess() / orders;
              }
              double tol = BoundCases.tolerance(c, c.w0());
              double rangeOpt = LemmaK.upperCore(in.beta(), in.diameter(), in.dPerp(), 0, 0);
              double rangeExc = LemmaK.lowerCore(in.beta(), in.diameter(), in.dPerp(),
                  in.pKernel(), LemmaK.epsOrZero(in, in.pKernel()));
              double z = Math.sqrt(Math.log(cases / alpha) / (2.0 * orders));
              final double mo = meanOpt;
              final double me = meanExc;
              assertTrue(mo <= opt.requireValue() + rangeOpt * z + tol,
                  () -> "T-SGA-SHARP#opt: mean " + mo + " > " + opt.requireValue() + " + margin "
                      + c);
              assertTrue(me <= exc.requireValue() + rangeExc * z + tol,
                  () -> "T-SGA-SHARP#excess: mean " + me + " > " + exc.requireValue() + " " + c);
              tight.add("T-SGA-SHARP#opt", opt.requireValue(), mo, 1e-9);
              tight.add("T-SGA-SHARP#excess", exc.requireValue(), me, 1e-9);
              if (t >= 1) {
                BoundResult so = SgaSeedTheorem.optimisation(in, Reals.positive(smooth, "L"), t);
                if (so.applicable()) {
                  assertTrue(so.requireValue() >= opt.requireValue() * (1 - 1e-12),
                      () -> "seed form " + so + " below the sharp form " + opt + " " + c);
                  tight.add("T-SGA-SEED#opt", so.requireValue(), mo, 1e-9);
                }
              }
            });
    System.out.println(tight.table());
  }

  /** Exact expectations over all n^T orders of a small SGA run (learners API, explicit orders). */
  static final class Paths {
    double e2;
    double opt;
    double excess;
    double absGen;

    Paths(Objective o, Case c, CoveredSubspace cov, double smooth, int steps) {
      int n = c.sample().size();
      long total = 1;
      for (int t = 0; t < steps; t++) {
        total *= n;
      }
      double prob = 1.0 / total;
      int[] order = new int[steps];
      for (long code = 0; code < total; code++) {
        long x = code;
        for (int t = 0; t < steps; t++) {
          order[t] = (int) (x % n);
          x /= n;
        }
        Run run = BoundCases.sgaOrder(o, c.sample(), c.w0(), smooth, order);
        At at = BoundCases.measure(o, c, cov, run.best());
        e2 += prob * at.ePerp() * at.ePerp();
        opt += prob * at.opt();
        excess += prob * at.excess();
        absGen += prob * Math.abs(at.gen());
      }
    }
  }

  /**
   * The expectation bounds of T-SGA-SHARP and T-SGA-SEED, EXACTLY: for samples of n <= 3 prompts
   * (T <= 300 steps for n = 1, 10 for n = 2, 6 for n = 3) every one of the n^T orders is
   * enumerated with its probability n^{-T}, and the
   * exact expectations of {@code ||e_perp(w_sel)||^2}, of the optimisation error and of the excess
   * risk are compared with R2 and the bounds (deterministic, 300 examples); the gap's expectation
   * with {@code |mid| + lower core}.
   */
  @Test
  void expectationBoundsHoldExactlyOverAllOrders() {
    BoundGens.qt(0x5A03L, 300)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              Case base = BoundCases.random(seed, 0, false);
              int n = 1 + r.nextInt(3);
              var smp = base.pop().sample(n, r);
              int steps = n == 1 ? 1 + r.nextInt(300) : n == 2 ? 1 + r.nextInt(10) : 1 + r.nextInt(6);
              Case c = new Case(base.label(), base.inst(), base.pop(), smp, base.w0(), steps, seed);
              Objective o = Objective.of(c.inst());
              BoundInputs in = Bounds.inputs(c.inst(), c.sample(), c.w0(), 0.05);
              double smooth = smooth(c, in, r);
              int t = c.steps();
              BoundResult gap = SgaSharpTheorem.gap(in, Reals.positive(smooth, "L"), t);
              BoundResult opt = SgaSharpTheorem.optimisation(in, Reals.positive(smooth, "L"), t);
              BoundResult exc = SgaSharpTheorem.excess(in, Reals.positive(smooth, "L"), t);
              BoundResult seedOpt = SgaSeedTheorem.optimisation(in, Reals.positive(smooth, "L"), t);
              if (!opt.applicable()) {
                return;
              }
              CoveredSubspace cov = CoveredSubspace.of(o, c.sample());
              Paths paths = new Paths(o, c, cov, smooth, t);
              double tol = BoundCases.tolerance(c, c.w0());
              double r2 = opt.constant("R2");
              String where = c + " L=" + smooth + " " + in;
              assertTrue(paths.e2 <= r2 * (1 + 1e-9) + 1e-12 * (1 + in.d0() * in.d0()),
                  () -> "E||e_perp_sel||^2 = " + paths.e2 + " > R2 = " + r2 + " " + where);
              assertTrue(paths.opt <= opt.requireValue() + tol,
                  () -> "E opt " + paths.opt + " > " + opt.requireValue() + " " + where);
              assertTrue(paths.excess <= exc.requireValue() + tol,
                  () -> "E excess " + paths.excess + " > " + exc.requireValue() + " " + where);
              if (seedOpt.applicable()) {
                assertTrue(paths.opt <= seedOpt.requireValue() + tol,
                    () -> "E opt " + paths.opt + " > seed " + seedOpt.requireValue() + " " + where);
              }
              double mid = Math.abs(o.gibbsValue(c.pop()) - o.gibbsValue(c.sample()));
              double core = Math.max(gap.constant("upperCore"), gap.constant("lowerCore"));
              assertTrue(paths.absGen <= mid + core + tol,
                  () -> "E|gen| " + paths.absGen + " > |mid| + " + core + " " + where);
            });
  }
}
