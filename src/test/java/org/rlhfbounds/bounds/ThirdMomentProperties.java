package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Sample;

/**
 * The third-moment bound of T-GA-ADAPT's second-order curvature bound (proofs/T-GA-ADAPT.md,
 * "Second-order bound", its certification): {@code CurvatureProfileCertifier#thirdMomentBound} is
 * at least {@code |M[v, v, e]|} of the exact tensor (60 digits, exact softmax) at the unit pairs a
 * search finds, on prompts whose features sit at offsets up to {@code 10^12} times their spread
 * (the computed mean is then far from the exact one, and the tensor centred at it is not M), with
 * two-candidate prompts near probability 1/2 (whose exact third moment nearly vanishes) and logit
 * scales up to 40; and the unfolding's norm bound is above {@code |t[v, v, e]|} of any tensor and
 * above the exact Rayleigh quotient of {@code U^T U} at its computed top eigenvector, also for
 * tensors near the top of the double range.
 */
class ThirdMomentProperties {

  @Test
  void thirdMomentBoundCoversTheExactTensor() {
    AtomicInteger shifted = new AtomicInteger();
    BoundGens.qt(0x3e4dL, 300)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              int d = 1 + r.nextInt(3);
              int m = 1 + r.nextInt(6);
              int[] offsets = new int[m + 1];
              for (int i = 0; i < m; i++) {
                offsets[i + 1] = offsets[i] + 2 + (r.nextInt(3) == 0 ? 0 : r.nextInt(3));
              }
              double[] data = new double[offsets[m] * d];
              double[] w = new double[d];
              double logitScale = BoundCases.logUniform(r, 0.01, 40);
              for (int j = 0; j < d; j++) {
                w[j] = r.nextGaussian() * logitScale / Math.sqrt(d);
              }
              boolean far = false;
              for (int i = 0; i < m; i++) {
                double scale = BoundCases.logUniform(r, 1e-3, 1e3);
                double offset = r.nextBoolean() ? scale * BoundCases.logUniform(r, 1, 1e12) : 0;
                far |= offset > 1e6 * scale;
                for (int row = offsets[i]; row < offsets[i + 1]; row++) {
                  for (int j = 0; j < d; j++) {
                    data[row * d + j] = offset + scale * r.nextGaussian();
                  }
                }
              }
              if (far) {
                shifted.incrementAndGet();
              }
              Features f = Features.of(data, offsets, d, "features");
              Sample s = Sample.of(f);
              double bound = CurvatureProfileCertifier.thirdMomentBound(
                  f, s, CurvatureProfileCertifier.policies(f, w));
              BigDecimal[] exact = exactThirdMoment(f, w);
              double[] approx = new double[exact.length];
              for (int q = 0; q < exact.length; q++) {
                approx[q] = exact[q].doubleValue();
              }
              BigDecimal best = searchedSup(approx, exact, d, r);
              assertTrue(BigMath.atLeast(bound, best),
                  () -> "bound " + bound + " below |M[v, v, e]| = " + best.round(BigMath.MC)
                      + " (seed " + seed + ", d = " + d + ", m = " + m + ")");
            });
    assertTrue(shifted.get() >= 50, () -> "only " + shifted.get() + " draws with far offsets");
  }

  @Test
  void unfoldingNormBoundsTheTrilinearForm() {
    AtomicInteger hugeChecked = new AtomicInteger();
    BoundGens.qt(0x3e4eL, 300)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              int d = 1 + r.nextInt(5);
              double[] t = new double[d * d * d];
              BigDecimal[] exact = new BigDecimal[t.length];
              // one draw in eight near the top of the double range (products near 1e300)
              double huge = r.nextInt(8) == 0 ? 1e150 : 1;
              for (int q = 0; q < t.length; q++) {
                double scale = huge * (r.nextInt(4) == 0 ? BoundCases.logUniform(r, 1e-8, 1e8) : 1);
                t[q] = r.nextInt(5) == 0 ? 0 : r.nextGaussian() * scale;
                exact[q] = BigMath.bd(t[q]);
              }
              double bound = CurvatureProfileCertifier.unfoldingNormUpper(t, d);
              if (bound == Double.POSITIVE_INFINITY) {
                return; // U^T U overflows: the bound that says nothing, and true
              }
              if (huge > 1) {
                hugeChecked.incrementAndGet();
              }
              BigDecimal best = searchedSup(t, exact, d, r);
              assertTrue(BigMath.atLeast(bound, best),
                  () -> "bound " + bound + " below |t[v, v, e]| = " + best.round(BigMath.MC)
                      + " (seed " + seed + ", d = " + d + ")");
              // the exact Rayleigh quotient of U^T U at a top eigenvector found by power iteration
              double[] e = powerTop(t, d, r);
              BigDecimal num = BigDecimal.ZERO;
              for (int p = 0; p < d * d; p++) {
                BigDecimal ue = BigDecimal.ZERO;
                for (int q = 0; q < d; q++) {
                  ue = BigMath.add(ue, BigMath.mul(exact[p * d + q], BigMath.bd(e[q])));
                }
                num = BigMath.add(num, BigMath.mul(ue, ue));
              }
              BigDecimal den = BigDecimal.ZERO;
              for (int q = 0; q < d; q++) {
                den = BigMath.add(den, BigMath.mul(BigMath.bd(e[q]), BigMath.bd(e[q])));
              }
              BigDecimal rayleigh = BigMath.div(num, den);
              BigDecimal squared = BigMath.mul(BigMath.bd(bound), BigMath.bd(bound));
              assertTrue(squared.compareTo(rayleigh) >= 0,
                  () -> "bound^2 " + squared.round(BigMath.MC) + " below the Rayleigh quotient "
                      + rayleigh.round(BigMath.MC) + " (seed " + seed + ")");
            });
    assertTrue(hugeChecked.get() >= 10,
        () -> "only " + hugeChecked.get() + " finite bounds near 1e300");
  }

  /** {@code (1/n) sum_i sum_a pi_ia (phi_ia - m_i)^{(x)3}} in 60 digits, from the exact softmax. */
  private static BigDecimal[] exactThirdMoment(Features f, double[] w) {
    int d = f.dim();
    BigDecimal[] t = new BigDecimal[d * d * d];
    java.util.Arrays.fill(t, BigDecimal.ZERO);
    BigDecimal weight = BigMath.div(BigDecimal.ONE, BigMath.bd(f.size()));
    for (int i = 0; i < f.size(); i++) {
      CovarianceEnclosureProperties.ExactPrompt e =
          CovarianceEnclosureProperties.exactPrompt(f, i, w);
      for (int a = 0; a < e.p().length; a++) {
        BigDecimal[] c = e.centred()[a];
        BigDecimal pw = BigMath.mul(weight, e.p()[a]);
        for (int j = 0; j < d; j++) {
          for (int l = 0; l < d; l++) {
            BigDecimal cjl = BigMath.mul(BigMath.mul(pw, c[j]), c[l]);
            for (int q = 0; q < d; q++) {
              int at = (j * d + l) * d + q;
              t[at] = BigMath.add(t[at], BigMath.mul(cjl, c[q]));
            }
          }
        }
      }
    }
    return t;
  }

  /**
   * The largest exact {@code |t[v, v, e]| / (||v||^2 ||e||)} over the unit pairs of a search on
   * the double tensor (coordinate directions, random starts, alternating maximisation): a lower
   * bound of the supremum.
   */
  private static BigDecimal searchedSup(
      double[] raw, BigDecimal[] exact, int d, SplittableRandom r) {
    double max = 0;
    for (double x : raw) {
      max = Math.max(max, Math.abs(x));
    }
    double[] t = raw.clone();
    for (int q = 0; q < t.length && max > 0; q++) {
      t[q] /= max;
    }
    BigDecimal best = BigDecimal.ZERO;
    for (int start = 0; start < 6 + d; start++) {
      double[] v = new double[d];
      for (int j = 0; j < d; j++) {
        v[j] = start < d ? (j == start ? 1 : 0) : r.nextGaussian();
      }
      double[] e = new double[d];
      for (int it = 0; it < 30; it++) {
        // e = t[v, v, .] normalised, then v = the top direction of t[., ., e]
        for (int q = 0; q < d; q++) {
          double s = 0;
          for (int j = 0; j < d; j++) {
            for (int l = 0; l < d; l++) {
              s += v[j] * v[l] * t[(j * d + l) * d + q];
            }
          }
          e[q] = s;
        }
        normalise(e);
        double[] next = new double[d];
        for (int j = 0; j < d; j++) {
          double s = 0;
          for (int l = 0; l < d; l++) {
            double a = 0;
            for (int q = 0; q < d; q++) {
              a += (t[(j * d + l) * d + q] + t[(l * d + j) * d + q]) * e[q];
            }
            s += a * v[l];
          }
          next[j] = s;
        }
        if (norm(next) > 0) {
          v = next;
          normalise(v);
        }
        best = best.max(exactValue(exact, v, e, d));
      }
    }
    return best;
  }

  private static BigDecimal exactValue(BigDecimal[] exact, double[] v, double[] e, int d) {
    BigDecimal s = BigDecimal.ZERO;
    for (int j = 0; j < d; j++) {
      for (int l = 0; l < d; l++) {
        for (int q = 0; q < d; q++) {
          s = BigMath.add(s, BigMath.mul(BigMath.mul(BigMath.bd(v[j]), BigMath.bd(v[l])),
              BigMath.mul(BigMath.bd(e[q]), exact[(j * d + l) * d + q])));
        }
      }
    }
    BigDecimal nv = BigDecimal.ZERO;
    BigDecimal ne = BigDecimal.ZERO;
    for (int j = 0; j < d; j++) {
      nv = BigMath.add(nv, BigMath.mul(BigMath.bd(v[j]), BigMath.bd(v[j])));
      ne = BigMath.add(ne, BigMath.mul(BigMath.bd(e[j]), BigMath.bd(e[j])));
    }
    if (nv.signum() == 0 || ne.signum() == 0) {
      return BigDecimal.ZERO;
    }
    return BigMath.div(s.abs(), BigMath.mul(nv, BigMath.sqrt(ne)));
  }

  private static double[] powerTop(double[] raw, int d, SplittableRandom r) {
    // the direction does not depend on the scale: iterate on t / max |t| (no overflow)
    double max = 0;
    for (double x : raw) {
      max = Math.max(max, Math.abs(x));
    }
    double[] t = raw.clone();
    for (int q = 0; q < t.length && max > 0; q++) {
      t[q] /= max;
    }
    double[] e = new double[d];
    for (int q = 0; q < d; q++) {
      e[q] = r.nextGaussian();
    }
    for (int it = 0; it < 200; it++) {
      double[] next = new double[d];
      for (int p = 0; p < d * d; p++) {
        double ue = 0;
        for (int q = 0; q < d; q++) {
          ue += t[p * d + q] * e[q];
        }
        for (int q = 0; q < d; q++) {
          next[q] += t[p * d + q] * ue;
        }
      }
      if (!(norm(next) > 0)) {
        break;
      }
      e = next;
      normalise(e);
    }
    return e;
  }

  private static double norm(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  private static void normalise(double[] x) {
    double n = norm(x);
    if (n > 0) {
      for (int j = 0; j < x.length; j++) {
        x[j] /= n;
      }
    }
  }
}
