package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.bounds.BoundCases.Run;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * The tightest a-priori high-probability gap bound of GA against the 90th percentile of {@code
 * |gen_S|} over 20 samples, with and without T-HP-EB: Gaussian features, M = 2000 prompts, K = 4,
 * d = 8, beta = 1, n = 256, w0 = w_ref, the seed's step, T = 200, delta = 0.05. Prints both ratios
 * (median over the samples of bound / p90); asserts that T-HP-EB is applicable on every sample
 * and that, the population being finite and known, it does not tighten the median of the tightest
 * bound: T-GA-SHARP's middle term is then Bernstein's with the population's exact variance.
 */
class GaussianGapTightnessTest {
  private static final List<String> BEFORE = List.of("T-GA-SHARP", "T-HP");

  @Test
  void populationBernsteinIsAtLeastAsTightAsEmpiricalBernstein() {
    Instance inst = InstanceSpec.of(Family.GAUSSIAN, 2000, 4, 8, 1.0, 3).finite();
    FiniteDistribution pop = inst.finiteDistribution();
    Objective o = Objective.of(inst);
    double[] w0 = inst.wRef();
    int samples = 20;
    int t = 200;
    double[] gen = new double[samples];
    double[] before = new double[samples];
    double[] after = new double[samples];
    for (int k = 0; k < samples; k++) {
      Sample s = pop.sample(256, new SplittableRandom(1000 + k));
      Bounds.Run ga = Bounds.Run.ga(t, 0.05, w0, null);
      BoundInputs in = Bounds.inputs(inst, s, w0, 0.05);
      Run r = BoundCases.ga(o, s, w0, Bounds.step(inst, in, ga), t);
      gen[k] = Math.abs(o.value(pop, r.best()) - o.value(s, r.best()));
      before[k] = Double.POSITIVE_INFINITY;
      after[k] = Double.POSITIVE_INFINITY;
      boolean eb = false;
      for (BoundResult b : Bounds.evaluate(inst, s, ga, TightnessReportTest.measure(o, pop, s, r))) {
        Double v = b.value();
        if (v == null || !b.part().equals(BoundResult.MAIN)) {
          continue;
        }
        if (BEFORE.contains(b.id())) {
          before[k] = Math.min(before[k], v);
          after[k] = Math.min(after[k], v);
        } else if (b.id().equals("T-HP-EB")) {
          after[k] = Math.min(after[k], v);
          eb = true;
        }
      }
      assertTrue(eb, "T-HP-EB not applicable on sample " + k);
    }
    double[] sorted = gen.clone();
    Arrays.sort(sorted);
    double p90 = sorted[(int) Math.ceil(0.9 * samples) - 1];
    double ratioBefore = median(before) / p90;
    double ratioAfter = median(after) / p90;
    System.out.printf(Locale.ROOT,
        "Gaussian M=2000 K=4 d=8 n=256 T=%d: p90 |gen_S| = %.4g; tightest a-priori HP gap bound"
            + " / p90: before %.4g (median bound %.4g), with T-HP-EB %.4g (median bound %.4g)%n",
        t, p90, ratioBefore, median(before), ratioAfter, median(after));
    // on a known finite population the middle term of T-GA-SHARP is Bernstein's with the
    // population's own variance (LEMMA-K item 5), which the sample's empirical Bernstein term
    // (ln(4/delta), 7 R / (3 (n - 1))) cannot beat
    assertTrue(ratioAfter == ratioBefore,
        "T-HP-EB below the population-variance Bernstein bound of T-GA-SHARP");
  }

  private static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
