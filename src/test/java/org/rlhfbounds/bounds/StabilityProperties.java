package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.bounds.BoundCases.Case;
import org.rlhfbounds.bounds.BoundCases.Run;
import org.rlhfbounds.bounds.Frequencies.Tightness;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;
import org.rlhfbounds.objective.PromptKernels;
import org.rlhfbounds.objective.Workspace;

/**
 * Properties of T-BE and T-HP (proofs/T-BE.md, proofs/T-HP.md), GA with the seed's step.
 */
class StabilityProperties {
  /**
   * T-BE, deterministic, on every example: replace one sample prompt by a population prompt, run
   * GA on both samples from the same start; for every population prompt z, {@code |f(A_S; z) -
   * f(A_{S^i}; z)| <= gamma}, and {@code |gen_S(A_S) - mid| <= gamma}. Cases favour K > d so that
   * the uniform coverage kappa_u is often positive (then gamma decays like rho_u^{2T}).
   */
  @Test
  void gaIsUniformlyStable() {
    Tightness tight = new Tightness("T-BE stability (GA)");
    AtomicInteger covered = new AtomicInteger();
    AtomicInteger hpViolations = new AtomicInteger();
    AtomicInteger examples = new AtomicInteger();
    BoundGens.qt(0x7A01L)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              Case c = BoundCases.random(seed, 150, true);
              Objective o = Objective.of(c.inst());
              BoundInputs in = Bounds.inputs(c.inst(), c.sample(), c.w0(), 0.05);
              double eta = 1 / Constants.smoothness(c.inst().beta(), c.inst().featureBound(),
                  in.d0());
              int t = c.steps();
              BoundResult stab = StabilityTheorem.uniform(in, Algorithm.GA,
                  Reals.positive(eta, "eta"), t);
              BoundResult hp = HighProbabilityTheorem.gap(in, Algorithm.GA,
                  Reals.positive(eta, "eta"), t);
              assertTrue(stab.applicable() && hp.applicable(), () -> stab + " " + hp);
              double gamma = stab.requireValue();
              if (in.kappaUniform() > 0) {
                covered.incrementAndGet();
              }
              SplittableRandom r = new SplittableRandom(seed);
              int i = r.nextInt(c.sample().size());
              int x = r.nextInt(c.pop().prompts().size());
              Sample si = c.sample().replace(i, c.pop().prompts().select(new int[] {x}), x);
              Run a = BoundCases.ga(o, c.sample(), c.w0(), eta, t);
              Run b = BoundCases.ga(o, si, c.w0(), eta, t);
              Features f = c.pop().prompts();
              double worst = 0;
              double tol = BoundCases.tolerance(c, a.best()) + BoundCases.tolerance(c, b.best());
              for (int z = 0; z < f.size(); z++) {
                double fa = o.promptValue(f, z, a.best());
                double fb = o.promptValue(f, z, b.best());
                worst = Math.max(worst, Math.abs(fa - fb));
              }
              final double w = worst;
              assertTrue(w <= gamma + tol,
                  () -> "loss stability " + w + " > gamma " + gamma + " " + c + " " + in);
              double gen = o.value(c.pop(), a.best()) - o.value(c.sample(), a.best());
              double mid = o.gibbsValue(c.pop()) - o.gibbsValue(c.sample());
              assertTrue(Math.abs(gen - mid) <= gamma + tol,
                  () -> "|gen - mid| = " + Math.abs(gen - mid) + " > gamma " + gamma + " " + c);
              examples.incrementAndGet();
              if (Math.abs(gen) > hp.requireValue()) {
                hpViolations.incrementAndGet();
              }
              tight.add("T-BE#stability", gamma, w, 1e-9);
              tight.add("T-HP", hp.requireValue(), Math.abs(gen), 1e-9);
            });
    int q = Frequencies.allowedViolations(examples.get(), 0.05);
    System.out.println(tight.table());
    System.out.printf("T-BE: kappa_u > 0 in %d of %d examples; T-HP violations at delta 0.05: %d"
        + " (allowed %d)%n", covered.get(), examples.get(), hpViolations.get(), q);
    assertTrue(hpViolations.get() <= q, "T-HP violations " + hpViolations.get());
  }

  /** The per-prompt kernel used above agrees with the objective (a guard on the test itself). */
  @Test
  void promptValueIsTheKernelValue() {
    Case c = BoundCases.random(7, 0, false);
    Objective o = Objective.of(c.inst());
    Features f = c.pop().prompts();
    Workspace ws = new Workspace(f.maxCandidates(), f.dim());
    double[] w = c.w0();
    double v = PromptKernels.value(f.data(), f.rowOffset(0), f.candidates(0), f.dim(),
        c.inst().theta(), c.inst().wRef(), c.inst().beta(), w, ws);
    assertTrue(Math.abs(v - o.promptValue(f, 0, w)) <= 1e-12);
  }
}
