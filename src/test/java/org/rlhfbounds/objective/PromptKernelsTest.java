package org.rlhfbounds.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The per-prompt kernels against the plain loops of their formulas, bit for bit: one candidate row
 * at a time, every dot product summed in order of the coordinates, the mean offset summed in order
 * of the candidates, reading the features in place. The kernels copy each prompt's rows to index 0
 * and run several sums at once (so that the JIT vectorises their element-wise loops); none of that
 * may change a result's bits, since a result's bits are what the README's examples, the thread
 * counts and the reproducibility promise rest on.
 */
class PromptKernelsTest {
  private static final int[] CANDIDATES = {1, 2, 3, 4, 5, 7, 8, 9, 13};
  private static final int[] DIMS = {1, 2, 3, 8, 17, 128, 129};

  /** A block of three prompts of K rows after one leading row, in one of four shapes. */
  private static double[] block(SplittableRandom r, int k, int d, int shape) {
    double[] data = new double[(3 * k + 1) * d];
    double scale = shape == 2 ? 40 : 1;
    for (int i = 0; i < data.length; i++) {
      data[i] = scale * r.nextGaussian();
    }
    if (shape == 1) {
      // near-duplicate candidates: every row within 1e-9 of the block's first row
      for (int i = d; i < data.length; i++) {
        data[i] = data[i % d] + 1e-9 * r.nextGaussian();
      }
    }
    if (shape == 3) {
      // a row of exact zeros and a row of huge entries
      for (int j = 0; j < d; j++) {
        data[d + j] = 0;
        data[2 * d + j] = 1e150 * r.nextGaussian();
      }
    }
    return data;
  }

  /**
   * {@code Sigma_w(x) v}'s rounding error scales with the mass off the mode: on rows with a
   * common offset of up to 1e6 and policies from uniform to a mass of 1e-26 off the mode, every
   * coordinate is within {@code 5 (d + K + 3) u weight P Psi T} (the kernel's Javadoc) of {@code
   * sum_{a != m} p_a (t_a - tbar) (phi_a - phi_m)} evaluated exactly with the kernel's own
   * probabilities. A kernel that takes the differences from {@code phi_0} instead of the mode's
   * row misses this by up to eight orders of magnitude.
   */
  @Test
  void covarianceApplyErrorScalesWithTheMassOffTheMode() {
    SplittableRandom r = new SplittableRandom(0x5167L);
    double u = Math.ulp(1.0) / 2;
    int checked = 0;
    for (int k : new int[] {2, 3, 5, 8, 13}) {
      for (int d : new int[] {3, 17, 128}) {
        for (double offset : new double[] {0, 1e3, 1e6}) {
          for (double gap : new double[] {0, 1, 5, 20, 60}) {
            double[] o = vector(r, d);
            double[] data = new double[k * d];
            for (int i = 0; i < data.length; i++) {
              data[i] = offset * o[i % d] + r.nextGaussian();
            }
            int mode = r.nextInt(k);
            // w = gap * (delta_mode - delta_0) / ||.||, delta the rows less the offset: logit gaps
            // of about gap between the mode and the rest, the offset's share common to all rows
            double[] w = new double[d];
            double norm = 0;
            for (int j = 0; j < d; j++) {
              w[j] = data[mode * d + j] - data[j] + (mode == 0 ? 1 : 0);
              norm += w[j] * w[j];
            }
            for (int j = 0; j < d; j++) {
              w[j] *= gap / Math.sqrt(norm);
            }
            double[] v = vector(r, d);
            double weight = 0.5 + r.nextDouble();
            Workspace ws = new Workspace(k, d);
            double[] out = new double[d];
            PromptKernels.covarianceApply(data, 0, k, d, w, v, weight, out, ws);
            double[] p = java.util.Arrays.copyOf(ws.p, k);
            int m = 0;
            for (int a = 1; a < k; a++) {
              if (p[a] > p[m]) {
                m = a;
              }
            }
            java.math.BigDecimal[] t = new java.math.BigDecimal[k];
            java.math.BigDecimal tbar = java.math.BigDecimal.ZERO;
            double off = 0;
            double psi = 0;
            double bigT = 0;
            for (int a = 0; a < k; a++) {
              t[a] = java.math.BigDecimal.ZERO;
              double ta = 0;
              for (int j = 0; j < d; j++) {
                java.math.BigDecimal diff =
                    new java.math.BigDecimal(data[a * d + j])
                        .subtract(new java.math.BigDecimal(data[m * d + j]));
                t[a] = t[a].add(new java.math.BigDecimal(v[j]).multiply(diff));
                psi = Math.max(psi, Math.abs(data[a * d + j] - data[m * d + j]));
                ta += Math.abs(v[j])
                    * (Math.abs(data[a * d + j] - data[j]) + Math.abs(data[m * d + j] - data[j]));
              }
              bigT = Math.max(bigT, ta);
              tbar = tbar.add(new java.math.BigDecimal(p[a]).multiply(t[a]));
              if (a != m) {
                off += p[a];
              }
            }
            double bound = 5.0 * (d + k + 3) * u * weight * off * psi * bigT * (1 + 1e-6);
            for (int j = 0; j < d; j++) {
              java.math.BigDecimal exact = java.math.BigDecimal.ZERO;
              for (int a = 0; a < k; a++) {
                exact =
                    exact.add(
                        new java.math.BigDecimal(p[a])
                            .multiply(t[a].subtract(tbar))
                            .multiply(
                                new java.math.BigDecimal(data[a * d + j])
                                    .subtract(new java.math.BigDecimal(data[m * d + j]))));
              }
              exact = exact.multiply(new java.math.BigDecimal(weight));
              double err =
                  new java.math.BigDecimal(out[j]).subtract(exact).abs().doubleValue();
              String at =
                  "K=" + k + " d=" + d + " offset " + offset + " gap " + gap + " j=" + j
                      + ": error " + err + ", bound " + bound + ", mass off the mode " + off;
              org.junit.jupiter.api.Assertions.assertTrue(err <= bound, at);
              checked++;
            }
          }
        }
      }
    }
    assertEquals(5 * (3 + 17 + 128) * 3 * 5, checked);
  }

  private static double[] vector(SplittableRandom r, int d) {
    double[] v = new double[d];
    for (int j = 0; j < d; j++) {
      v[j] = r.nextGaussian();
    }
    return v;
  }

  @Test
  void kernelsAreTheirFormulasLoopsBitForBit() {
    SplittableRandom r = new SplittableRandom(20261203L);
    int cases = 0;
    for (int k : CANDIDATES) {
      for (int d : DIMS) {
        for (int shape = 0; shape < 4; shape++) {
          double[] data = block(r, k, d, shape);
          double[] w = vector(r, d);
          double[] v = vector(r, d);
          double[] theta = vector(r, d);
          double[] wRef = vector(r, d);
          double beta = 0.25 + r.nextDouble();
          double weight = r.nextDouble();
          Workspace ws = new Workspace(k, d);
          double[] out = vector(r, d);
          double[] expect = out.clone();
          double[][] rows = new double[k + 2][d];
          double[] p = new double[k + 2];
          double[][] expectRows = new double[k + 2][d];
          double[] expectP = new double[k + 2];
          for (int i = 0; i < 3; i++) {
            int row0 = 1 + i * k;
            String at = "K=" + k + " d=" + d + " shape " + shape + " prompt " + i;
            PromptKernels.covarianceApply(data, row0, k, d, w, v, weight, out, ws);
            covarianceApply(data, row0, k, d, w, v, weight, expect);
            assertBits(expect, out, "covarianceApply " + at);
            PromptKernels.gradient(data, row0, k, d, theta, wRef, beta, w, weight, out, ws);
            gradient(data, row0, k, d, theta, wRef, beta, w, weight, expect);
            assertBits(expect, out, "gradient " + at);
            assertEquals(
                Double.doubleToRawLongBits(value(data, row0, k, d, theta, wRef, beta, w)),
                Double.doubleToRawLongBits(
                    PromptKernels.value(data, row0, k, d, theta, wRef, beta, w, ws)),
                "value " + at);
            double[] ref = new double[2 * (3 * k + 1) + 3];
            PromptKernels.referenceTerms(data, row0, k, d, theta, wRef, ref, 2 * row0 + 1, ws);
            assertEquals(
                Double.doubleToRawLongBits(value(data, row0, k, d, theta, wRef, beta, w)),
                Double.doubleToRawLongBits(
                    PromptKernels.valueCached(data, row0, k, d, beta, w, ref, 2 * row0 + 1, ws)),
                "valueCached " + at);
            assertEquals(
                Double.doubleToRawLongBits(kl(data, row0, k, d, w, v)),
                Double.doubleToRawLongBits(PromptKernels.kl(data, row0, k, d, w, v, ws)),
                "kl " + at);
            assertEquals(
                Double.doubleToRawLongBits(gibbsValue(data, row0, k, d, theta, wRef, beta)),
                Double.doubleToRawLongBits(
                    PromptKernels.gibbsValue(data, row0, k, d, theta, wRef, beta, ws)),
                "gibbsValue " + at);
            double[] probs = new double[k];
            PromptKernels.probabilities(data, row0, k, d, w, probs, ws);
            double[] expectProbs = logSoftmax(data, row0, k, d, w);
            for (int a = 0; a < k; a++) {
              expectProbs[a] = Math.exp(expectProbs[a]);
            }
            assertBits(expectProbs, probs, "probabilities " + at);
            CurvatureKernels.hessianVector(data, row0, k, d, theta, beta, w, v, weight, out, ws);
            hessianVector(data, row0, k, d, theta, beta, w, v, weight, expect);
            assertBits(expect, out, "hessianVector " + at);
            PromptKernels.centredRows(data, row0, k, d, w, weight, rows, p, 1, ws);
            centredRows(data, row0, k, d, w, weight, expectRows, expectP, 1);
            for (int a = 0; a < k + 2; a++) {
              assertBits(expectRows[a], rows[a], "centredRows row " + a + " " + at);
            }
            assertBits(expectP, p, "centredRows weights " + at);
            cases++;
          }
        }
      }
    }
    assertEquals(CANDIDATES.length * DIMS.length * 4 * 3, cases);
  }

  private static void assertBits(double[] expect, double[] actual, String what) {
    assertEquals(expect.length, actual.length, what);
    for (int j = 0; j < expect.length; j++) {
      if (Double.doubleToRawLongBits(expect[j]) != Double.doubleToRawLongBits(actual[j])) {
        throw new AssertionError(
            what + ": entry " + j + " is " + actual[j] + ", the formula's loop gives " + expect[j]);
      }
    }
  }

  // The formulas' loops, one row at a time, reading the block in place.

  private static double dot(double[] data, int row, int d, double[] v) {
    double z = 0;
    for (int j = 0; j < d; j++) {
      z += v[j] * data[row * d + j];
    }
    return z;
  }

  private static double[] logSoftmax(double[] data, int row0, int k, int d, double[] w) {
    double[] z = new double[k];
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < k; a++) {
      z[a] = dot(data, row0 + a, d, w);
      max = Math.max(max, z[a]);
    }
    double sum = 0;
    for (int a = 0; a < k; a++) {
      sum += Math.exp(z[a] - max);
    }
    double lse = max + Math.log(sum);
    for (int a = 0; a < k; a++) {
      z[a] -= lse;
    }
    return z;
  }

  /** {@code mu = sum_{a >= 1} pi(a) (phi_a - phi_0)}, over a in order for each coordinate. */
  private static double[] mean(double[] data, int row0, int k, int d, double[] logP) {
    double[] mu = new double[d];
    for (int a = 1; a < k; a++) {
      double p = Math.exp(logP[a]);
      for (int j = 0; j < d; j++) {
        mu[j] += p * (data[(row0 + a) * d + j] - data[row0 * d + j]);
      }
    }
    return mu;
  }

  private static double centred(double[] data, int row0, int a, int d, double[] mu, int j) {
    return data[(row0 + a) * d + j] - data[row0 * d + j] - mu[j];
  }

  /**
   * {@code Sigma v = sum_{a != m} c_a (phi_a - phi_m)}, {@code c_a = weight p_a (t_a - tbar)},
   * {@code t_a = <phi_a - phi_0, v> - <phi_m - phi_0, v>}, {@code m} the first most probable
   * candidate; the rows other than m added in groups of four, a short last group padded with m.
   * Also {@code ParallelSumTest}'s reference.
   */
  static void covarianceApply(
      double[] data, int row0, int k, int d, double[] w, double[] v, double weight,
      double[] out) {
    double[] logP = logSoftmax(data, row0, k, d, w);
    double[] p = new double[k];
    int m = 0;
    for (int a = 0; a < k; a++) {
      p[a] = Math.exp(logP[a]);
      if (p[a] > p[m]) {
        m = a;
      }
    }
    double[] t = new double[k];
    for (int a = 0; a < k; a++) {
      for (int j = 0; j < d; j++) {
        t[a] += v[j] * (data[(row0 + a) * d + j] - data[row0 * d + j]);
      }
    }
    double tm = t[m];
    double tbar = 0;
    for (int a = 0; a < k; a++) {
      t[a] = a == m ? 0 : t[a] - tm;
      tbar += p[a] * t[a];
    }
    java.util.List<Integer> others = new java.util.ArrayList<>();
    for (int a = 0; a < k; a++) {
      if (a != m) {
        others.add(a);
      }
    }
    while (others.size() % 4 != 0) {
      others.add(m);
    }
    for (int q = 0; q < others.size(); q += 4) {
      for (int j = 0; j < d; j++) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
          int a = others.get(q + i);
          double c = a == m ? 0 : weight * p[a] * (t[a] - tbar);
          double x = c * (data[(row0 + a) * d + j] - data[(row0 + m) * d + j]);
          sum = i == 0 ? x : sum + x;
        }
        out[j] += sum;
      }
    }
  }

  private static void gradient(
      double[] data, int row0, int k, int d, double[] theta, double[] wRef, double beta,
      double[] w, double weight, double[] out) {
    double[] logP = logSoftmax(data, row0, k, d, w);
    double[] logQ = logSoftmax(data, row0, k, d, wRef);
    double[] g = new double[k];
    double gbar = 0;
    for (int a = 0; a < k; a++) {
      g[a] = dot(data, row0 + a, d, theta) - beta * (logP[a] - logQ[a]);
      gbar += Math.exp(logP[a]) * g[a];
    }
    for (int a = 0; a < k; a++) {
      double c = weight * Math.exp(logP[a]) * (g[a] - gbar);
      for (int j = 0; j < d; j++) {
        out[j] += c * data[(row0 + a) * d + j];
      }
    }
  }

  private static double value(
      double[] data, int row0, int k, int d, double[] theta, double[] wRef, double beta,
      double[] w) {
    double[] logP = logSoftmax(data, row0, k, d, w);
    double[] logQ = logSoftmax(data, row0, k, d, wRef);
    double er = 0;
    double kl = 0;
    for (int a = 0; a < k; a++) {
      double p = Math.exp(logP[a]);
      er += p * dot(data, row0 + a, d, theta);
      kl += p * (logP[a] - logQ[a]);
    }
    return er - beta * Math.max(kl, 0);
  }

  /** {@code H v = beta sum_a pi(a) c_a <c_a, v> (<c_a, w* - w> - 1)}, theta standing for w*. */
  private static void hessianVector(
      double[] data, int row0, int k, int d, double[] wStar, double beta, double[] w,
      double[] v, double weight, double[] out) {
    double[] logP = logSoftmax(data, row0, k, d, w);
    double[] mu = mean(data, row0, k, d, logP);
    for (int a = 0; a < k; a++) {
      double sv = 0;
      double su = 0;
      for (int j = 0; j < d; j++) {
        double c = centred(data, row0, a, d, mu, j);
        sv += c * v[j];
        su += c * (wStar[j] - w[j]);
      }
      double coef = weight * beta * Math.exp(logP[a]) * sv * (su - 1);
      for (int j = 0; j < d; j++) {
        out[j] += coef * centred(data, row0, a, d, mu, j);
      }
    }
  }

  private static double kl(double[] data, int row0, int k, int d, double[] w, double[] v) {
    double[] logP = logSoftmax(data, row0, k, d, w);
    double[] logQ = logSoftmax(data, row0, k, d, v);
    double kl = 0;
    for (int a = 0; a < k; a++) {
      kl += Math.exp(logP[a]) * (logP[a] - logQ[a]);
    }
    return Math.max(kl, 0);
  }

  /** {@code beta log sum_a pi_ref(a) exp(r*(a) / beta)}, by log-sum-exp. */
  private static double gibbsValue(
      double[] data, int row0, int k, int d, double[] theta, double[] wRef, double beta) {
    double[] logQ = logSoftmax(data, row0, k, d, wRef);
    double[] s = new double[k];
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < k; a++) {
      s[a] = logQ[a] + dot(data, row0 + a, d, theta) / beta;
      max = Math.max(max, s[a]);
    }
    double sum = 0;
    for (int a = 0; a < k; a++) {
      sum += Math.exp(s[a] - max);
    }
    return beta * (max + Math.log(sum));
  }

  private static void centredRows(
      double[] data, int row0, int k, int d, double[] w, double weight, double[][] rows,
      double[] p, int at) {
    double[] logP = logSoftmax(data, row0, k, d, w);
    double[] mu = mean(data, row0, k, d, logP);
    for (int a = 0; a < k; a++) {
      for (int j = 0; j < d; j++) {
        rows[at + a][j] = centred(data, row0, a, d, mu, j);
      }
      p[at + a] = weight * Math.exp(logP[a]);
    }
  }
}
