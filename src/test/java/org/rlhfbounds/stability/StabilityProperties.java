package org.rlhfbounds.stability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.learners.Cases;
import org.rlhfbounds.learners.Cases.Case;
import org.rlhfbounds.learners.Kernels;
import org.rlhfbounds.learners.Retraining;
import org.rlhfbounds.learners.Selection;
import org.rlhfbounds.learners.StepSchedule;
import org.rlhfbounds.learners.StochasticGradientAscent;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.ProgressListener;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * proofs/F10.md, deterministic on every example, with every bound recomputed here
 * in plain arithmetic (not with the library's {@link StabilityBounds}): replace-one pairs {@code
 * (S, S^(i))} for every position, replacements drawn from the finite population.
 *
 * <ul>
 *   <li>under coverage of both samples: {@code ||A_T(S) - A_T(S^(i))|| <= (rho_S^T + rho_{S'}^T)
 *       D0 <= 2 rho^T D0}, and from {@code S} alone (Weyl) {@code <= 2 rho_W^T D0} with {@code
 *       kappa_W = kappa_S - B^2/n} when positive;
 *   <li>without coverage (GA and SGA): {@code <= min(2 D0, ||(P_N - P_N') e0|| + rho_S^T ||P_R e0||
 *       + rho_{S'}^T ||P_{R'} e0||)} ({@code rho = 1} for SGA), and the kernel term is at most
 *       {@code ||P_{N_0} e0||}, {@code N_0} the kernel of the {@code n - 1} shared prompts;
 *   <li>loss stability on the evaluation set (sample, replacements, population): {@code |f(A(S);x)
 *       - f(A(S');x)| <= beta B^2 E ||A(S) - A(S')||} and {@code <= beta B^2 E^2 / 2}, {@code E =
 *       max(||A(S) - w*||, ||A(S') - w*||)}, and the same with the bounds in place of the measured
 *       {@code E} and {@code Delta}.
 * </ul>
 *
 * <p>Tolerance: {@code 1e-12 (1 + ||w*|| + D0)} plus the projector error of both kernels ({@link
 * Cases#projectorError}); examples with an ambiguous kernel decision are skipped in the bounds
 * that use kernels (at least 80% must be used).
 */
class StabilityProperties {
  static final int EXAMPLES = 1000;

  static double[] e0(Case c) {
    return Cases.minus(c.w0, c.instance.wStar());
  }

  /** The runs of one example: A(S), A(S^(i)) for every i, and the replaced samples. */
  static final class Pairs {
    final Case c;
    final boolean sga;
    final StepSchedule schedule;
    final double[] base;
    final double[][] out;
    final Sample[] replaced;
    final Features[] repl;

    Pairs(Case c, boolean sga, long seed) {
      this.c = c;
      this.sga = sga;
      int n = c.sample.size();
      SplittableRandom r = new SplittableRandom(seed);
      repl = new Features[n];
      int[] pos = new int[n];
      replaced = new Sample[n];
      for (int i = 0; i < n; i++) {
        pos[i] = i;
        repl[i] = c.population.prompts().select(new int[] {r.nextInt(c.population.prompts().size())});
        replaced[i] = c.sample.replace(i, repl[i], -1);
      }
      Retraining.Result res;
      if (sga) {
        schedule = StochasticGradientAscent.defaultSchedule(c.instance, c.w0);
        int[] order = StochasticGradientAscent.uniformOrder(n, c.steps, r.nextLong());
        res =
            Retraining.sga(
                c.instance, c.sample, pos, repl, schedule, c.w0, order, Selection.LAST, true, 1, ProgressListener.NONE);
      } else {
        schedule = StepSchedule.constant(c.eta);
        res =
            Retraining.ga(
                c.instance, c.sample, pos, repl, c.eta, c.w0, c.steps, Selection.LAST, true, 1, ProgressListener.NONE);
      }
      base = res.base();
      out = new double[n][];
      for (int i = 0; i < n; i++) {
        out[i] = res.output(i);
      }
    }
  }

  static double rho(Case c, double kappa) {
    double b = c.instance.featureBound();
    double d0 = Cases.norm(e0(c));
    return 1 - c.eta * c.instance.beta() * Math.exp(-2 * b * d0) * kappa;
  }

  static double tol(Case c) {
    return 1e-12 * (1 + Cases.norm(c.instance.wStar()) + Cases.norm(e0(c)));
  }

  @Test
  void argumentStabilityUnderCoverage() {
    AtomicInteger used = new AtomicInteger();
    AtomicInteger weyl = new AtomicInteger();
    qt().withExamples(EXAMPLES)
        .withFixedSeed(10001L)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Case c = Cases.randomCovered(seed, 14, 6, 150);
              Kernels cs = Cases.coverage(c);
              if (cs.kernelDim() > 0) {
                return;
              }
              used.incrementAndGet();
              Pairs p = new Pairs(c, false, seed + 1);
              Objective o = Objective.of(c.instance);
              double[] ws = c.instance.wStar();
              double d0 = Cases.norm(e0(c));
              double b = c.instance.featureBound();
              int n = c.sample.size();
              double kS = cs.kappa();
              double kW = kS - b * b / n;
              if (kW > 0) {
                weyl.incrementAndGet();
              }
              for (int i = 0; i < n; i++) {
                double delta = Cases.norm(Cases.minus(p.base, p.out[i]));
                Kernels c2 = Kernels.of(o, p.replaced[i]);
                if (kW > 0) {
                  double bw = 2 * Math.pow(rho(c, kW), c.steps) * d0;
                  assertTrue(delta <= bw + tol(c), "Weyl bound " + bw + " < " + delta + " in " + c);
                }
                if (c2.kernelDim() > 0) {
                  continue;
                }
                double r1 = rho(c, kS);
                double r2 = rho(c, c2.kappa());
                double bound = (Math.pow(r1, c.steps) + Math.pow(r2, c.steps)) * d0;
                assertTrue(
                    delta <= bound + tol(c),
                    "Delta = " + delta + " > (rho_S^T + rho_S'^T) D0 = " + bound + " at i=" + i
                        + " in " + c);
                assertTrue(delta <= 2 * Math.pow(Math.max(r1, r2), c.steps) * d0 + tol(c));
                // the library's evaluation (upward rounding) is at least the measured value
                BoundValue lib =
                    StabilityBounds.argumentStabilityCoverage(
                        c.eta, c.instance.beta(), b, d0, kS, c2.kappa(), c.steps);
                assertTrue(
                    delta <= lib.value() + tol(c),
                    "library coverage bound " + lib.value() + " < " + delta + " in " + c);
              }
            });
    assertTrue(used.get() >= 0.8 * EXAMPLES, "only " + used.get() + " covered examples");
    assertTrue(weyl.get() >= 0.03 * EXAMPLES, "the Weyl bound was exercised only " + weyl.get() + " times");
  }

  @Test
  void argumentStabilityWithoutCoverage() {
    AtomicInteger used = new AtomicInteger();
    qt().withExamples(EXAMPLES)
        .withFixedSeed(10002L)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Case c = Cases.random(seed, 10, 6, 150);
              boolean sga = (seed & 1) == 1;
              Kernels cs = Cases.coverage(c);
              if (!Cases.clearKernel(cs)) {
                return;
              }
              Pairs p = new Pairs(c, sga, seed + 1);
              Objective o = Objective.of(c.instance);
              double[] ws = c.instance.wStar();
              double[] e0 = e0(c);
              double d0 = Cases.norm(e0);
              int n = c.sample.size();
              double[] kS = cs.kernelPart(e0);
              Double kpS = cs.kappaPlus();
              boolean any = false;
              for (int i = 0; i < n; i++) {
                double delta = Cases.norm(Cases.minus(p.base, p.out[i]));
                assertTrue(delta <= 2 * d0 + tol(c), "Delta > 2 D0 in " + c);
                Kernels c2 = Kernels.of(o, p.replaced[i]);
                if (!Cases.clearKernel(c2)) {
                  continue;
                }
                any = true;
                double[] k2 = c2.kernelPart(e0);
                Double kp2 = c2.kappaPlus();
                double kernelDiff = Cases.norm(Cases.minus(kS, k2));
                double perpS = Cases.norm(Cases.minus(e0, kS));
                double perp2 = Cases.norm(Cases.minus(e0, k2));
                double r1 = sga || kpS == null ? 1 : rho(c, kpS);
                double r2 = sga || kp2 == null ? 1 : rho(c, kp2);
                int t = sga ? 0 : c.steps;
                double bound =
                    Math.min(2 * d0, kernelDiff + Math.pow(r1, t) * perpS + Math.pow(r2, t) * perp2);
                double slack =
                    tol(c) + Cases.projectorError(cs, 2 * d0) + Cases.projectorError(c2, 2 * d0);
                assertTrue(
                    delta <= bound + slack,
                    (sga ? "SGA" : "GA") + " Delta = " + delta + " > " + bound + " at i=" + i
                        + " (kernel term " + kernelDiff + ") in " + c);
                BoundValue lib =
                    StabilityBounds.argumentStabilityGeneral(
                        sga ? p.schedule.max(Math.max(1, c.steps)) : c.eta,
                        c.instance.beta(),
                        c.instance.featureBound(),
                        d0,
                        t,
                        kernelDiff,
                        perpS,
                        kpS == null ? 0 : kpS,
                        perp2,
                        kp2 == null ? 0 : kp2);
                assertTrue(
                    delta <= lib.value() + slack,
                    "library general bound " + lib.value() + " < " + delta + " in " + c);
                // the kernel term is at most the norm of e0 in the kernel of the shared prompts
                double shared;
                if (n == 1) {
                  shared = d0;
                } else {
                  int[] keep = new int[n - 1];
                  for (int j = 0, q = 0; j < n; j++) {
                    if (j != i) {
                      keep[q++] = j;
                    }
                  }
                  Sample s0 = Sample.of(c.sample.prompts().select(keep));
                  Kernels c0 = Kernels.of(o, s0);
                  if (!Cases.clearKernel(c0)) {
                    continue;
                  }
                  shared = Cases.norm(c0.kernelPart(e0));
                  slack += Cases.projectorError(c0, 2 * d0);
                }
                assertTrue(
                    kernelDiff <= shared + slack,
                    "kernel term " + kernelDiff + " > ||P_N0 e0|| = " + shared + " in " + c);
              }
              if (any) {
                used.incrementAndGet();
              }
            });
    assertTrue(used.get() >= 0.8 * EXAMPLES, "only " + used.get() + " examples used");
  }

  @Test
  void lossStabilityFollowsFromArgumentStability() {
    qt().withExamples(EXAMPLES)
        .withFixedSeed(10003L)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Case c = Cases.random(seed, 10, 6, 150);
              boolean sga = (seed & 1) == 1;
              Pairs p = new Pairs(c, sga, seed + 1);
              Objective o = Objective.of(c.instance);
              double[] ws = c.instance.wStar();
              double d0 = Cases.norm(e0(c));
              double bb = c.instance.beta() * c.instance.featureBound() * c.instance.featureBound();
              int n = c.sample.size();
              Features pop = c.population.prompts();
              double eS = Cases.norm(Cases.minus(p.base, ws));
              for (int i = 0; i < n; i++) {
                double delta = Cases.norm(Cases.minus(p.base, p.out[i]));
                double e = Math.max(eS, Cases.norm(Cases.minus(p.out[i], ws)));
                double lip = bb * e * delta;
                double flat = bb * e * e / 2;
                double coarse = bb * d0 * d0 / 2;
                double worst = 0;
                Features[] sets = {c.sample.prompts(), p.repl[i], pop};
                for (Features f : sets) {
                  for (int x = 0; x < f.size(); x++) {
                    worst =
                        Math.max(
                            worst,
                            Math.abs(o.promptValue(f, x, p.base) - o.promptValue(f, x, p.out[i])));
                  }
                }
                double slack = 1e-12 * (1 + Math.abs(o.gibbsValue(c.population)) + bb * d0 * d0);
                assertTrue(
                    worst <= Math.min(lip, flat) + slack,
                    "loss change " + worst + " > min(" + lip + ", " + flat + ") in " + c);
                assertTrue(worst <= coarse + slack, "loss change above beta B^2 D0^2 / 2 in " + c);
                BoundValue lib =
                    StabilityBounds.lossStability(
                        c.instance.beta(), c.instance.featureBound(), e, delta);
                assertTrue(
                    worst <= lib.value() + slack,
                    "library loss bound " + lib.value() + " < " + worst + " in " + c);
              }
            });
  }
}
