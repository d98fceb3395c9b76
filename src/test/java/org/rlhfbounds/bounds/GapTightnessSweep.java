package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.bounds.BoundCases.Run;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * The tightest a-priori high-probability bound of the generalization gap after GA against the
 * 90th percentile of {@code |gen_S|} over 20 samples (tag "sweep", excluded from the default run;
 * about 2 minutes): Gaussian features (M = 2000, K = 4, d = 8, beta = 1, n = 256, the seed's step,
 * w0 at distance 2 from w*), delta = 0.1, T in {50, 200, 800, 3200}. Prints the tightest theorem
 * and bound / percentile per T, and asserts that the tightest bound, taken over the 20 samples at
 * its largest, is at least the 18th of the 20 sorted measured values' upper ends (a bound that
 * holds with probability 0.9 may fall below it only by chance, and the margin here is about 2x).
 */
@Tag("sweep")
class GapTightnessSweep {
  @Test
  void tightestHighProbabilityGapAgainstTheNinetiethPercentile() {
    double delta = 0.1;
    int samples = 20;
    Instance inst = InstanceSpec.of(Family.GAUSSIAN, 2000, 4, 8, 1.0, 3).finite();
    FiniteDistribution pop = Objects.requireNonNull(inst.finiteDistribution());
    Objective o = Objective.of(inst);
    double[] w0 = BoundCases.startTowardsReference(inst, 2);
    StringBuilder table = new StringBuilder(
        "| T | p90 of |gen_S| | tightest high-probability bound (largest over samples) | theorem"
            + " | bound / p90 |\n| --- | --- | --- | --- | --- |\n");
    for (int t : new int[] {50, 200, 800, 3200}) {
      double[] gaps = new double[samples];
      double tightest = Double.POSITIVE_INFINITY;
      String which = "";
      Map<String, Double> worst = new TreeMap<>();
      for (int k = 0; k < samples; k++) {
        Sample s = pop.sample(256, new SplittableRandom(5000 + k));
        BoundInputs in = Bounds.inputs(inst, s, w0, delta);
        double eta = Bounds.step(inst, in, Bounds.Run.ga(1, delta, w0, null));
        Run r = BoundCases.ga(o, s, w0, eta, t);
        Enclosure gap = MeasuredQuantities.at(inst, s, r.best()).gap();
        gaps[k] = Math.max(Math.abs(gap.lo()), Math.abs(gap.hi()));
        Measured m = Measured.at(inst, s, r.best(), r.bestGradNorm());
        for (BoundResult b : Bounds.evaluate(inst, s, Bounds.Run.ga(t, delta, w0, null), m)) {
          Double v = b.value();
          if (v != null && b.part().equals(BoundResult.MAIN)
              && b.qualifier().equals(BoundResult.PROB_S)) {
            worst.merge(b.id(), v, Math::max);
          }
        }
      }
      for (Map.Entry<String, Double> e : worst.entrySet()) {
        if (e.getValue() < tightest) {
          tightest = e.getValue();
          which = e.getKey();
        }
      }
      Arrays.sort(gaps);
      double p90 = gaps[17];
      int steps = t;
      double bound = tightest;
      assertTrue(bound >= p90, () -> "tightest gap bound " + bound + " below p90 " + p90
          + " at T " + steps);
      table.append(String.format(Locale.ROOT, "| %d | %.4g | %.4g | %s | %.3g |%n", t, p90,
          tightest, which, tightest / p90));
    }
    System.out.print(table);
  }
}
