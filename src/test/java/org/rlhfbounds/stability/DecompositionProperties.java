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
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * proofs/F8.md.
 *
 * <ul>
 *   <li>Deterministic, on every example: {@code gen_S(w) = [F(w) - F(w*)] + [F(w*) - F_S(w*)] +
 *       [F_S(w*) - F_S(w)]}, with {@code 0 <= F_S(w*) - F_S(w) <= beta B^2 ||e^perp||^2 / 2} and
 *       {@code 0 <= F(w*) - F(w) <= beta B^2 ||e^perp||^2 + beta ||e^N||^2 eps_n(S) / 4}, {@code e =
 *       w - w*} split along {@code N_S}, {@code eps_n(S)} computed here over the finite population.
 *   <li>Probabilistic: the Hoeffding term {@code |F(w*) - F_S(w*)| <= B ||theta*|| sqrt(2
 *       log(2/delta) / n)}, as the library evaluates it (checked to be at least the formula), is
 *       violated, over {@code N = 2000} seeded samples, at most {@code v_crit
 *       - 1} times, {@code v_crit} the smallest count with {@code P(Binomial(N, delta) >= v_crit) <=
 *       alpha}, {@code alpha = 0.001 / 40} per configuration (Bonferroni over the 40
 *       configurations: family-wise confidence 99.9%). The margin over {@code delta} is {@code
 *       v_crit / N - delta} (computed exactly from the binomial tail; about {@code 0.021} for
 *       {@code delta = 0.05}). One configuration in four is the extreme instance where {@code
 *       f(w*; x) = +-B ||theta*||} with probability 1/2 each (Rademacher), where Hoeffding is
 *       closest to tight.
 * </ul>
 */
class DecompositionProperties {
  static final int SAMPLES = 2000;
  static final int CONFIGS = 40;

  @Test
  void outerTermsAreBoundedByThePerpendicularErrorAndTheResidual() {
    AtomicInteger used = new AtomicInteger();
    qt().withExamples(1000)
        .withFixedSeed(8001L)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Case c = Cases.random(seed, 12, 6, 10);
              Kernels k = Cases.coverage(c);
              if (!Cases.clearKernel(k)) {
                return;
              }
              used.incrementAndGet();
              Objective o = Objective.of(c.instance);
              double[] ws = c.instance.wStar();
              int d = ws.length;
              SplittableRandom r = new SplittableRandom(seed);
              double[] w = new double[d];
              double rad = 3 * r.nextDouble();
              double nn = 0;
              double[] u = new double[d];
              for (int j = 0; j < d; j++) {
                u[j] = r.nextGaussian();
                nn += u[j] * u[j];
              }
              for (int j = 0; j < d; j++) {
                w[j] = ws[j] + rad * u[j] / Math.sqrt(nn);
              }
              double[] e = Cases.minus(w, ws);
              double[] eN = k.kernelPart(e);
              double perp = Cases.norm(Cases.minus(e, eN));
              double kern = Cases.norm(eN);
              double beta = c.instance.beta();
              double b = c.instance.featureBound();
              FiniteDistribution pop = c.population;
              double eps = residual(pop.prompts(), pop.weights(), k);
              double empOuter = o.excess(c.sample, w);
              double popOuter = o.excess(pop, w);
              double scale = 1 + Math.abs(o.gibbsValue(pop)) + beta * b * b * rad * rad;
              double tol = 1e-12 * scale + beta * b * b * (k.projectorError(rad) * (2 * rad));
              assertTrue(
                  empOuter <= beta * b * b * perp * perp / 2 + tol,
                  "F_S(w*) - F_S(w) = " + empOuter + " > beta B^2 |e_perp|^2 / 2 in " + c);
              assertTrue(
                  popOuter <= beta * b * b * perp * perp + beta * kern * kern * eps / 4 + tol,
                  "F(w*) - F(w) = " + popOuter + " above the F8 bound in " + c);
              double gen = o.value(pop, w) - o.value(c.sample, w);
              double middle = o.gibbsValue(pop) - o.gibbsValue(c.sample);
              assertTrue(
                  Math.abs(gen - (-popOuter + middle + empOuter)) <= tol,
                  "the decomposition is not an identity in " + c);
            });
    assertTrue(used.get() >= 900, "only " + used.get() + " examples used");
  }

  /** eps_n(S) = sum_x p(x) max_{a,b} ||P_N (phi_a - phi_b)||^2 over a finite population. */
  static double residual(Features f, double[] weights, Kernels k) {
    int d = f.dim();
    double[] diff = new double[d];
    double total = 0;
    for (int x = 0; x < f.size(); x++) {
      double mx = 0;
      for (int a = 0; a < f.candidates(x); a++) {
        for (int bb = a + 1; bb < f.candidates(x); bb++) {
          for (int j = 0; j < d; j++) {
            diff[j] =
                f.data()[(f.rowOffset(x) + a) * d + j] - f.data()[(f.rowOffset(x) + bb) * d + j];
          }
          double p = Cases.norm(k.kernelPart(diff));
          mx = Math.max(mx, p * p);
        }
      }
      total += weights[x] * mx;
    }
    return total;
  }

  /** The extreme instance: f(w*; x) = +B|theta| or -B|theta|, each with probability 1/2. */
  static Instance rademacher(double b, double thetaNorm, double beta) {
    double[] data = {b, b, -b, -b};
    Features f = Features.uniform(data, 2, 2, 1, "rademacher");
    return Instance.of(
        beta, new double[] {thetaNorm}, new double[] {0.3}, b, FiniteDistribution.uniform(f));
  }

  /** The smallest v with P(Binomial(n, p) >= v) <= alpha. */
  static int criticalCount(int n, double p, double alpha) {
    double[] logPmf = new double[n + 1];
    for (int k = 0; k <= n; k++) {
      logPmf[k] = logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
    }
    double tail = 0;
    for (int v = n; v >= 0; v--) {
      double next = tail + Math.exp(logPmf[v]);
      if (next > alpha) {
        return v + 1;
      }
      tail = next;
    }
    return 0;
  }

  static double logChoose(int n, int k) {
    double s = 0;
    for (int i = 1; i <= k; i++) {
      s += Math.log(n - k + i) - Math.log(i);
    }
    return s;
  }

  @Test
  void hoeffdingTermViolationFrequencyStaysBelowDeltaPlusMargin() {
    double[] deltas = {0.05, 0.1, 0.2, 0.5};
    AtomicInteger config = new AtomicInteger();
    qt().withExamples(CONFIGS)
        .withFixedSeed(8002L)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              int idx = config.getAndIncrement();
              SplittableRandom r = new SplittableRandom(seed);
              double delta = deltas[r.nextInt(deltas.length)];
              int n = 1 + r.nextInt(60);
              Instance inst;
              FiniteDistribution pop;
              if (idx % 4 == 0) {
                inst = rademacher(0.5 + r.nextDouble(), 0.5 + 2 * r.nextDouble(), Cases.logUniform(r, 0.1, 5));
              } else {
                inst = Cases.random(seed, 4, 6, 1).instance;
              }
              FiniteDistribution fd = inst.finiteDistribution();
              if (fd == null) {
                throw new AssertionError();
              }
              pop = fd;
              Objective o = Objective.of(inst);
              double b = inst.featureBound();
              double tn = Cases.norm(inst.theta());
              double bound = b * tn * Math.sqrt(2 * Math.log(2 / delta) / n);
              double lib =
                  StabilityBounds.hoeffdingMiddleTerm(
                          inst.featureBound(),
                          org.rlhfbounds.contracts.Reals.nonNegative(tn, "|theta|"),
                          n,
                          org.rlhfbounds.contracts.Reals.positiveProbability(delta, "delta"))
                      .value();
              double fStar = o.gibbsValue(pop);
              SplittableRandom samples = new SplittableRandom(r.nextLong());
              int violations = 0;
              for (int k = 0; k < SAMPLES; k++) {
                Sample s = pop.sample(n, samples);
                if (Math.abs(fStar - o.gibbsValue(s)) > lib) {
                  violations++;
                }
              }
              int crit = criticalCount(SAMPLES, delta, 0.001 / CONFIGS);
              assertTrue(
                  violations < crit,
                  violations + " violations of " + SAMPLES + " at delta = " + delta + ", n = " + n
                      + " (critical count " + crit + ", margin " + ((double) crit / SAMPLES - delta)
                      + ")");
              assertTrue(lib >= bound, "library bound " + lib + " below the formula " + bound);
            });
  }
}
