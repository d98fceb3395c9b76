package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.bounds.BoundCases.Case;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * The empirical Bernstein middle term of T-HP-EB (proofs/T-HP-EB.md): its violation frequency on
 * random instances and on populations built to make it tight, and the variance bound it is fed
 * with.
 */
class EmpiricalBernsteinProperties {

  /** E at the sample's own variance bound, range 2 B ||theta*|| as {@link Bounds#inputs} takes it. */
  private static double middle(Instance inst, FiniteDistribution pop, Sample s, double delta) {
    double v = EmpiricalBernsteinTheorem.sampleVarianceUpper(
        MeasuredQuantities.values(inst, s, inst.wStar()));
    double range = Up.mul(Up.mul(2, Math.min(inst.featureBound(),
        Constants.maxFeatureNorm(pop.prompts()))), Constants.norm(inst.theta()));
    return EmpiricalBernsteinTheorem.middleTerm(Reals.nonNegative(v, "V"),
        Reals.nonNegative(range, "R"), s.size(), Reals.positiveProbability(delta, "delta"));
  }

  /**
   * Over 300 random finite instances times 10 fresh samples of size {@code >= 2}, the frequency
   * of {@code |F(w*) - F_S(w*)| > E} stays below the 99.9% binomial quantile of {@code Bin(trials,
   * delta)} ({@link Frequencies}) at three levels of delta.
   */
  @Test
  void middleTermViolationFrequency() {
    double[] deltas = {0.5, 0.2, 0.05};
    int[] violations = new int[deltas.length];
    AtomicInteger trials = new AtomicInteger();
    BoundGens.qt(0x4E01L, 300)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              Case c = BoundCases.random(seed, 0, false);
              Objective o = Objective.of(c.inst());
              double popValue = o.gibbsValue(c.pop());
              SplittableRandom r = new SplittableRandom(seed);
              int n = Math.max(2, c.sample().size());
              for (int k = 0; k < 10; k++) {
                Sample s = c.pop().sample(n, r);
                double mid = popValue - o.gibbsValue(s);
                trials.incrementAndGet();
                for (int j = 0; j < deltas.length; j++) {
                  if (Math.abs(mid) > middle(c.inst(), c.pop(), s, deltas[j])) {
                    violations[j]++;
                  }
                }
              }
            });
    Frequencies.assertBelowQuantile("empirical Bernstein", deltas, violations, trials.get());
  }

  /**
   * Populations where the variance term says nothing and the {@code 7 R ln(4/delta) / (3(n-1))}
   * term carries the bound: m prompts, one with {@code f(w*; x) = +B t}, the others {@code -B t}
   * (all candidates of a prompt share one feature {@code +-B u}, {@code theta* = t u}), and n about
   * m. A sample that misses the rare prompt has sample variance 0 while {@code F(w*) - F_S(w*) = 2 B
   * t / m}, which happens with probability about {@code 1/e}: without the second term the bound
   * fails that often, far above delta = 0.2 or 0.05. Over 300 populations times 10 samples the
   * violation frequency stays below the binomial quantile.
   */
  @Test
  void middleTermOnSkewedTwoPointPopulations() {
    double[] deltas = {0.2, 0.05};
    int[] violations = new int[deltas.length];
    AtomicInteger trials = new AtomicInteger();
    BoundGens.qt(0x4E02L, 300)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              int d = 1 + r.nextInt(3);
              double b = 0.5 + r.nextDouble();
              double t = 0.2 + 2 * r.nextDouble();
              int m = 2 + r.nextInt(40);
              double[] data = new double[m * 2 * d];
              for (int i = 0; i < m; i++) {
                double sign = i == 0 ? 1 : -1;
                data[(2 * i) * d] = sign * b;
                data[(2 * i + 1) * d] = sign * b;
              }
              FiniteDistribution pop =
                  FiniteDistribution.uniform(Features.uniform(data, m, 2, d, "skewed"));
              double[] theta = new double[d];
              theta[0] = t;
              Instance inst = Instance.of(1.0, theta, new double[d], Reals.positive(b, "B"), pop);
              Objective o = Objective.of(inst);
              double popValue = o.gibbsValue(pop);
              int n = Math.max(2, m - 1 + r.nextInt(3));
              for (int k = 0; k < 10; k++) {
                Sample smp = pop.sample(n, r);
                double mid = popValue - o.gibbsValue(smp);
                trials.incrementAndGet();
                for (int j = 0; j < deltas.length; j++) {
                  if (Math.abs(mid) > middle(inst, pop, smp, deltas[j])) {
                    violations[j]++;
                  }
                }
              }
            });
    Frequencies.assertBelowQuantile("skewed empirical Bernstein", deltas, violations, trials.get());
  }

  /**
   * For random enclosures (widths from 0 to wide, centres spread over many scales) and random
   * points in them, the exact sample variance of the points (BigDecimal, pairwise form {@code
   * (1/(n(n-1))) sum_{i<j} (Y_i - Y_j)^2}) never exceeds {@link
   * EmpiricalBernsteinTheorem#sampleVarianceUpper}; for point enclosures the bound is within a
   * relative 1e-9 of the exact variance (it is not a trivial upper bound).
   */
  @Test
  void sampleVarianceBoundCoversEveryEnclosedVector() {
    BoundGens.qt(0x4E03L)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              int n = 2 + r.nextInt(r.nextBoolean() ? 5 : 300);
              double scale = Math.pow(10, -6 + 12 * r.nextDouble());
              double offset = r.nextInt(3) == 0 ? scale * 1e6 * (r.nextDouble() - 0.5) : 0;
              boolean points = r.nextInt(4) == 0;
              Enclosure[] ys = new Enclosure[n];
              BigDecimal[] y = new BigDecimal[n];
              for (int i = 0; i < n; i++) {
                double c = offset + scale * (r.nextDouble() - 0.5);
                double w = points ? 0 : scale * Math.pow(10, -12 + 12 * r.nextDouble());
                ys[i] = Enclosure.of(c - w, c + w);
                double at = c - w + 2 * w * r.nextDouble();
                y[i] = BigMath.bd(Math.min(c + w, Math.max(c - w, at)));
              }
              BigDecimal sum = BigDecimal.ZERO;
              for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                  BigDecimal dd = y[i].subtract(y[j]);
                  sum = sum.add(dd.multiply(dd));
                }
              }
              BigDecimal exact = BigMath.div(sum, BigMath.bd((long) n * (n - 1)));
              double v = EmpiricalBernsteinTheorem.sampleVarianceUpper(ys);
              assertTrue(BigMath.atLeast(v, exact),
                  () -> "V = " + v + " below the exact " + exact + " (n = " + n + ")");
              if (points && exact.signum() > 0) {
                double rel = (v - exact.doubleValue()) / exact.doubleValue();
                assertTrue(rel <= 1e-9,
                    () -> "V = " + v + " too far above the exact " + exact + ": " + rel);
              }
            });
  }
}
