package org.rlhfbounds.objective;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
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
 * Logits of magnitude {@code 1e6} give finite, correct probabilities, values and KL divergences.
 *
 * <p>Reference: the logit differences {@code z_b - z_a = sum_j w_j (phi_bj - phi_aj)} are
 * computed exactly in {@link BigDecimal} (every double is an exact decimal) and rounded once; then
 * {@code log pi(a) = (z_a - z_m) - log sum_b exp(z_b - z_m)} with {@code m} the exact arg-max, so
 * every exponent is {@code <= 0} and the sum lies in {@code [1, K]}. The code under test rounds
 * each logit of size {@code Z = B ||w||} before subtracting, so its log-probabilities carry an
 * absolute error of about {@code (d + K) u Z}: tolerances {@link Scales#logProbability} on
 * log-probabilities (and relatively on probabilities), {@link Scales#value} on values and {@link
 * Scales#kl} on KL divergences.
 */
class NumericalStabilityProperties {
  /** An instance and two parameters with logits of magnitude about 1e6. */
  record Case(GeneratedInstance g, double[] w, double[] w2) {
    @Override
    public String toString() {
      return g + " w=" + Arrays.toString(w) + " w'=" + Arrays.toString(w2);
    }
  }

  static Gen<Case> cases() {
    return Gens.seeded(
        rng -> {
          GeneratedInstance g = RandomInstances.instance(rng);
          Instance inst = g.instance();
          double[] w =
              RandomVectors.largeLogits(
                  rng, inst.dim(), inst.featureBound(), RandomVectors.LARGE_LOGIT);
          double[] w2 =
              RandomVectors.largeLogits(
                  rng, inst.dim(), inst.featureBound(), RandomVectors.LARGE_LOGIT);
          return new Case(g, w, w2);
        });
  }

  /** Reference log-probabilities of prompt i at w, from exactly computed logit differences. */
  static double[] referenceLogProbabilities(Features f, int i, double[] w) {
    int k = f.candidates(i);
    BigDecimal[] z = exactLogits(f, i, w);
    int m = 0;
    for (int a = 1; a < k; a++) {
      if (z[a].compareTo(z[m]) > 0) {
        m = a;
      }
    }
    double[] diff = new double[k];
    double sum = 0;
    for (int a = 0; a < k; a++) {
      diff[a] = z[a].subtract(z[m]).doubleValue();
      sum += Math.exp(diff[a]);
    }
    double lse = Math.log(sum);
    double[] lp = new double[k];
    for (int a = 0; a < k; a++) {
      lp[a] = diff[a] - lse;
    }
    return lp;
  }

  /** The logits {@code <w, phi_a>} of prompt i, exactly (every double is an exact decimal). */
  static BigDecimal[] exactLogits(Features f, int i, double[] w) {
    int k = f.candidates(i);
    BigDecimal[] z = new BigDecimal[k];
    for (int a = 0; a < k; a++) {
      double[] phi = Linalg.feature(f, i, a);
      BigDecimal s = BigDecimal.ZERO;
      for (int j = 0; j < phi.length; j++) {
        s = s.add(new BigDecimal(w[j]).multiply(new BigDecimal(phi[j])));
      }
      z[a] = s;
    }
    return z;
  }

  static double referenceKl(double[] lp, double[] lq) {
    double s = 0;
    for (int a = 0; a < lp.length; a++) {
      s += Math.exp(lp[a]) * (lp[a] - lq[a]);
    }
    return Math.max(s, 0);
  }

  @Test
  void largeLogitsGiveFiniteCorrectValues() {
    Gens.qt(0x5AB1_0001L)
        .forAll(cases())
        .checkAssert(
            c -> {
              Instance inst = c.g().instance();
              Objective o = Objective.of(inst);
              Features f = c.g().distribution().prompts();
              int d = f.dim();
              Workspace ws = new Workspace(f.maxCandidates(), d);
              double[] theta = inst.theta();
              double[] wStar = inst.wStar();
              for (int i = 0; i < f.size(); i++) {
                int k = f.candidates(i);
                double[] lp = referenceLogProbabilities(f, i, c.w());
                double[] lq = referenceLogProbabilities(f, i, inst.wRef());
                double[] ls = referenceLogProbabilities(f, i, wStar);
                double[] l2 = referenceLogProbabilities(f, i, c.w2());
                // probabilities and log-probabilities
                double[] p = o.probabilities(f, i, c.w());
                PromptKernels.probabilities(f.data(), f.rowOffset(i), k, d, c.w(), new double[k], ws);
                double[] lpCode = Arrays.copyOf(ws.lastLogProbabilities(), k);
                double lpTol = Scales.logProbability(inst, k, c.w());
                double sum = 0;
                for (int a = 0; a < k; a++) {
                  assertTrue(Double.isFinite(p[a]) && p[a] >= 0 && p[a] <= 1, "p = " + p[a]);
                  assertTrue(
                      Math.abs(lpCode[a] - lp[a]) <= lpTol,
                      "prompt " + i + ", candidate " + a + ": log p = " + lpCode[a]
                          + ", reference " + lp[a] + ", tol " + lpTol);
                  double pRef = Math.exp(lp[a]);
                  assertTrue(
                      Math.abs(p[a] - pRef) <= 2 * lpTol * Math.max(p[a], pRef) + Double.MIN_NORMAL,
                      "prompt " + i + ", candidate " + a + ": p = " + p[a] + ", reference " + pRef);
                  sum += p[a];
                }
                assertTrue(Math.abs(sum - 1) <= 2 * k * Linalg.U + 2 * lpTol, "sum p = " + sum);
                // value f(w;x) = E r - beta KL(pi_w || pi_ref)
                double er = 0;
                for (int a = 0; a < k; a++) {
                  er += Math.exp(lp[a]) * Linalg.dot(theta, Linalg.feature(f, i, a));
                }
                double klRef = referenceKl(lp, lq);
                double fRef = er - inst.beta() * klRef;
                double fCode = o.promptValue(f, i, c.w());
                double klStarRef = referenceKl(lp, ls);
                double vTol = Scales.value(inst, k, c.w(), klRef, klStarRef);
                assertTrue(
                    Math.abs(fCode - fRef) <= vTol,
                    "prompt " + i + ": f(w) = " + fCode + ", reference " + fRef + ", tol " + vTol);
                // KL(pi_w || pi_w*) and KL(pi_w || pi_w')
                double klStar = PromptKernels.kl(f.data(), f.rowOffset(i), k, d, c.w(), wStar, ws);
                double kTol = Scales.kl(inst, k, c.w(), wStar, klStarRef);
                assertTrue(
                    Math.abs(klStar - klStarRef) <= kTol,
                    "prompt " + i + ": KL(w||w*) = " + klStar + ", reference " + klStarRef);
                double kl2 = PromptKernels.kl(f.data(), f.rowOffset(i), k, d, c.w(), c.w2(), ws);
                double kl2Ref = referenceKl(lp, l2);
                double kTol2 = Scales.kl(inst, k, c.w(), c.w2(), kl2Ref);
                assertTrue(
                    Math.abs(kl2 - kl2Ref) <= kTol2,
                    "prompt " + i + ": KL(w||w') = " + kl2 + ", reference " + kl2Ref);
              }
              // the averaged quantities stay finite (they throw otherwise)
              o.value(c.g().distribution(), c.w());
              o.gradient(c.g().distribution(), c.w());
              o.covariance(c.g().distribution(), c.w());
              o.hessianVector(c.g().distribution(), c.w(), c.w2());
            });
  }
}
