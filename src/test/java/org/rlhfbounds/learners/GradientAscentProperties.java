package org.rlhfbounds.learners;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.learners.Cases.Case;
import org.rlhfbounds.objective.Objective;

/**
 * proofs/F6.md on random instances of every family, deterministic on every example:
 * with {@code eta beta B^2 <= 1}, Gradient Ascent never increases {@code ||w - w*||}, never changes
 * the {@code N_S}-component of {@code w - w*}, and contracts the rest at least by {@code rho = 1 -
 * eta beta e^{-2 B D0} kappa_S^+} per step.
 *
 * <p>Rounding tolerance per step: {@code tau(t) = 1e-13 (1 + ||w*|| + ||e_t||)} (the update and the
 * norms involve {@code O(K d) <= 40} roundings of relative size {@code 2^-53} of magnitudes below
 * {@code ||w*|| + ||e_t||}, i.e. {@code < 5e-15} of them). Projections onto the computed kernel
 * add {@link Cases#projectorError}. Examples whose kernel decision is ambiguous (an eigenvalue of
 * {@code Sigma_S(w*)} between {@code 1e-13} and {@code 1e-7 lambda_max}) are not used by the two
 * kernel properties; at least 90% of the examples must be used.
 */
class GradientAscentProperties {
  static final int EXAMPLES = 1000;

  static double tau(double wStarNorm, double e) {
    return 1e-13 * (1 + wStarNorm + e);
  }

  static Trajectory run(Case c) {
    return GradientAscent.run(
        Objective.of(c.instance), c.sample, c.eta, c.w0, c.steps, Recording.full(1));
  }

  @Test
  void distanceToOptimumNeverGrows() {
    qt().withExamples(EXAMPLES)
        .withFixedSeed(6001L)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Case c = Cases.random(seed, 16, 8, 80);
              Trajectory tr = run(c);
              double[] dist = tr.distances();
              double ws = Cases.norm(c.instance.wStar());
              for (int t = 0; t < c.steps; t++) {
                assertTrue(
                    dist[t + 1] <= dist[t] + tau(ws, dist[t]),
                    "||e|| grew at t=" + t + ": " + dist[t] + " -> " + dist[t + 1] + " in " + c);
              }
            });
  }

  @Test
  void kernelComponentNeverChanges() {
    AtomicInteger used = new AtomicInteger();
    qt().withExamples(EXAMPLES)
        .withFixedSeed(6002L)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Case c = Cases.random(seed, 16, 8, 80);
              Kernels cov = Cases.coverage(c);
              if (!Cases.clearKernel(cov)) {
                return;
              }
              used.incrementAndGet();
              Trajectory tr = run(c);
              double[] ws = c.instance.wStar();
              double wsn = Cases.norm(ws);
              double[] k0 = cov.kernelPart(Cases.minus(c.w0, ws));
              double d0 = Cases.norm(Cases.minus(c.w0, ws));
              double acc = 0;
              for (int t = 1; t <= c.steps; t++) {
                acc += tau(wsn, d0);
                double[] kt = cov.kernelPart(Cases.minus(tr.iterate(t), ws));
                double drift = Cases.norm(Cases.minus(kt, k0));
                double tol = acc + Cases.projectorError(cov, 2 * d0);
                assertTrue(
                    drift <= tol,
                    "N-component moved by " + drift + " > " + tol + " at t=" + t + " in " + c);
              }
            });
    assertTrue(used.get() >= 0.9 * EXAMPLES, "only " + used.get() + " examples used");
  }

  @Test
  void outsideKernelContractsLinearly() {
    AtomicInteger used = new AtomicInteger();
    qt().withExamples(EXAMPLES)
        .withFixedSeed(6003L)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Case c = Cases.random(seed, 16, 8, 80);
              Kernels cov = Cases.coverage(c);
              Double kp = cov.kappaPlus();
              if (!Cases.clearKernel(cov) || kp == null) {
                return;
              }
              used.incrementAndGet();
              Trajectory tr = run(c);
              double[] ws = c.instance.wStar();
              double wsn = Cases.norm(ws);
              double b = c.instance.featureBound();
              double d0 = Cases.norm(Cases.minus(c.w0, ws));
              double rho = 1 - c.eta * c.instance.beta() * Math.exp(-2 * b * d0) * kp;
              double prev = Cases.norm(cov.rangePart(Cases.minus(c.w0, ws)));
              for (int t = 1; t <= c.steps; t++) {
                double cur = Cases.norm(cov.rangePart(Cases.minus(tr.iterate(t), ws)));
                double tol = tau(wsn, d0) + Cases.projectorError(cov, 2 * d0);
                assertTrue(
                    cur <= rho * prev + tol,
                    "perp part " + prev + " -> " + cur + " exceeds rho = " + rho + " at t=" + t
                        + " in " + c);
                prev = cur;
              }
            });
    assertTrue(used.get() >= 0.9 * EXAMPLES, "only " + used.get() + " examples used");
  }
}
