package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.contracts.rounding.BigRef;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;

/**
 * The measured quantities are enclosures of their exact values (proofs/MEASURE.md): checked against
 * a 60-digit BigDecimal evaluation of the same formulas on random small instances, at points from
 * O(1) away from w* down to 1e-15 away (where a difference of two objective values is pure
 * rounding), and along near-kernel directions; and the enclosures are tight (relative width below 1e-10
 * for the KL forms).
 */
class MeasuredQuantitiesProperties {
  private static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);

  @Test
  void enclosuresContainTheExactValuesAndAreTight() {
    SplittableRandom rng = new SplittableRandom(20261201L);
    int examples = 400;
    double worstRelWidth = 0;
    for (int ex = 0; ex < examples; ex++) {
      int d = 1 + rng.nextInt(4);
      int m = 2 + rng.nextInt(4);
      int k = 2 + rng.nextInt(4);
      double scale = Math.pow(10, -rng.nextInt(6));
      FiniteDistribution pop = population(d, m, k,
          j -> (rng.nextDouble() * 2 - 1) * (j % d == d - 1 ? scale : 1) / Math.sqrt(d));
      Features f = pop.prompts();
      Instance inst = randomInstance(rng, pop);
      double[] theta = inst.theta();
      double[] wRef = inst.wRef();
      double beta = inst.beta();
      int n = 1 + rng.nextInt(5);
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) {
        idx[i] = rng.nextInt(m);
      }
      Sample s = Sample.ofIndices(pop, idx);
      double[] ws = inst.wStar();
      double dist = Math.pow(10, -rng.nextInt(16));
      double[] w = new double[d];
      for (int j = 0; j < d; j++) {
        w[j] = ws[j] + dist * (rng.nextDouble() * 2 - 1);
      }
      MeasuredQuantities mq = MeasuredQuantities.at(inst, s, w);
      BigDecimal ex1 = BigDecimal.ZERO;
      BigDecimal fPop = BigDecimal.ZERO;
      for (int i = 0; i < m; i++) {
        BigDecimal wi = new BigDecimal(pop.weight(i));
        BigDecimal kl = klRef(f, i, w, ws);
        ex1 = ex1.add(wi.multiply(kl, MC), MC);
        fPop = fPop.add(wi.multiply(valueRef(f, i, w, wRef, theta, beta), MC), MC);
      }
      BigDecimal opt = BigDecimal.ZERO;
      BigDecimal fS = BigDecimal.ZERO;
      for (int i : idx) {
        opt = opt.add(klRef(f, i, w, ws), MC);
        fS = fS.add(valueRef(f, i, w, wRef, theta, beta), MC);
      }
      BigDecimal b = new BigDecimal(beta);
      BigDecimal nn = BigDecimal.valueOf(n);
      BigDecimal excess = b.multiply(ex1, MC);
      BigDecimal optErr = b.multiply(opt, MC).divide(nn, MC);
      BigDecimal gap = fPop.subtract(fS.divide(nn, MC), MC);
      String where = "example " + ex + " d=" + d + " K=" + k + " dist=" + dist;
      contains(mq.excess(), excess, where + " excess");
      contains(mq.optimisationError(), optErr, where + " optimisation error");
      contains(mq.gap(), gap, where + " gap");
      worstRelWidth = Math.max(worstRelWidth, relWidth(mq.excess(), excess));
      worstRelWidth = Math.max(worstRelWidth, relWidth(mq.optimisationError(), optErr));
    }
    // the KL forms keep their relative accuracy however small the KL (observed: 2.5e-12)
    assertTrue(worstRelWidth < 1e-10, "worst relative width of a KL enclosure: " + worstRelWidth);
  }

  /**
   * LEMMA-K item 5: the population range {@link Constants#optimalValueRange} is at least the exact
   * range {@code max_x f(w*; x) - min_x f(w*; x)} over the prompts, with the exact values from the
   * closed form of F1, {@code f(w*; x) = beta (LSE_a(l_ref(a) + r*(a) / beta) - LSE_a(l_ref(a)))}
   * at 60 digits (w* = w_ref + theta* / beta exactly, never the computed w*), and within {@code
   * 1e-9} of it (so it is not the range {@code 2 B ||theta*||}); likewise {@link
   * Constants#populationValueVariance} is at least the exact variance of {@code f(w*; x)} over the
   * uniform population and within {@code 1e-9} of it.
   */
  /**
   * The two ends of h(rho) = (1 + rho) ln(1 + rho) - rho on the series branch (|rho| <= 1/4, one
   * ulp outward per operation) bound the exact value, summed to 100 digits: 20000 points spread
   * over every binade from 2^-60 to 1/4 on both signs, with the end points, powers of two and
   * their neighbours. Both ends are also within 64 ulps of the exact value (the bound is tight).
   */
  @Test
  void hSeriesEndsBoundTheExactValue() {
    SplittableRandom r = new SplittableRandom(61);
    MathContext mc = new MathContext(100, RoundingMode.HALF_EVEN);
    int checked = 0;
    for (int c = 0; c < 20000; c++) {
      double a;
      switch (c % 5) {
        case 0 -> a = 0.25;
        case 1 -> a = Math.scalb(1.0, -r.nextInt(2, 61));
        case 2 -> a = Math.nextDown(Math.scalb(1.0, -r.nextInt(2, 61)));
        default -> a = Math.scalb(r.nextDouble(0.5, 1.0), -r.nextInt(2, 61));
      }
      double x = c % 2 == 0 ? a : -a;
      BigDecimal bx = new BigDecimal(x);
      BigDecimal sum = BigDecimal.ZERO;
      BigDecimal pow = bx.multiply(bx, mc);
      for (int k = 2; k <= 200; k++) {
        BigDecimal term = pow.divide(BigDecimal.valueOf((long) k * (k - 1)), mc);
        sum = k % 2 == 0 ? sum.add(term, mc) : sum.subtract(term, mc); // (-1)^k x^k / (k (k-1))
        pow = pow.multiply(bx, mc);
      }
      double lo = MeasuredQuantities.hEnd(x, false);
      double hi = MeasuredQuantities.hEnd(x, true);
      String where = "h(" + x + ")";
      assertTrue(new BigDecimal(lo).compareTo(sum) <= 0, () -> where + ": lower end " + lo);
      assertTrue(new BigDecimal(hi).compareTo(sum) >= 0, () -> where + ": upper end " + hi);
      double ulp = Math.ulp(sum.doubleValue());
      assertTrue(hi - lo <= 64 * ulp, () -> where + ": ends " + lo + ", " + hi + " too far apart");
      checked++;
    }
    assertTrue(checked == 20000);
  }

  @Test
  void populationRangeEnclosesTheExactValues() {
    SplittableRandom rng = new SplittableRandom(20261202L);
    for (int ex = 0; ex < 600; ex++) {
      int d = 1 + rng.nextInt(4);
      int m = 2 + rng.nextInt(6);
      int k = 2 + rng.nextInt(4);
      double spread = 0.1 * Math.pow(10, -rng.nextInt(8));
      // prompts that differ by about `spread`: R_f far below 2 B ||theta*||
      FiniteDistribution pop = population(d, m, k,
          j -> ((j % (k * d)) * 0.37 % 1 - 0.5 + spread * (rng.nextDouble() - 0.5)) / Math.sqrt(d));
      Features f = pop.prompts();
      Instance inst = randomInstance(rng, pop);
      double[] theta = inst.theta();
      double[] wRef = inst.wRef();
      double beta = inst.beta();
      BigDecimal lo = null;
      BigDecimal hi = null;
      BigDecimal sum = BigDecimal.ZERO;
      BigDecimal sumSq = BigDecimal.ZERO;
      BigDecimal b = new BigDecimal(beta);
      for (int i = 0; i < m; i++) {
        BigDecimal[] lref = logits(f, i, wRef);
        BigDecimal[] r = logits(f, i, theta);
        BigDecimal[] tilted = new BigDecimal[k];
        for (int a = 0; a < k; a++) {
          tilted[a] = lref[a].add(r[a].divide(b, MC), MC);
        }
        BigDecimal v = b.multiply(logSumExp(tilted).subtract(logSumExp(lref), MC), MC);
        sum = sum.add(v, MC);
        sumSq = sumSq.add(v.multiply(v, MC), MC);
        lo = lo == null ? v : lo.min(v);
        hi = hi == null ? v : hi.max(v);
      }
      BigDecimal exact = hi.subtract(lo, MC);
      double rf = Constants.optimalValueRange(inst, pop);
      String where = "example " + ex + " d=" + d + " M=" + m + " K=" + k + " spread=" + spread;
      assertTrue(new BigDecimal(rf).compareTo(exact) >= 0,
          where + ": R_f = " + rf + " below the exact range " + exact.round(new MathContext(20)));
      assertTrue(rf <= exact.doubleValue() + 1e-9, where + ": R_f = " + rf + " far above " + exact);
      BigDecimal mm = BigDecimal.valueOf(m);
      BigDecimal mean = sum.divide(mm, MC);
      BigDecimal var = sumSq.divide(mm, MC).subtract(mean.multiply(mean, MC), MC);
      double vf = Constants.populationValueVariance(inst, pop);
      assertTrue(new BigDecimal(vf).compareTo(var) >= 0,
          where + ": Var bound " + vf + " below the exact variance " + var.round(new MathContext(20)));
      assertTrue(vf <= var.doubleValue() + 1e-9, where + ": Var bound " + vf + " far above " + var);
    }
  }

  /** log sum_a e^{l_a} at 60 digits. */
  private static BigDecimal logSumExp(BigDecimal[] l) {
    BigDecimal mx = l[0];
    for (BigDecimal x : l) {
      mx = mx.max(x);
    }
    BigDecimal z = BigDecimal.ZERO;
    for (BigDecimal x : l) {
      z = z.add(BigRef.expBig(x.subtract(mx), MC), MC);
    }
    return mx.add(BigRef.logBig(z, MC), MC);
  }

  /** Uniform over m prompts of k candidates in dimension d, feature entry j from {@code entry}. */
  private static FiniteDistribution population(int d, int m, int k, IntToDoubleFunction entry) {
    double[] data = new double[m * k * d];
    for (int j = 0; j < data.length; j++) {
      data[j] = entry.applyAsDouble(j);
    }
    return FiniteDistribution.uniform(Features.uniform(data, m, k, d, "features"));
  }

  /** theta* in [-2, 2]^d, w_ref in [-1/2, 1/2]^d, beta in [0.1, 10], feature bound 1. */
  private static Instance randomInstance(SplittableRandom rng, FiniteDistribution pop) {
    int d = pop.prompts().dim();
    double[] theta = new double[d];
    double[] wRef = new double[d];
    for (int j = 0; j < d; j++) {
      theta[j] = rng.nextDouble() * 4 - 2;
      wRef[j] = rng.nextDouble() - 0.5;
    }
    double beta = Math.pow(10, rng.nextDouble() * 2 - 1);
    return Instance.of(beta, theta, wRef, 1.0, pop);
  }

  private static void contains(Enclosure e, BigDecimal exact, String what) {
    assertTrue(e != null, what + ": no enclosure");
    boolean ok =
        new BigDecimal(e.lo()).compareTo(exact) <= 0 && new BigDecimal(e.hi()).compareTo(exact) >= 0;
    assertTrue(ok, what + ": " + e + " does not contain " + exact.round(new MathContext(20)));
  }

  private static double relWidth(Enclosure e, BigDecimal exact) {
    double x = exact.doubleValue();
    if (x < 1e-290) {
      return 0;
    }
    return (e.hi() - e.lo()) / x;
  }

  /** 60-digit logits of prompt i at w (exact products and sums of doubles). */
  private static BigDecimal[] logits(Features f, int i, double[] w) {
    int d = f.dim();
    int k = f.candidates(i);
    BigDecimal[] l = new BigDecimal[k];
    for (int a = 0; a < k; a++) {
      BigDecimal s = BigDecimal.ZERO;
      for (int j = 0; j < d; j++) {
        s = s.add(new BigDecimal(w[j]).multiply(new BigDecimal(f.data()[(f.rowOffset(i) + a) * d + j])));
      }
      l[a] = s;
    }
    return l;
  }

  /** log-softmax at 60 digits. */
  private static BigDecimal[] logSoftmax(BigDecimal[] l) {
    BigDecimal lse = logSumExp(l);
    BigDecimal[] out = new BigDecimal[l.length];
    for (int a = 0; a < l.length; a++) {
      out[a] = l[a].subtract(lse, MC);
    }
    return out;
  }

  static BigDecimal klRef(Features f, int i, double[] w, double[] v) {
    BigDecimal[] lp = logSoftmax(logits(f, i, w));
    BigDecimal[] lq = logSoftmax(logits(f, i, v));
    BigDecimal s = BigDecimal.ZERO;
    for (int a = 0; a < lp.length; a++) {
      s = s.add(BigRef.expBig(lp[a], MC).multiply(lp[a].subtract(lq[a]), MC), MC);
    }
    return s;
  }

  private static BigDecimal valueRef(
      Features f, int i, double[] w, double[] wRef, double[] theta, double beta) {
    BigDecimal[] lp = logSoftmax(logits(f, i, w));
    BigDecimal[] r = logits(f, i, theta);
    BigDecimal er = BigDecimal.ZERO;
    for (int a = 0; a < lp.length; a++) {
      er = er.add(BigRef.expBig(lp[a], MC).multiply(r[a], MC), MC);
    }
    return er.subtract(new BigDecimal(beta).multiply(klRef(f, i, w, wRef), MC), MC);
  }
}
