package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.PromptMeasure;
import org.rlhfbounds.model.Sample;

/**
 * Properties of T-POST's covariance enclosure ({@link CovarianceEnclosure}, proofs/T-POST.md "The
 * covariance enclosure"): every entry of the exact {@code Sigma_m(w)} (60-digit arithmetic from the
 * exact softmax) lies in its enclosure, on samples and weighted populations whose prompts differ
 * in scale by twelve orders of magnitude, carry common offsets up to {@code 10^8} times their
 * spread (the centring cancels almost every digit), have repeated candidates (zero variance),
 * float32 storage, logit ranges up to several hundred (probabilities down to {@code 10^-200}) or the
 * uniform policy over hundreds of prompts (where the assembly's own rounding dominates);
 * the enclosure is narrow where nothing is extreme; its certified smallest eigenvalue is below the
 * exact one (Rump's certificate on the midpoint alone, without the radius, is not: it fails on
 * these draws); and it is the same bits for one and two threads.
 */
class CovarianceEnclosureProperties {

  /** A random measure and point: the adversarial features described in the class comment. */
  record Draw(PromptMeasure measure, double[] w, boolean ordinary, String what) {}

  static Draw draw(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int d = 1 + r.nextInt(6);
    // the uniform policy w = 0 has point-like probabilities: the assembly's own rounding, summed
    // over hundreds of rows, is then what the enclosure must cover
    boolean uniform = r.nextInt(4) == 0;
    int m = uniform ? 100 + r.nextInt(400) : 1 + r.nextInt(30);
    boolean ordinary = r.nextInt(3) == 0;
    int[] offsets = new int[m + 1];
    for (int i = 0; i < m; i++) {
      offsets[i + 1] = offsets[i] + 2 + r.nextInt(5);
    }
    double[] data = new double[offsets[m] * d];
    double[] w = new double[d];
    double logitScale = ordinary ? 3 : BoundCases.logUniform(r, 1e-3, 300);
    for (int j = 0; j < d; j++) {
      w[j] = r.nextGaussian();
    }
    StringBuilder what =
        new StringBuilder("d=" + d + " m=" + m + (uniform ? " w=0" : " logitScale=" + logitScale));
    for (int i = 0; i < m; i++) {
      double scale = ordinary ? 1 : BoundCases.logUniform(r, 1e-6, 1e6);
      double offset =
          !ordinary && r.nextBoolean()
              ? scale * BoundCases.logUniform(r, 1, 1e8)
              : 0;
      for (int row = offsets[i]; row < offsets[i + 1]; row++) {
        boolean repeat = !ordinary && row > offsets[i] && r.nextInt(4) == 0;
        for (int j = 0; j < d; j++) {
          int at = row * d + j;
          // the logits' spread is about logitScale whatever the prompt's scale
          data[at] = repeat ? data[at - d] : offset + scale * r.nextGaussian();
        }
      }
      what.append(i < 3 ? " [scale " + scale + " offset " + offset + "]" : "");
    }
    // one logit scale for all prompts: w scaled by logitScale / (typical prompt scale 1)
    for (int j = 0; j < d; j++) {
      w[j] = uniform ? 0 : w[j] * logitScale / Math.sqrt(d);
    }
    boolean float32 = !ordinary && r.nextInt(4) == 0;
    Features f;
    if (float32) {
      float[] fl = new float[data.length];
      for (int q = 0; q < data.length; q++) {
        fl[q] = (float) data[q];
      }
      f = Features.ofFloats(fl, offsets, d, "features");
    } else {
      f = Features.of(data, offsets, d, "features");
    }
    PromptMeasure measure;
    if (r.nextBoolean()) {
      measure = Sample.of(f);
    } else {
      double[] weights = new double[m];
      for (int i = 0; i < m; i++) {
        weights[i] = r.nextInt(5) == 0 ? 0 : r.nextDouble();
      }
      weights[r.nextInt(m)] = 1;
      measure = FiniteDistribution.of(f, weights);
    }
    what.append(float32 ? " float32" : "").append(measure instanceof Sample ? " sample" : " pop");
    return new Draw(measure, w, ordinary, what.toString());
  }

  @Test
  void enclosureContainsTheExactCovariance() {
    AtomicInteger entries = new AtomicInteger();
    AtomicInteger ordinary = new AtomicInteger();
    BoundGens.qt(0x5e1aL, 400)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              Draw dr = draw(seed);
              int d = dr.measure().prompts().dim();
              Enclosure[] enc = CovarianceEnclosure.of(dr.measure(), dr.w(), 1).entries();
              BigDecimal[] exact = exactCovariance(dr.measure(), dr.w());
              double maxDiag = 0;
              double maxRadius = 0;
              for (int q = 0; q < d * d; q++) {
                Enclosure e = enc[q];
                BigDecimal x = exact[q];
                int qq = q;
                assertTrue(BigMath.atMost(e.lo(), x) && BigMath.atLeast(e.hi(), x),
                    () -> "entry " + qq + ": exact " + x.round(BigMath.MC).doubleValue()
                        + " not in [" + e.lo() + ", " + e.hi() + "] " + dr.what());
                maxRadius = Math.max(maxRadius, (e.hi() - e.lo()) / 2);
                if (q % (d + 1) == 0) {
                  maxDiag = Math.max(maxDiag, e.mid());
                }
                entries.incrementAndGet();
              }
              if (dr.ordinary()) {
                double md = maxDiag;
                double mr = maxRadius;
                assertTrue(mr <= 1e-12 * md + 1e-300,
                    () -> "radius " + mr + " not small against the diagonal " + md + " "
                        + dr.what());
                ordinary.incrementAndGet();
              }
            });
    assertTrue(entries.get() > 2000 && ordinary.get() > 50,
        "too few entries checked: " + entries.get() + ", ordinary draws " + ordinary.get());
  }

  /**
   * {@link CovarianceEnclosure#lambdaMinLower} is a lower bound of the exact smallest eigenvalue:
   * the exact {@code Sigma_m(w) - l I} (60 digits) has a Cholesky factorisation with non-negative
   * pivots, on the draws above (prompts twelve orders of magnitude apart in scale make many of them
   * ill-conditioned); and it is positive on most ordinary draws.
   */
  @Test
  void certifiedSmallestEigenvalueIsBelowTheExactOne() {
    AtomicInteger positive = new AtomicInteger();
    AtomicInteger ordinary = new AtomicInteger();
    BoundGens.qt(0x5e1cL, 400)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              Draw dr = draw(seed);
              int d = dr.measure().prompts().dim();
              double l = CovarianceEnclosure.of(dr.measure(), dr.w(), 1).lambdaMinLower();
              if (dr.ordinary()) {
                ordinary.incrementAndGet();
              }
              if (l == 0) {
                return;
              }
              positive.incrementAndGet();
              BigDecimal[] a = exactCovariance(dr.measure(), dr.w());
              for (int j = 0; j < d; j++) {
                a[j * d + j] = BigMath.sub(a[j * d + j], BigMath.bd(l));
              }
              // LDL^T without pivoting: a symmetric matrix is positive semidefinite when every
              // pivot is positive (a zero pivot ends the check: semidefinite at best)
              for (int k = 0; k < d; k++) {
                BigDecimal pivot = a[k * d + k];
                int kk = k;
                assertTrue(pivot.signum() >= 0,
                    () -> "lambdaMinLower " + l + " above the exact lambda_min: pivot " + kk
                        + " = " + pivot.round(BigMath.MC).doubleValue() + " " + dr.what());
                if (pivot.signum() == 0) {
                  return;
                }
                for (int i = k + 1; i < d; i++) {
                  BigDecimal f = BigMath.div(a[i * d + k], pivot);
                  for (int j = k + 1; j < d; j++) {
                    a[i * d + j] = BigMath.sub(a[i * d + j], BigMath.mul(f, a[k * d + j]));
                  }
                }
              }
            });
    assertTrue(positive.get() * 2 > ordinary.get(),
        "certified on too few draws: " + positive.get() + " of " + ordinary.get() + " ordinary");
  }

  /**
   * Features whose deviations exceed {@code 2^500} give the enclosure that says nothing, as
   * documented, instead of an exception: every entry {@code [-inf, inf]}, an infinite radius, no
   * certified smallest eigenvalue and no kappa+.
   */
  @Test
  void hugeFeaturesGiveTheEnclosureThatSaysNothing() {
    Features f =
        Features.uniform(new double[] {0, 0, 1e300, -1e300, 1, 2, 3, 4}, 2, 2, 2, "features");
    CovarianceEnclosure e = CovarianceEnclosure.of(Sample.of(f), new double[] {0, 0}, 1);
    for (Enclosure x : e.entries()) {
      assertTrue(x.lo() == Double.NEGATIVE_INFINITY && x.hi() == Double.POSITIVE_INFINITY,
          () -> "entry " + x + " encloses something");
    }
    assertEquals(Double.POSITIVE_INFINITY, e.radius());
    assertEquals(0.0, e.lambdaMinLower());
  }

  /**
   * One and two threads give the same bits, on a measure large enough for the assembly to write
   * its blocks in parallel and to tile its triangle.
   */
  @Test
  void enclosureIsTheSameForAnyThreadCount() {
    SplittableRandom r = new SplittableRandom(0x5e1bL);
    int m = 3000;
    int k = 4;
    int d = 40;
    double[] data = new double[m * k * d];
    for (int q = 0; q < data.length; q++) {
      data[q] = r.nextGaussian();
    }
    double[] w = new double[d];
    for (int j = 0; j < d; j++) {
      w[j] = r.nextGaussian() / 4;
    }
    Features f = Features.uniform(data, m, k, d, "features");
    for (PromptMeasure measure : new PromptMeasure[] {Sample.of(f), FiniteDistribution.uniform(f)}) {
      Enclosure[] one = CovarianceEnclosure.of(measure, w, 1).entries();
      Enclosure[] two = CovarianceEnclosure.of(measure, w, 2).entries();
      for (int q = 0; q < d * d; q++) {
        assertEquals(one[q].lo(), two[q].lo(), "lower end of entry " + q);
        assertEquals(one[q].hi(), two[q].hi(), "upper end of entry " + q);
      }
    }
  }

  /**
   * {@code sum_i m_i Cov_{pi_w(.|x_i)}(phi)} (for a sample {@code (1/n) sum_i}) in 60-digit
   * arithmetic, from the exact softmax of the exact logits; row-major d x d.
   */
  static BigDecimal[] exactCovariance(PromptMeasure m, double[] w) {
    Features f = m.prompts();
    int d = f.dim();
    BigDecimal[] s = new BigDecimal[d * d];
    java.util.Arrays.fill(s, BigDecimal.ZERO);
    for (int i = 0; i < f.size(); i++) {
      ExactPrompt e = exactPrompt(f, i, w);
      BigDecimal weight = m instanceof Sample
          ? BigMath.div(BigDecimal.ONE, BigMath.bd(f.size()))
          : BigMath.bd(m.weight(i));
      for (int a = 0; a < e.p().length; a++) {
        BigDecimal pw = BigMath.mul(weight, e.p()[a]);
        for (int j = 0; j < d; j++) {
          BigDecimal cj = BigMath.mul(pw, e.centred()[a][j]);
          for (int l = 0; l < d; l++) {
            s[j * d + l] = BigMath.add(s[j * d + l], BigMath.mul(cj, e.centred()[a][l]));
          }
        }
      }
    }
    return s;
  }

  /** One prompt's exact softmax at w and its rows centred at their exact mean, in 60 digits. */
  record ExactPrompt(BigDecimal[] p, BigDecimal[][] centred) {}

  static ExactPrompt exactPrompt(Features f, int i, double[] w) {
    int d = f.dim();
    double[] data = f.data();
    int k = f.candidates(i);
    BigDecimal[][] phi = new BigDecimal[k][d];
    BigDecimal[] z = new BigDecimal[k];
    for (int a = 0; a < k; a++) {
      z[a] = BigDecimal.ZERO;
      for (int j = 0; j < d; j++) {
        phi[a][j] = BigMath.bd(data[(f.rowOffset(i) + a) * d + j]);
        z[a] = BigMath.add(z[a], BigMath.mul(BigMath.bd(w[j]), phi[a][j]));
      }
    }
    BigDecimal[] p = BigMath.softmax(z);
    BigDecimal[] mean = new BigDecimal[d];
    java.util.Arrays.fill(mean, BigDecimal.ZERO);
    for (int a = 0; a < k; a++) {
      for (int j = 0; j < d; j++) {
        mean[j] = BigMath.add(mean[j], BigMath.mul(p[a], phi[a][j]));
      }
    }
    for (int a = 0; a < k; a++) {
      for (int j = 0; j < d; j++) {
        phi[a][j] = BigMath.sub(phi[a][j], mean[j]);
      }
    }
    return new ExactPrompt(p, phi);
  }
}
