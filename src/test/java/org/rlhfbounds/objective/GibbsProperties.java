package org.rlhfbounds.objective;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.testkit.GeneratedInstance;
import org.rlhfbounds.testkit.RandomInstances;
import org.rlhfbounds.testkit.RandomVectors;
import org.rlhfbounds.testkit.quicktheories.Gens;
import org.rlhfbounds.testkit.Linalg;
import org.rlhfbounds.testkit.Scales;

/**
 * proofs/F1.md: the Gibbs variational identity {@code f(w;x) = f(w*;x) - beta
 * KL(pi_w || pi_w*)}, the range of {@code f(w*;x)}, and the optimality of {@code w*} for {@code F}
 * and every {@code F_S}.
 *
 * <p>Tolerance: {@link Scales#value}, derived from the magnitudes of the rewards, the logits and
 * the KL divergences entering the compared values (relative {@code ~1e-14} at moderate logits,
 * {@code ~1e-8} at logits of size {@code 1e6}).
 */
class GibbsProperties {
  /** An instance, a parameter and a seed for a sample. */
  record Case(GeneratedInstance g, double[] w, long sampleSeed) {
    @Override
    public String toString() {
      return g + " w=" + Arrays.toString(w) + " sampleSeed=" + sampleSeed;
    }
  }

  static Gen<Case> cases() {
    return Gens.seeded(
        rng -> {
          GeneratedInstance g = RandomInstances.instance(rng);
          return new Case(g, RandomVectors.parameter(rng, g.instance()), rng.nextLong());
        });
  }

  @Test
  void gibbsIdentityHoldsOnEveryPrompt() {
    Gens.qt(0xF1_0001L)
        .forAll(cases())
        .checkAssert(
            c -> {
              Instance inst = c.g().instance();
              Objective o = Objective.of(inst);
              Features f = c.g().distribution().prompts();
              int d = f.dim();
              Workspace ws = new Workspace(f.maxCandidates(), d);
              double[] wStar = inst.wStar();
              for (int i = 0; i < f.size(); i++) {
                int k = f.candidates(i);
                int row0 = f.rowOffset(i);
                double fw = o.promptValue(f, i, c.w());
                double fStar =
                    PromptKernels.gibbsValue(
                        f.data(), row0, k, d, inst.theta(), inst.wRef(), inst.beta(), ws);
                double klRef = PromptKernels.kl(f.data(), row0, k, d, c.w(), inst.wRef(), ws);
                double kl = PromptKernels.kl(f.data(), row0, k, d, c.w(), wStar, ws);
                double klObjective = o.kl(Linalg.onePrompt(f, i), c.w(), wStar);
                double tol = Scales.value(inst, k, c.w(), klRef, kl);
                double gap = fw - (fStar - inst.beta() * kl);
                assertTrue(
                    Math.abs(gap) <= tol,
                    "prompt " + i + ": f(w) - (f(w*) - beta KL) = " + gap + ", tol " + tol);
                assertTrue(
                    Math.abs(klObjective - kl) <= Scales.kl(inst, k, c.w(), wStar, kl),
                    "prompt " + i + ": Objective.kl " + klObjective + " vs kernel " + kl);
              }
            });
  }

  @Test
  void optimalValueLiesBetweenTheRewardExtremes() {
    Gens.qt(0xF1_0002L)
        .forAll(Gens.instances())
        .checkAssert(
            g -> {
              Instance inst = g.instance();
              Objective o = Objective.of(inst);
              Features f = g.distribution().prompts();
              int d = f.dim();
              Workspace ws = new Workspace(f.maxCandidates(), d);
              double[] theta = inst.theta();
              double[] wStar = inst.wStar();
              for (int i = 0; i < f.size(); i++) {
                int k = f.candidates(i);
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < k; a++) {
                  double r = Linalg.dot(theta, Linalg.feature(f, i, a));
                  lo = Math.min(lo, r);
                  hi = Math.max(hi, r);
                }
                double gibbs =
                    PromptKernels.gibbsValue(
                        f.data(), f.rowOffset(i), k, d, theta, inst.wRef(), inst.beta(), ws);
                double atOptimum = o.promptValue(f, i, wStar);
                double klRef =
                    PromptKernels.kl(f.data(), f.rowOffset(i), k, d, wStar, inst.wRef(), ws);
                double tol = Scales.value(inst, k, wStar, klRef, 0);
                assertTrue(
                    lo - tol <= gibbs && gibbs <= hi + tol,
                    "prompt " + i + ": f(w*) = " + gibbs + " outside [" + lo + ", " + hi + "]");
                assertTrue(
                    Math.abs(atOptimum - gibbs) <= tol,
                    "prompt " + i + ": f(w*;x) " + atOptimum + " vs Gibbs value " + gibbs);
              }
            });
  }

  @Test
  void optimumMaximisesPopulationAndEverySampleObjective() {
    Gens.qt(0xF1_0003L)
        .forAll(cases())
        .checkAssert(
            c -> {
              Instance inst = c.g().instance();
              Objective o = Objective.of(inst);
              FiniteDistribution pop = c.g().distribution();
              SplittableRandom rng = new SplittableRandom(c.sampleSeed());
              Sample s = pop.sample(1 + rng.nextInt(20), rng);
              double[] wStar = inst.wStar();
              int k = pop.prompts().maxCandidates();
              double[] wRef = inst.wRef();
              double klRef = Math.max(o.kl(pop, c.w(), wRef), o.kl(s, c.w(), wRef));
              double klStar = Math.max(o.kl(pop, c.w(), wStar), o.kl(s, c.w(), wStar));
              double klRefStar = Math.max(o.kl(pop, wStar, wRef), o.kl(s, wStar, wRef));
              double tol =
                  Scales.value(inst, k, c.w(), klRef, klStar)
                      + Scales.value(inst, k, wStar, klRefStar, 0);
              double fStar = o.value(pop, wStar);
              double fW = o.value(pop, c.w());
              double sStar = o.value(s, wStar);
              double sW = o.value(s, c.w());
              assertTrue(fStar >= fW - tol, "F(w*) = " + fStar + " < F(w) = " + fW);
              assertTrue(sStar >= sW - tol, "F_S(w*) = " + sStar + " < F_S(w) = " + sW);
              double excess = o.excess(pop, c.w());
              assertTrue(
                  Math.abs(fStar - fW - excess) <= 2 * tol,
                  "F(w*) - F(w) = " + (fStar - fW) + " but beta E KL = " + excess);
              assertTrue(
                  Math.abs(o.gibbsValue(pop) - fStar) <= tol,
                  "Gibbs F(w*) " + o.gibbsValue(pop) + " vs F(w*) " + fStar);
            });
  }
}
