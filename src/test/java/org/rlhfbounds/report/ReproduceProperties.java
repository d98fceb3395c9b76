package org.rlhfbounds.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.rates.SlopeFit;
import org.rlhfbounds.rates.Verdict;

/**
 * Rate properties of the seed's claims (proofs/MODEL.md#seed-claims), over seeded random instance families (finite populations,
 * so population quantities are exact):
 *
 * <ul>
 *   <li>the gap of the empirical optimum decays at {@code n^-1/2}: the 95% bootstrap interval of
 *       the log-log slope contains {@code -1/2} in all but a binomial margin of the families (miss
 *       count at most the 99.9% quantile of Binomial(F, 0.05));
 *   <li>GA and SGA optimisation errors of the best-gradient iterate decay at least as fast as the
 *       seed's T-rates: verdict FASTER or CONSISTENT against {@code -1/4} and {@code -1/8}.
 * </ul>
 *
 * The default run is light (about 20-40 s); {@link #gapDecaysAtRootNHeavy} (tag "sweep") repeats
 * the frequency test with more families and replicates.
 */
class ReproduceProperties {

  /** A random finite instance family: SPHERE or GAUSSIAN, d in 3..10, K in 2..5, beta in {0.5, 1, 2}. */
  static Instance family(long seed, int prompts) {
    SplittableRandom r = new SplittableRandom(seed);
    Family f = r.nextBoolean() ? Family.SPHERE : Family.GAUSSIAN;
    int d = 3 + r.nextInt(8);
    int k = 2 + r.nextInt(4);
    double beta = new double[] {0.5, 1.0, 2.0}[r.nextInt(3)];
    return InstanceSpec.of(f, prompts, k, d, beta, r.nextLong()).finite();
  }

  /** The smallest k with P(Binomial(trials, p) > k) <= alpha. */
  static int binomialQuantile(int trials, double p, double alpha) {
    double[] pmf = new double[trials + 1];
    for (int i = 0; i <= trials; i++) {
      double logC = 0;
      for (int j = 1; j <= i; j++) {
        logC += Math.log(trials - i + j) - Math.log(j);
      }
      pmf[i] = Math.exp(logC + i * Math.log(p) + (trials - i) * Math.log1p(-p));
    }
    for (int k = 0; k <= trials; k++) {
      double tail = 0;
      for (int i = k + 1; i <= trials; i++) {
        tail += pmf[i];
      }
      if (tail <= alpha) {
        return k;
      }
    }
    return trials;
  }

  private static void gapFrequency(int families, int replicates, int prompts, long master) {
    int[] ns = ExperimentSupport.doubling(32, 512);
    int misses = 0;
    List<String> report = new ArrayList<>();
    for (int f = 0; f < families; f++) {
      long seed = master + 1000L * f;
      Instance inst = family(seed, prompts);
      SlopeFit fit = GapExperiment.fit(inst, ns, replicates, seed, 400, 2);
      if (fit.verdict(-0.5) != Verdict.CONSISTENT) {
        misses++;
        report.add("family " + f + " (d = " + inst.dim() + "): " + fit.describe());
      }
    }
    int allowed = binomialQuantile(families, 0.05, 0.001);
    assertTrue(
        misses <= allowed,
        misses + " of " + families + " intervals miss -1/2 (allowed " + allowed + "): " + report);
  }

  @Test
  void gapOfEmpiricalOptimumDecaysAtRootN() {
    gapFrequency(12, 16, 1000, 5150L);
  }

  @Test
  @Tag("sweep")
  void gapDecaysAtRootNHeavy() {
    gapFrequency(60, 48, 5000, 90210L);
  }

  @Test
  void optimisationErrorsAreAtLeastAsFastAsTheSeedRates() {
    for (int f = 0; f < 3; f++) {
      long seed = 777L + 31L * f;
      Instance inst = family(seed, 300);
      SlopeFit ga =
          OptimisationExperiment.fit(
              inst, Algorithm.GA, 64, ExperimentSupport.doubling(1, 128), 4, seed, 400, 2);
      Verdict vg = ga.verdict(-0.25);
      assertTrue(vg != Verdict.SLOWER, "GA, family " + f + ": " + ga.describe());
      SlopeFit sga =
          OptimisationExperiment.fit(
              inst, Algorithm.SGA, 64, ExperimentSupport.doubling(4, 1024), 4, seed + 1, 400, 2);
      Verdict vs = sga.verdict(-0.125);
      assertTrue(vs != Verdict.SLOWER, "SGA, family " + f + ": " + sga.describe());
    }
  }
}
