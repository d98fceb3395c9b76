package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * Bernstein's middle term of LEMMA-K item 5 (the finite population's variance {@link
 * Constants#populationValueVariance} and range {@link Constants#optimalValueRange} fed to {@link
 * Constants#bernstein}) on the populations where it is nearest to failing.
 *
 * <p><b>Why two-point populations.</b> On the random populations of {@link GaBoundProperties} the
 * values {@code f(w*; x)} are spread out and Bernstein's term is far above the deviations, so a
 * term several times too small still passes. Among centred laws bounded above with a given
 * variance, the two-point law with a small mass p at the top end has the largest exponential
 * moments (the extremal case of Bennett's and Bernstein's inequalities). For
 * {@code n p} in the hundreds the deviation of the mean is nearly Gaussian with standard deviation
 * {@code sigma / sqrt(n)}, and the event {@code |mid| > sqrt(a sigma^2 ln(2/delta) / n)} has
 * probability about {@code 2 P(Z > sqrt(a ln(2/delta)))}: with the right factor {@code a = 2} it is
 * about {@code delta / 17} at {@code delta = 0.005} (exact binomial sums over the populations below,
 * with the {@code R ln(2/delta) / (3n)} term: 6 violations expected in the 20,400 samples, 134
 * allowed), with {@code a = 1} about {@code 1.7 delta} (174 expected) and with {@code a = 0.25}
 * about 0.16 (3,300 expected). The smaller delta, the larger the ratio of the {@code a = 1} rate to
 * delta, but the fewer the violations; 0.005 is where 20,400 samples separate {@code a = 1} from
 * {@code a = 2}. At the common
 * {@code delta = 0.05} the term is looser (96 expected, 1,117 allowed; 890 with {@code a = 1}).
 *
 * <p><b>Margin.</b> The two-sided event has probability at most delta per sample (LEMMA-K item 5),
 * each one-sided event at most {@code delta / 2} (the proof applies Bernstein's inequality at
 * {@code e^{-t} = delta / 2} to each side), so over independent samples the counts are
 * stochastically below {@code Bin(N, delta)} and {@code Bin(N, delta / 2)}; the test rejects
 * above the 99.9% quantiles of those laws ({@link Frequencies#allowedViolations}, a false alarm
 * has probability at most 0.1% per count).
 */
class BernsteinProperties {

  /** The levels: the common 0.05 and the small 0.005 where a wrong root factor shows. */
  private static final double[] DELTAS = {0.05, 0.005};

  /** Number of populations. */
  private static final int POPULATIONS = 24;

  /** Samples drawn from each population. */
  private static final int SAMPLES = 850;

  /**
   * Over 24 random two-point populations (a rare prompt of weight {@code p in [0.1, 0.25]} whose
   * value {@code f(w*; x)} is high, the others low; sample sizes {@code n in [600, 1200]}, so
   * {@code n p >= 60}) times 850 fresh samples, the violation counts of {@code |F(w*) - F_S(w*)| >
   * H} and of the heavy side {@code F_S(w*) - F(w*) > H} stay below the 99.9% quantiles of {@code
   * Bin(N, delta)} and {@code Bin(N, delta / 2)} at delta = 0.05 and 0.005. H is the middle term
   * {@code ResidualTheorem#gap} records on the inputs of {@link Bounds#inputs}, so the whole path
   * (enclosures, {@code R_f}, the variance bound, {@link LemmaK#hoeffding}) is checked; every
   * population is asserted to take Bernstein's term, not Hoeffding's. F(w*) and F_S(w*) are the
   * Gibbs values of the population and of each sample ({@link Objective#gibbsValue}, F1).
   */
  @Test
  void bernsteinTermViolationFrequencyOnRareTwoPointPopulations() {
    int[] twoSided = new int[DELTAS.length];
    int[] heavySide = new int[DELTAS.length];
    SplittableRandom r = new SplittableRandom(0xBE25L);
    for (int c = 0; c < POPULATIONS; c++) {
      int d = 1 + r.nextInt(3);
      double b = 0.5 + r.nextDouble();
      double t = 0.2 + 2 * r.nextDouble();
      double beta = 0.5 + 1.5 * r.nextDouble();
      double p = 0.1 + 0.15 * r.nextDouble();
      int n = 600 + r.nextInt(601);
      FiniteDistribution pop = twoPoint(d, b, r.nextDouble(), r.nextBoolean(), p);
      double[] theta = new double[d];
      theta[0] = t;
      Instance inst = Instance.of(Reals.positive(beta, "beta"), theta, new double[d],
          Reals.positive(b, "B"), pop);
      Objective o = Objective.of(inst);
      double popValue = o.gibbsValue(pop);
      double[] h = new double[DELTAS.length];
      Sample first = pop.sample(n, r);
      for (int j = 0; j < DELTAS.length; j++) {
        BoundResult res = ResidualTheorem.gap(Bounds.inputs(inst, first, new double[d],
            Reals.positiveProbability(DELTAS[j], "delta")));
        h[j] = res.constant("H");
        String where = "population " + c + " (n = " + n + ", p = " + p + ", delta = " + DELTAS[j]
            + "): " + res.constants();
        assertTrue(res.notes().contains(LemmaK.BERNSTEIN_NOTE),
            () -> "Hoeffding's term was taken, the property would not check Bernstein's " + where);
        assertEquals(res.constant("bernstein"), h[j], 0, () -> "H is not Bernstein's " + where);
      }
      for (int k = 0; k < SAMPLES; k++) {
        Sample s = k == 0 ? first : pop.sample(n, r);
        double mid = popValue - o.gibbsValue(s);
        for (int j = 0; j < DELTAS.length; j++) {
          if (Math.abs(mid) > h[j]) {
            twoSided[j]++;
          }
          if (-mid > h[j]) {
            heavySide[j]++;
          }
        }
      }
    }
    int trials = POPULATIONS * SAMPLES;
    double[] halves = new double[DELTAS.length];
    for (int j = 0; j < DELTAS.length; j++) {
      halves[j] = DELTAS[j] / 2;
    }
    assertAll(
        () -> Frequencies.assertBelowQuantile("two-point Bernstein, |mid| > H,", DELTAS, twoSided,
            trials),
        () -> Frequencies.assertBelowQuantile("two-point Bernstein, F_S - F > H (level delta/2),",
            halves, heavySide, trials));
  }

  /**
   * Two prompts with two candidates each, all features multiples of the first unit vector {@code
   * u}: the rare prompt (weight p) has candidates {@code B u} and {@code s B u}, so with {@code
   * theta* = t u} and {@code w_ref = 0} its value {@code f(w*; x) = beta ln((e^{B t / beta} + e^{s
   * B t / beta}) / 2)} lies in {@code [s B t, B t]}; the common prompt has both candidates at
   * {@code -B u} (value {@code -B t}) or at 0 (value 0, and then {@code R_f < 2 B ||theta*||}).
   *
   * @param d the dimension
   * @param b the feature bound B
   * @param s the second candidate's scale in [0, 1)
   * @param zeroLow whether the common prompt's features are 0 rather than {@code -B u}
   * @param p the rare prompt's weight
   * @return the population
   */
  private static FiniteDistribution twoPoint(int d, double b, double s, boolean zeroLow,
      double p) {
    double[] data = new double[4 * d];
    data[0] = b;
    data[d] = s * b;
    double low = zeroLow ? 0 : -b;
    data[2 * d] = low;
    data[3 * d] = low;
    return FiniteDistribution.of(Features.uniform(data, 2, 2, d, "two-point"),
        new double[] {p, 1 - p});
  }
}
