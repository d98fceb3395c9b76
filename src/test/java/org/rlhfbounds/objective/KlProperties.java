package org.rlhfbounds.objective;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * proofs/F4.md: {@code KL(pi_w(.|x) || pi_w*(.|x)) <= range_a(<e, phi(x,a)>)^2 / 8
 * <= diam(x)^2 ||e||^2 / 8 <= B^2 ||e||^2 / 2}, {@code e = w - w*}.
 *
 * <p>Tolerance on the KL: {@link Scales#kl}, plus the rounding of the range computed in the test.
 */
class KlProperties {
  /** An instance and a parameter. */
  record Case(GeneratedInstance g, double[] w) {
    @Override
    public String toString() {
      return g + " w=" + Arrays.toString(w);
    }
  }

  static Gen<Case> cases() {
    return Gens.seeded(
        rng -> {
          GeneratedInstance g = RandomInstances.instance(rng);
          return new Case(g, RandomVectors.parameter(rng, g.instance()));
        });
  }

  @Test
  void klIsAtMostRangeSquaredOverEight() {
    Gens.qt(0xF4_0001L)
        .forAll(cases())
        .checkAssert(
            c -> {
              Instance inst = c.g().instance();
              Objective o = Objective.of(inst);
              Features f = c.g().distribution().prompts();
              int d = f.dim();
              Workspace ws = new Workspace(f.maxCandidates(), d);
              double b = inst.featureBound();
              double[] wStar = inst.wStar();
              double[] e = Linalg.minus(c.w(), wStar);
              double en = Linalg.norm(e);
              double mean = 0;
              for (int i = 0; i < f.size(); i++) {
                int k = f.candidates(i);
                double kl = PromptKernels.kl(f.data(), f.rowOffset(i), k, d, c.w(), wStar, ws);
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < k; a++) {
                  double s = Linalg.dot(e, Linalg.feature(f, i, a));
                  lo = Math.min(lo, s);
                  hi = Math.max(hi, s);
                }
                double range = hi - lo;
                double diam = Linalg.diameter(f, i);
                // the computed range is off by at most 2 rounding B ||e|| (two d-term dot products)
                double rangeTol = 2 * Scales.rounding(d, k) * b * en;
                double tol =
                    Scales.kl(inst, k, c.w(), wStar, kl) + 2 * range * rangeTol + rangeTol * rangeTol;
                assertTrue(
                    kl <= range * range / 8 + tol,
                    "prompt " + i + ": KL = " + kl + " > range^2/8 = " + range * range / 8);
                double slack = 1 + 1e-12;
                assertTrue(
                    range <= diam * en * slack + rangeTol,
                    "prompt " + i + ": range " + range + " > diam ||e|| = " + diam * en);
                assertTrue(diam * diam * en * en / 8 <= b * b * en * en / 2 * slack);
                mean += c.g().distribution().weight(i) * kl;
              }
              double averaged = o.kl(c.g().distribution(), c.w(), wStar);
              int kMax = f.maxCandidates();
              assertTrue(
                  averaged <= b * b * en * en / 2 * (1 + 1e-12)
                      + Scales.kl(inst, kMax, c.w(), wStar, averaged),
                  "E_x KL = " + averaged + " > B^2 ||e||^2 / 2 = " + b * b * en * en / 2);
              assertTrue(
                  Math.abs(averaged - mean) <= 1e-12 * (1 + mean),
                  "Objective.kl " + averaged + " vs mean of kernels " + mean);
            });
  }
}
