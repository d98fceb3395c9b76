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
  /** The least-squares slope of y against t. */
  static double slope(int[] t, double[] y) {
    double mt = 0;
    double my = 0;
    for (int i = 0; i < t.length; i++) {
      mt += t[i];
      my += y[i];
    }
    mt /= t.length;
    my /= t.length;
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < t.length; i++) {
      sxy += (t[i] - mt) * (y[i] - my);
      sxx += (t[i] - mt) * (t[i] - mt);
    }
    return sxy / sxx;
  }

  @Test
  void gaussianFeaturesTightness() {
    int[] ts = {50, 200, 800, 3200};
    StringBuilder rates = new StringBuilder("| seed | opt rate measured | ADAPT opt rate | ratio"
        + " | excess rate measured | ADAPT excess rate | ratio |\n| --- | --- | --- | --- | --- | --- | --- |\n");
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
      assertTrue(in.curvatureProfile() != null, "no curvature profile at seed " + seed);
      double eta = Bounds.step(inst, in, Bounds.Run.ga(1, 0.05, w0, null));
      double[][] logs = new double[4][ts.length]; // opt measured, opt bound, excess measured, bound
      for (int ti = 0; ti < ts.length; ti++) {
        int t = ts[ti];
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
        logs[0][ti] = Math.log(opt.mid());
        logs[1][ti] = Math.log(ao);
        logs[2][ti] = Math.log(exc.mid());
        logs[3][ti] = Math.log(ae);
        table.append(String.format(Locale.ROOT,
            "| %d | %d | %.3g | %.3g | %.3g | %.3g | %.3g | %.3g |%n", seed, t, opt.mid(),
            so / opt.mid(), ao / opt.mid(), exc.mid(), se / exc.mid(), ae / exc.mid()));
      }
      double mo = slope(ts, logs[0]);
      double bo = slope(ts, logs[1]);
      double me = slope(ts, logs[2]);
      double be = slope(ts, logs[3]);
      rates.append(String.format(Locale.ROOT, "| %d | %.3g | %.3g | %.2f | %.3g | %.3g | %.2f |%n",
          seed, mo, bo, mo / bo, me, be, me / be));
      long s0 = seed;
      assertTrue(mo / bo <= 2, () -> "fitted rate of T-GA-ADAPT#opt " + bo + " more than 2x"
          + " slower than the measured " + mo + " at seed " + s0);
    }
    System.out.print(table);
    System.out.print(rates);
  }
}
