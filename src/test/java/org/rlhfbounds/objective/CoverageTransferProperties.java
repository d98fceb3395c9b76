package org.rlhfbounds.objective;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.testkit.GeneratedInstance;
import org.rlhfbounds.testkit.RandomInstances;
import org.rlhfbounds.testkit.RandomVectors;
import org.rlhfbounds.testkit.quicktheories.Gens;
import org.rlhfbounds.testkit.Linalg;
import org.rlhfbounds.testkit.Scales;

/**
 * proofs/F5.md: with {@code delta = ||w - w'||}, {@code pi_w(a|x) >= e^{-diam(x)
 * delta} pi_w'(a|x) >= e^{-2 B delta} pi_w'(a|x)} and {@code Sigma_w(x) - e^{-diam(x) delta}
 * Sigma_w'(x)} (hence also with {@code e^{-2 B delta}}) is positive semi-definite.
 */
class CoverageTransferProperties {
  /** An instance and two parameters. */
  record Pair(GeneratedInstance g, double[] w, double[] w2) {
    @Override
    public String toString() {
      return g + " w=" + Arrays.toString(w) + " w'=" + Arrays.toString(w2);
    }
  }

  /**
   * {@code w'} from {@link RandomVectors#parameter} (large logits included), {@code w = w' + D u}
   * with {@code D = r / B}, {@code r} log-uniform in {@code [1e-3, 5]}, and {@code u} a random
   * direction or (a third of the time) {@code w' / ||w'||}: then {@code pi_w'} concentrates on the
   * candidate that the step favours most, the case where the ratio bound is tight.
   */
  static Gen<Pair> pairs() {
    return Gens.seeded(
        rng -> {
          GeneratedInstance g = RandomInstances.instance(rng);
          Instance inst = g.instance();
          double[] w2 = RandomVectors.parameter(rng, inst);
          double dist = RandomVectors.logUniform(rng, 1e-3, 5) / inst.featureBound();
          double[] u = RandomVectors.direction(rng, w2.length);
          double n2 = Linalg.norm(w2);
          if (rng.nextInt(3) == 0 && n2 > 0) {
            u = Linalg.plus(new double[w2.length], 1 / n2, w2);
          }
          return new Pair(g, RandomVectors.offset(w2, u, dist), w2);
        });
  }

  /**
   * {@code log pi_w(a) - log pi_w'(a) >= -diam delta >= -2 B delta}, compared in log space (the
   * probabilities of large logits underflow). Tolerance: the error of two log-probabilities,
   * {@code eps_w + eps_w'} ({@link Scales#logProbability}).
   */
  @Test
  void policyRatioIsAtLeastExpMinusDiameterTimesDistance() {
    Gens.qt(0xF5_0001L)
        .forAll(pairs())
        .checkAssert(
            p -> {
              Instance inst = p.g().instance();
              Features f = p.g().distribution().prompts();
              int d = f.dim();
              Workspace ws = new Workspace(f.maxCandidates(), d);
              double b = inst.featureBound();
              double delta = Linalg.norm(Linalg.minus(p.w(), p.w2()));
              for (int i = 0; i < f.size(); i++) {
                int k = f.candidates(i);
                double[] pw = new double[k];
                PromptKernels.probabilities(f.data(), f.rowOffset(i), k, d, p.w(), pw, ws);
                double[] lw = Arrays.copyOf(ws.lastLogProbabilities(), k);
                PromptKernels.probabilities(f.data(), f.rowOffset(i), k, d, p.w2(), pw, ws);
                double[] lw2 = Arrays.copyOf(ws.lastLogProbabilities(), k);
                double diam = Linalg.diameter(f, i);
                double tol =
                    Scales.logProbability(inst, k, p.w()) + Scales.logProbability(inst, k, p.w2());
                for (int a = 0; a < k; a++) {
                  double logRatio = lw[a] - lw2[a];
                  assertTrue(
                      logRatio >= -diam * delta - tol,
                      "prompt " + i + ", candidate " + a + ": log ratio " + logRatio
                          + " < -diam delta = " + (-diam * delta));
                  assertTrue(logRatio >= -2 * b * delta - tol);
                }
              }
            });
  }

  /**
   * {@code lambda_min(Sigma_w - e^{-diam delta} Sigma_w') >= -tol} and the same with {@code e^{-2
   * B delta}}, on every prompt, with both covariances from {@link Objective#covariance}. Tolerance
   * the sum of the two covariance tolerances ({@link Scales#covariance}).
   */
  @Test
  void covarianceDominatesItsScaledNeighbour() {
    Gens.qt(0xF5_0002L)
        .forAll(pairs())
        .checkAssert(
            p -> {
              Instance inst = p.g().instance();
              Objective o = Objective.of(inst);
              Features f = p.g().distribution().prompts();
              double b = inst.featureBound();
              double delta = Linalg.norm(Linalg.minus(p.w(), p.w2()));
              for (int i = 0; i < f.size(); i++) {
                int k = f.candidates(i);
                double diam = Linalg.diameter(f, i);
                DMatrixRMaj sw = o.covariance(Linalg.onePrompt(f, i), p.w());
                DMatrixRMaj sw2 = o.covariance(Linalg.onePrompt(f, i), p.w2());
                double tol =
                    Scales.covariance(inst, k, p.w(), diam) + Scales.covariance(inst, k, p.w2(), diam);
                for (double factor : new double[] {Math.exp(-diam * delta), Math.exp(-2 * b * delta)}) {
                  DMatrixRMaj m = new DMatrixRMaj(f.dim(), f.dim());
                  for (int q = 0; q < m.data.length; q++) {
                    m.data[q] = sw.data[q] - factor * sw2.data[q];
                  }
                  double lmin = Linalg.eigenvalues(m)[0];
                  assertTrue(
                      lmin >= -tol,
                      "prompt " + i + ": lambda_min(Sigma_w - " + factor + " Sigma_w') = " + lmin
                          + ", tol " + tol);
                }
              }
            });
  }
}
