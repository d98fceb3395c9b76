package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.bounds.BoundCases.Run;
import org.rlhfbounds.bounds.Frequencies.Tightness;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * Median tightness (bound / measured) per theorem on a fixed family, through the facade {@link
 * Bounds#evaluate}: sphere features, M = 40 prompts, K = 4, d = 3, beta = 1, B = 1, ||theta*|| =
 * 1, ||w_ref|| = 0.5, w0 = w_ref, n in {10, 40}, T in {20, 100}, 25 seeds each; GA with the seed's
 * eta = 1/L(D0), SGA with L = L(D0) averaged over 20 orders. Prints the table; asserts only that
 * every deterministic bound is above its measurement.
 */
class TightnessReportTest {
  @Test
  void fixedFamilyTightness() {
    Tightness tight = new Tightness("fixed family sphere(M=40, K=4, d=3, beta=1), GA and SGA");
    for (int n : new int[] {10, 40}) {
      for (int t : new int[] {20, 100}) {
        for (long seed = 1; seed <= 25; seed++) {
          Instance inst = InstanceSpec.of(Family.SPHERE, 40, 4, 3, 1.0, seed).finite();
          FiniteDistribution pop = inst.finiteDistribution();
          Sample s = pop.sample(n, new SplittableRandom(seed * 31 + n));
          Objective o = Objective.of(inst);
          double[] w0 = inst.wRef();
          // GA
          Bounds.Run ga = Bounds.Run.ga(t, 0.05, w0, null);
          BoundInputs in = Bounds.inputs(inst, s, w0, 0.05);
          double eta = Bounds.step(inst, in, ga);
          Run r = BoundCases.ga(o, s, w0, eta, t);
          Measured m = measure(o, pop, s, r);
          record(tight, Bounds.evaluate(inst, s, ga, m), "GA ");
          // SGA, averaged over orders
          Bounds.Run sga = Bounds.Run.sga(t, 0.05, w0, null);
          double smooth = Bounds.step(inst, in, sga);
          SplittableRandom rr = new SplittableRandom(seed);
          double gap = 0;
          double opt = 0;
          double exc = 0;
          int orders = 20;
          for (int k = 0; k < orders; k++) {
            Run q = BoundCases.sga(o, s, w0, smooth, t, rr);
            gap += Math.abs(o.value(pop, q.best()) - o.value(s, q.best())) / orders;
            opt += o.excess(s, q.best()) / orders;
            exc += o.excess(pop, q.best()) / orders;
          }
          record(tight, Bounds.evaluate(inst, s, sga, Measured.of(gap, opt, exc, null)), "SGA ");
        }
      }
    }
    System.out.println(tight.table());
  }

  static Measured measure(Objective o, FiniteDistribution pop, Sample s, Run r) {
    double gap = Math.abs(o.value(pop, r.best()) - o.value(s, r.best()));
    return Measured.of(gap, o.excess(s, r.best()), o.excess(pop, r.best()), r.bestGradNorm());
  }

  static void record(Tightness tight, List<BoundResult> res, String prefix) {
    for (BoundResult b : res) {
      Double v = b.value();
      Double m = b.measured();
      if (v == null || m == null) {
        continue;
      }
      if (b.qualifier().equals(BoundResult.DETERMINISTIC)) {
        assertTrue(m <= v + 1e-12, () -> b + " below its measurement");
      }
      tight.add(prefix + b.key(), v, m, 1e-12);
    }
  }
}
