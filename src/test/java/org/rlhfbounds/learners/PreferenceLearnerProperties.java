package org.rlhfbounds.learners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Preferences;
import org.rlhfbounds.model.Preferences.PairPolicy;
import org.rlhfbounds.objective.PreferenceLoss;
import org.rlhfbounds.testkit.quicktheories.Gens;

/**
 * Properties of the preference learners (proofs/L-DPO-MLE.md): the Newton MLE against an
 * independent plain gradient descent written here (its own differences read from the raw feature
 * array, its own sigmoid and step rule), the DPO optimum against {@code w_ref + theta_hat / beta},
 * and the DPO loss against its definition through the policies' log-probabilities.
 */
class PreferenceLearnerProperties {
  /** A random small finite instance and preference data drawn from it. */
  record Case(Instance inst, Preferences data, double lambda, PairPolicy policy) {
    PreferenceLoss loss() {
      return PreferenceLoss.of(data, prompts(), lambda);
    }

    Features prompts() {
      return inst.finiteDistribution().prompts();
    }
  }

  static Case randomCase(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Family fam = r.nextBoolean() ? Family.SPHERE : Family.GAUSSIAN;
    int d = 1 + r.nextInt(5);
    int k = 2 + r.nextInt(5);
    int m = 3 + r.nextInt(20);
    double beta = 0.2 + 2 * r.nextDouble();
    Instance inst = InstanceSpec.of(fam, m, k, d, beta, r.nextLong()).finite();
    int n = 1 + r.nextInt(120);
    PairPolicy policy = r.nextBoolean() ? PairPolicy.UNIFORM : PairPolicy.REFERENCE;
    double lambda = Math.exp(Math.log(0.02) + r.nextDouble() * Math.log(100)); // [0.02, 2]
    return new Case(inst, Preferences.generate(inst, n, policy, r.nextLong()), lambda, policy);
  }

  private static QuickTheory qt(long seed, int examples) {
    return Gens.qt(seed).withExamples(examples);
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += (a[j] - b[j]) * (a[j] - b[j]);
    }
    return Math.sqrt(s);
  }

  /**
   * Plain gradient descent on L with step 1 / (max ||Delta||^2 / 4 + lambda), from 0, until the
   * gradient norm stops decreasing below 1e-14: an algorithm independent of Newton's, on
   * differences read directly from the raw features.
   */
  static double[] gradientDescent(Case c) {
    Features f = c.prompts();
    int d = f.dim();
    double[] raw = f.data();
    int[] p = c.data().prompts();
    int[] a = c.data().first();
    int[] b = c.data().second();
    int[] y = c.data().labels();
    int n = p.length;
    double[][] diff = new double[n][d];
    double m2 = 0;
    for (int i = 0; i < n; i++) {
      int ra = (f.rowOffset(p[i]) + a[i]) * d;
      int rb = (f.rowOffset(p[i]) + b[i]) * d;
      double s = 0;
      for (int j = 0; j < d; j++) {
        diff[i][j] = raw[ra + j] - raw[rb + j];
        s += diff[i][j] * diff[i][j];
      }
      m2 = Math.max(m2, s);
    }
    double step = 1 / (m2 / 4 + c.lambda());
    double[] theta = new double[d];
    double[] g = new double[d];
    for (int it = 0; it < 200_000; it++) {
      java.util.Arrays.fill(g, 0);
      for (int i = 0; i < n; i++) {
        double u = 0;
        for (int j = 0; j < d; j++) {
          u += theta[j] * diff[i][j];
        }
        double s = 1 / (1 + Math.exp(-u)) - y[i];
        for (int j = 0; j < d; j++) {
          g[j] += s * diff[i][j] / n;
        }
      }
      for (int j = 0; j < d; j++) {
        g[j] += c.lambda() * theta[j];
      }
      if (norm(g) < 1e-14) {
        break;
      }
      for (int j = 0; j < d; j++) {
        theta[j] -= step * g[j];
      }
    }
    return theta;
  }

  /**
   * The Newton MLE equals an independent gradient descent to 1e-8 relative (absolute 1e-10 when
   * theta_hat is tiny), on 200 random instances and data sets.
   */
  @Test
  void mleMatchesIndependentGradientDescent() {
    qt(0x9F01L, 200)
        .forAll(Gens.seeds())
        .checkAssert(
            seed -> {
              Case c = randomCase(seed);
              PreferenceLearner.Fit fit =
                  PreferenceLearner.mle(c.loss(), c.inst().wRef(), c.inst().beta(), 0, 100);
              double[] ref = gradientDescent(c);
              double err = distance(fit.theta(), ref);
              assertTrue(err <= 1e-8 * norm(ref) + 1e-10,
                  () -> "Newton " + java.util.Arrays.toString(fit.theta()) + " vs GD "
                      + java.util.Arrays.toString(ref) + ": " + err);
            });
  }

  /**
   * The DPO optimum is the MLE plugged into the policy: DPO-GA run to its floating-point floor
   * lands within 1e-8 (relative to ||w||) of {@code w_ref + theta_hat / beta}; and its own
   * certificate {@code ||grad L_DPO|| / (beta^2 lambda)} is below 1e-9.
   */
  @Test
  void dpoOptimumIsTheMlePluggedIntoThePolicy() {
    qt(0x9F02L, 200)
        .forAll(Gens.seeds())
        .checkAssert(
            seed -> {
              Case c = randomCase(seed);
              double beta = c.inst().beta();
              double[] wRef = c.inst().wRef();
              PreferenceLoss loss = c.loss();
              PreferenceLearner.Fit mle = PreferenceLearner.mle(loss, wRef, beta, 0, 100);
              double m = loss.maxDifferenceNorm();
              double kappa = (m * m / 4 + c.lambda()) / c.lambda();
              int steps = (int) Math.min(2_000_000, Math.ceil(kappa * 40) + 10);
              PreferenceLearner.Fit dpo =
                  PreferenceLearner.dpo(loss, wRef, beta, PreferenceLearner.Method.DPO_GA, steps, 1);
              double[] expected = PreferenceLearner.policy(mle.theta(), wRef, beta);
              double err = distance(dpo.w(), expected);
              assertTrue(err <= 1e-8 * Math.max(1, norm(expected)),
                  () -> "DPO " + java.util.Arrays.toString(dpo.w()) + " vs w_ref + theta_hat/beta "
                      + java.util.Arrays.toString(expected) + ": " + err);
              assertTrue(dpo.gradientNorm() / c.lambda() <= 1e-9 * Math.max(1, norm(mle.theta())),
                  () -> "DPO certificate " + dpo.gradientNorm() / c.lambda());
            });
  }

  /**
   * The DPO loss, computed here from its definition (log-probabilities of the softmax policies
   * pi_w and pi_ref, with their partition functions), equals L(beta (w - w_ref)) at random w.
   */
  @Test
  void dpoLossIsTheMleLossOfTheImplicitReward() {
    qt(0x9F03L, 300)
        .forAll(Gens.seeds())
        .checkAssert(
            seed -> {
              Case c = randomCase(seed);
              SplittableRandom r = new SplittableRandom(seed ^ 0x5A5AL);
              double beta = c.inst().beta();
              double[] wRef = c.inst().wRef();
              double[] w = wRef.clone();
              for (int j = 0; j < w.length; j++) {
                w[j] += 3 * (r.nextDouble() - 0.5);
              }
              Features f = c.prompts();
              int[] p = c.data().prompts();
              int[] a = c.data().first();
              int[] b = c.data().second();
              int[] y = c.data().labels();
              double total = 0;
              for (int i = 0; i < p.length; i++) {
                double h =
                    beta * (logProb(f, p[i], a[i], w) - logProb(f, p[i], a[i], wRef))
                        - beta * (logProb(f, p[i], b[i], w) - logProb(f, p[i], b[i], wRef));
                double ls = -Math.log1p(Math.exp(-h));
                double lsNeg = -Math.log1p(Math.exp(h));
                total += -(y[i] * ls + (1 - y[i]) * lsNeg);
              }
              double theta2 = 0;
              for (int j = 0; j < w.length; j++) {
                theta2 += beta * beta * (w[j] - wRef[j]) * (w[j] - wRef[j]);
              }
              double expected = total / p.length + c.lambda() / 2 * theta2;
              double got = c.loss().dpoValue(w, wRef, beta);
              assertEquals(expected, got, 1e-9 * Math.max(1, Math.abs(expected)), c.toString());
            });
  }

  /** log pi_w(a | x_p) by log-sum-exp over the raw features. */
  static double logProb(Features f, int p, int a, double[] w) {
    int d = f.dim();
    double[] raw = f.data();
    int k = f.candidates(p);
    double[] s = new double[k];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      int r = (f.rowOffset(p) + c) * d;
      for (int j = 0; j < d; j++) {
        s[c] += w[j] * raw[r + j];
      }
      max = Math.max(max, s[c]);
    }
    double z = 0;
    for (int c = 0; c < k; c++) {
      z += Math.exp(s[c] - max);
    }
    return s[a] - max - Math.log(z);
  }

  /** Same instance, size, policy and seed give the same data; another seed other data. */
  @Test
  void generationIsDeterministic() {
    Instance inst = InstanceSpec.of(Family.SPHERE, 20, 5, 3, 1.0, 3L).finite();
    for (PairPolicy pol : PairPolicy.values()) {
      Preferences x = Preferences.generate(inst, 500, pol, 11L);
      Preferences z = Preferences.generate(inst, 500, pol, 11L);
      assertArrayEquals(x.prompts(), z.prompts());
      assertArrayEquals(x.first(), z.first());
      assertArrayEquals(x.second(), z.second());
      assertArrayEquals(x.labels(), z.labels());
      Preferences o = Preferences.generate(inst, 500, pol, 12L);
      assertTrue(!java.util.Arrays.equals(x.labels(), o.labels())
          || !java.util.Arrays.equals(x.first(), o.first()));
    }
  }

  /**
   * The labels follow the Bradley-Terry probabilities: on one prompt with two candidates, among
   * the comparisons that put candidate 0 first, the frequency of "first preferred" is within 5
   * standard errors of sigmoid(r*(0) - r*(1)) (conditioning on the order: the unconditional
   * frequency is 1/2 by symmetry whatever the labels' law).
   */
  @Test
  void labelsFollowBradleyTerry() {
    Instance inst = InstanceSpec.of(Family.GAUSSIAN, 1, 2, 3, 1.0, 5L).finite();
    Features f = inst.finiteDistribution().prompts();
    double[] th = inst.theta();
    double[] f0 = Preferences.row(f, 0, 0);
    double[] f1 = Preferences.row(f, 0, 1);
    double m = 0;
    for (int j = 0; j < th.length; j++) {
      m += th[j] * (f0[j] - f1[j]);
    }
    double p = 1 / (1 + Math.exp(-m));
    assertTrue(Math.abs(p - 0.5) > 0.05, "the instance must tell the orders apart: p = " + p);
    int n = 40_000;
    Preferences x = Preferences.generate(inst, n, PairPolicy.UNIFORM, 99L);
    int[] a = x.first();
    int[] y = x.labels();
    int count = 0;
    int hits = 0;
    for (int i = 0; i < n; i++) {
      if (a[i] == 0) {
        count++;
        hits += y[i];
      }
    }
    double se = Math.sqrt(p * (1 - p) / count);
    double dev = Math.abs(hits / (double) count - p);
    assertTrue(dev <= 5 * se, () -> "label frequency off by " + dev + " (p = " + p + ")");
  }
}
