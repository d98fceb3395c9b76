package org.rlhfbounds.learners;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.learners.Cases.Case;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.objective.Objective;

/**
 * proofs/F7.md, deterministic on every example: with {@code eta_t beta B^2 <= 1},
 * every SGA step is non-expansive and leaves the {@code N_S}-component of {@code w - w*}
 * unchanged; and the conditional expectation over the uniformly drawn prompt, computed exactly by
 * averaging the {@code n} possible steps (each with the general-form gradient {@link
 * Objective#promptGradient}, not the closed form the learner uses), satisfies {@code
 * E||e_{t+1}^perp||^2 <= (1 - eta_t beta e^{-2 B D0} kappa_S^+) ||e_t^perp||^2}.
 *
 * <p>Schedules: the seed's {@code 1/(2 L sqrt t)}, a constant {@code u/(beta B^2)}, or a random
 * list with entries at most {@code 1/(beta B^2)}. Tolerances as in {@link
 * GradientAscentProperties}.
 */
class StochasticGradientAscentProperties {
  static final int EXAMPLES = 1000;

  static StepSchedule schedule(Case c, SplittableRandom r) {
    double b = c.instance.featureBound();
    double cap = 1 / (c.instance.beta() * b * b);
    switch (r.nextInt(3)) {
      case 0:
        return StochasticGradientAscent.defaultSchedule(c.instance, c.w0);
      case 1:
        return StepSchedule.constant((0.05 + 0.95 * r.nextDouble()) * cap);
      default:
        double[] etas = new double[Math.max(1, c.steps)];
        for (int t = 0; t < etas.length; t++) {
          etas[t] = (0.01 + 0.99 * r.nextDouble()) * cap;
        }
        return StepSchedule.of(etas);
    }
  }

  @Test
  void stepsAreNonExpansiveAndKeepTheKernelComponent() {
    AtomicInteger used = new AtomicInteger();
    qt().withExamples(EXAMPLES)
        .withFixedSeed(7001L)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Case c = Cases.random(seed, 16, 8, 80);
              SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
              StepSchedule sched = schedule(c, r);
              assertTrue(StochasticGradientAscent.nonExpansive(c.instance, sched, c.steps));
              Trajectory tr =
                  StochasticGradientAscent.run(
                      Objective.of(c.instance), c.sample, sched, c.w0, c.steps, r.nextLong(),
                      Recording.full(1));
              double[] ws = c.instance.wStar();
              double wsn = Cases.norm(ws);
              double d0 = Cases.norm(Cases.minus(c.w0, ws));
              double[] dist = tr.distances();
              for (int t = 0; t < c.steps; t++) {
                assertTrue(
                    dist[t + 1] <= dist[t] + GradientAscentProperties.tau(wsn, dist[t]),
                    "SGA step " + (t + 1) + " expanded: " + dist[t] + " -> " + dist[t + 1] + " in "
                        + c);
              }
              Kernels cov = Cases.coverage(c);
              if (!Cases.clearKernel(cov)) {
                return;
              }
              used.incrementAndGet();
              double[] k0 = cov.kernelPart(Cases.minus(c.w0, ws));
              double acc = 0;
              for (int t = 1; t <= c.steps; t++) {
                acc += GradientAscentProperties.tau(wsn, d0);
                double[] kt = cov.kernelPart(Cases.minus(tr.iterate(t), ws));
                double drift = Cases.norm(Cases.minus(kt, k0));
                double tol = acc + Cases.projectorError(cov, 2 * d0);
                assertTrue(drift <= tol, "N-component moved by " + drift + " at t=" + t + " in " + c);
              }
            });
    assertTrue(used.get() >= 0.9 * EXAMPLES, "only " + used.get() + " examples used");
  }

  @Test
  void expectedSquaredPerpendicularErrorContracts() {
    AtomicInteger used = new AtomicInteger();
    qt().withExamples(EXAMPLES)
        .withFixedSeed(7002L)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Case c = Cases.random(seed, 12, 6, 30);
              SplittableRandom r = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
              StepSchedule sched = schedule(c, r);
              Kernels cov = Cases.coverage(c);
              Double kp = cov.kappaPlus();
              if (!Cases.clearKernel(cov) || kp == null) {
                return;
              }
              used.incrementAndGet();
              Objective obj = Objective.of(c.instance);
              Trajectory tr =
                  StochasticGradientAscent.run(
                      obj, c.sample, sched, c.w0, c.steps, r.nextLong(), Recording.full(1));
              double[] ws = c.instance.wStar();
              double wsn = Cases.norm(ws);
              double d0 = Cases.norm(Cases.minus(c.w0, ws));
              double b = c.instance.featureBound();
              double beta = c.instance.beta();
              Features f = c.sample.prompts();
              int n = c.sample.size();
              int d = ws.length;
              double[] g = new double[d];
              double[] next = new double[d];
              for (int t = 1; t <= c.steps; t++) {
                double[] w = tr.iterate(t - 1);
                double eta = sched.eta(t);
                double perp = Cases.norm(cov.rangePart(Cases.minus(w, ws)));
                double mean = 0;
                for (int i = 0; i < n; i++) {
                  obj.promptGradient(f, i, w, g);
                  for (int j = 0; j < d; j++) {
                    next[j] = w[j] + eta * g[j] - ws[j];
                  }
                  double p = Cases.norm(cov.rangePart(next));
                  mean += p * p / n;
                }
                double factor = 1 - eta * beta * Math.exp(-2 * b * d0) * kp;
                double slack = GradientAscentProperties.tau(wsn, d0) + Cases.projectorError(cov, 2 * d0);
                double tol = 2 * perp * slack + slack * slack + 1e-12 * perp * perp;
                assertTrue(
                    mean <= factor * perp * perp + tol,
                    "E||e_perp||^2 = " + mean + " > " + factor + " * " + perp * perp + " at t=" + t
                        + " in " + c);
              }
            });
    assertTrue(used.get() >= 0.9 * EXAMPLES, "only " + used.get() + " examples used");
  }
}
