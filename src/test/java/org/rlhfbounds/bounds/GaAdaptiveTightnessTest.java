package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.bounds.BoundCases.Run;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * T-GA-ADAPT against T-GA-SHARP on Gaussian features (M = 2000, K = 4, d = 8, beta = 1, n = 256,
 * the seed's step, w0 at distance 2 from w* along w_ref - w*), three instance seeds, T in {50,
 * 200, 800, 3200}: prints bound / measured (optimisation error and excess risk at the
 * best-gradient iterate, measured by their enclosures) for both theorems. Asserts that both are at
 * least the lower end of the measurement, that T-GA-ADAPT is never looser than T-GA-SHARP on the
 * optimisation error, and that at T = 3200 it is at least 10^4 times tighter (the contraction at
 * the current radius against the start's).
 */
class GaAdaptiveTightnessTest {
  @Test
  void gaussianFeaturesTightness() {
    int[] ts = {50, 200, 800, 3200};
    StringBuilder table = new StringBuilder(
        "| seed | T | opt measured | SHARP opt / meas | ADAPT opt / meas | excess measured"
            + " | SHARP exc / meas | ADAPT exc / meas |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (long seed = 3; seed <= 5; seed++) {
      Instance inst = InstanceSpec.of(Family.GAUSSIAN, 2000, 4, 8, 1.0, seed).finite();
      FiniteDistribution pop = inst.finiteDistribution();
      Objective o = Objective.of(inst);
      double[] w0 = BoundCases.startTowardsReference(inst, 2);
      Sample s = pop.sample(256, new SplittableRandom(1000 + seed));
      BoundInputs in = Bounds.inputs(inst, s, w0, 0.05);
      double eta = Bounds.step(inst, in, Bounds.Run.ga(1, 0.05, w0, null));
      for (int t : ts) {
        Run r = BoundCases.ga(o, s, w0, eta, t);
        Measured m = Measured.at(inst, s, r.best(), r.bestGradNorm());
        Enclosure opt = java.util.Objects.requireNonNull(m.optError());
        Enclosure exc = java.util.Objects.requireNonNull(m.excess());
        double so = GaSharpTheorem.optimisation(in, Reals.positive(eta, "eta"), t).requireValue();
        double se = GaSharpTheorem.excess(in, Reals.positive(eta, "eta"), t).requireValue();
        double ao = GaAdaptiveTheorem.optimisation(in, Reals.positive(eta, "eta"), t).requireValue();
        double ae = GaAdaptiveTheorem.excess(in, Reals.positive(eta, "eta"), t).requireValue();
        String where = "seed " + seed + " T " + t;
        assertTrue(ao >= opt.lo() && so >= opt.lo(), () -> "opt bound below measured " + where);
        assertTrue(ae >= exc.lo() && se >= exc.lo(), () -> "excess bound below measured " + where);
        assertTrue(ao <= so, () -> "T-GA-ADAPT#opt looser than T-GA-SHARP#opt at " + where);
        if (t == 3200) {
          assertTrue(ao * 1e4 <= so, () -> "T-GA-ADAPT#opt not 10^4 tighter at " + where);
        }
        table.append(String.format(Locale.ROOT,
            "| %d | %d | %.3g | %.3g | %.3g | %.3g | %.3g | %.3g |%n", seed, t, opt.mid(),
            so / opt.mid(), ao / opt.mid(), exc.mid(), se / exc.mid(), ae / exc.mid()));
      }
    }
    System.out.print(table);
  }
}
