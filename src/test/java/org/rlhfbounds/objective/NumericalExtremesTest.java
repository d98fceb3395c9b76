package org.rlhfbounds.objective;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rlhfbounds.bounds.BoundResult;
import org.rlhfbounds.bounds.Bounds;
import org.rlhfbounds.bounds.Constants;
import org.rlhfbounds.bounds.Measured;
import org.rlhfbounds.contracts.rounding.BigRef;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.learners.EmpiricalOptimum;
import org.rlhfbounds.learners.Learners;
import org.rlhfbounds.learners.OptimumResult;
import org.rlhfbounds.learners.TrainOptions;
import org.rlhfbounds.learners.TrainResult;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.testkit.Linalg;
import org.rlhfbounds.testkit.Scales;

/**
 * The library at the edges its users reach: feature bound {@code B} up to 1e3, {@code beta} from
 * 1e-6 to 1e6, logits up to {@code +-1e6} (and beyond, at {@code w*}), d up to 4096, K up to 1024,
 * n = 1. Every result is finite and agrees with a high-precision reference, or the input is rejected
 * with an {@link IllegalArgumentException} naming the quantity that leaves the double range.
 *
 * <p>Reference: logits are exact {@link BigDecimal} dot products of the (exact) doubles, the
 * log-softmax is evaluated at 60 digits with {@link BigRef#expBig} and {@link BigRef#logBig};
 * exponents below {@code -CUT} are dropped (their terms are below {@code e^-CUT} relative to the
 * largest term, far below the tolerances). Tolerances are those of {@link Scales}: the code rounds
 * each logit of size {@code Z} before subtracting, an absolute error of about {@code (d + K) u Z}
 * in the log-probabilities, which is the condition of the problem, not slack.
 */
class NumericalExtremesTest {
  private static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);
  private static final BigDecimal CUT = BigDecimal.valueOf(-1500);
  private static final double[] BETAS = {1e-6, 1e-3, 1, 1e3, 1e6};
  private static final double[] BOUNDS = {1e-3, 1, 1e3};

  /** A random instance: m prompts of k candidates in dimension d, features of norm up to b. */
  private static Instance instance(
      SplittableRandom rng, int m, int k, int d, double b, double beta, double thetaNorm,
      double refNorm) {
    double[] data = new double[m * k * d];
    for (int r = 0; r < m * k; r++) {
      double[] phi = direction(rng, d, b * (0.2 + 0.8 * rng.nextDouble()));
      System.arraycopy(phi, 0, data, r * d, d);
    }
    Features f = Features.uniform(data, m, k, d, "features");
    return Instance.of(
        beta, direction(rng, d, thetaNorm), direction(rng, d, refNorm), b,
        FiniteDistribution.uniform(f));
  }

  /** A random vector of the given norm (rounded), never above it by more than rounding. */
  private static double[] direction(SplittableRandom rng, int d, double norm) {
    double[] v = new double[d];
    double s = 0;
    for (int j = 0; j < d; j++) {
      v[j] = rng.nextDouble() * 2 - 1;
      s += v[j] * v[j];
    }
    double scale = norm / Math.sqrt(s) * (1 - 1e-12);
    for (int j = 0; j < d; j++) {
      v[j] *= scale;
    }
    return v;
  }

  private static BigDecimal[] refLogSoftmax(Features f, int i, double[] w) {
    int k = f.candidates(i);
    BigDecimal[] z = NumericalStabilityProperties.exactLogits(f, i, w);
    BigDecimal max = z[0];
    for (int a = 1; a < k; a++) {
      max = z[a].compareTo(max) > 0 ? z[a] : max;
    }
    BigDecimal sum = BigDecimal.ZERO;
    for (int a = 0; a < k; a++) {
      BigDecimal t = z[a].subtract(max, MC);
      if (t.compareTo(CUT) > 0) {
        sum = sum.add(BigRef.expBig(t, MC), MC);
      }
    }
    BigDecimal lse = max.add(BigRef.logBig(sum, MC), MC);
    for (int a = 0; a < k; a++) {
      z[a] = z[a].subtract(lse, MC);
    }
    return z;
  }

  private static BigDecimal expOrZero(BigDecimal t) {
    return t.compareTo(CUT) > 0 ? BigRef.expBig(t, MC) : BigDecimal.ZERO;
  }

  private static double refKl(Features f, int i, double[] w, double[] v) {
    BigDecimal[] lp = refLogSoftmax(f, i, w);
    BigDecimal[] lq = refLogSoftmax(f, i, v);
    BigDecimal s = BigDecimal.ZERO;
    for (int a = 0; a < lp.length; a++) {
      s = s.add(expOrZero(lp[a]).multiply(lp[a].subtract(lq[a], MC), MC), MC);
    }
    return Math.max(s.doubleValue(), 0);
  }

  private static double refValue(Instance inst, Features f, int i, double[] w) {
    BigDecimal[] lp = refLogSoftmax(f, i, w);
    BigDecimal[] lq = refLogSoftmax(f, i, inst.wRef());
    BigDecimal[] r = NumericalStabilityProperties.exactLogits(f, i, inst.theta());
    BigDecimal er = BigDecimal.ZERO;
    BigDecimal kl = BigDecimal.ZERO;
    for (int a = 0; a < lp.length; a++) {
      BigDecimal p = expOrZero(lp[a]);
      er = er.add(p.multiply(r[a], MC), MC);
      kl = kl.add(p.multiply(lp[a].subtract(lq[a], MC), MC), MC);
    }
    return er.subtract(new BigDecimal(inst.beta()).multiply(kl, MC), MC).doubleValue();
  }

  private static void close(double code, double ref, double tol, String what) {
    assertTrue(Double.isFinite(code), what + " not finite: " + code);
    assertTrue(
        Math.abs(code - ref) <= tol,
        what + " = " + code + ", reference " + ref + ", tol " + tol);
  }

  /** Checks value, KL, excess and gradient of every prompt against the reference. */
  private static void checkAgainstReference(Instance inst, double[] w, String where) {
    Objective o = Objective.of(inst);
    FiniteDistribution pop = inst.finiteDistribution();
    Features f = pop.prompts();
    double[] wStar = inst.wStar();
    double[] wRef = inst.wRef();
    int d = inst.dim();
    for (int i = 0; i < f.size(); i++) {
      int k = f.candidates(i);
      String at = where + " prompt " + i;
      double klRef = refKl(f, i, w, wRef);
      double klStar = refKl(f, i, w, wStar);
      close(o.promptValue(f, i, w), refValue(inst, f, i, w),
          Scales.value(inst, k, w, klRef, klStar), "f(w;x) " + at);
      Sample one = Sample.ofIndices(pop, new int[] {i});
      double kl = o.kl(one, w, wStar);
      close(kl, klStar, Scales.kl(inst, k, w, wStar, klStar), "KL(w||w*) " + at);
      double excess = o.excess(one, w);
      assertTrue(Double.isFinite(excess) && excess >= 0, "excess " + excess + " " + at);
      close(excess, inst.beta() * klStar,
          inst.beta() * Scales.kl(inst, k, w, wStar, klStar) + 4 * Linalg.U * excess,
          "excess " + at);
      assertTrue(o.kl(one, w, w) == 0.0 || o.kl(one, w, w) <= Scales.kl(inst, k, w, w, 0),
          "KL(w||w) " + at);
      // gradient: general covariance formula against the closed form beta Sigma (w* - w)
      double[] g = o.gradient(one, w);
      double gTol = Scales.gradient(inst, k, w, klRef);
      double[] gc = o.gradientClosedForm(one, w);
      double diam = Linalg.diameter(f, i);
      double cTol = inst.beta() * Linalg.norm(Linalg.minus(wStar, w))
          * Scales.covariance(inst, k, w, diam) * Math.sqrt(d);
      for (int j = 0; j < d; j++) {
        assertTrue(Double.isFinite(g[j]), "gradient " + at);
        assertTrue(Math.abs(g[j] - gc[j]) <= gTol + cTol,
            "gradient[" + j + "] " + g[j] + " vs closed form " + gc[j] + " tol " + (gTol + cTol)
                + " " + at);
      }
    }
  }

  @Test
  void smallCasesMatchTheReferenceAcrossScales() {
    SplittableRandom rng = new SplittableRandom(0xE7_2026L);
    int cases = 0;
    for (double beta : BETAS) {
      for (double b : BOUNDS) {
        for (int rep = 0; rep < 3; rep++) {
          int d = 2 + rng.nextInt(3);
          int k = 2 + rng.nextInt(4);
          // logits up to 1e6 at w, w_ref: ||w|| = 1e6 / B
          double wNorm = Math.pow(10, rng.nextInt(7)) / b;
          double thetaNorm = Math.min(1e3, 1e6 / b) * rng.nextDouble();
          Instance inst = instance(rng, 2, k, d, b, beta, thetaNorm, wNorm * rng.nextDouble());
          double[] w = direction(rng, d, wNorm);
          String where = "beta=" + beta + " B=" + b + " |w|=" + wNorm + " d=" + d + " K=" + k;
          checkAgainstReference(inst, w, where);
          checkAgainstReference(inst, inst.wStar(), where + " at w*");
          cases++;
        }
      }
    }
    assertTrue(cases == BETAS.length * BOUNDS.length * 3);
  }

  @Test
  void manyCandidatesAndLargeDimension() {
    SplittableRandom rng = new SplittableRandom(0xE7_1024L);
    // K = 1024, one prompt, logits up to 1e6
    Instance wide = instance(rng, 1, 1024, 6, 1e3, 1e-2, 1e3, 1e3);
    checkAgainstReference(wide, direction(rng, 6, 1e3), "K=1024");
    // d = 4096, two prompts (checked against the closed forms, reference on one prompt)
    Instance deep = instance(rng, 2, 3, 4096, 1e3, 1e6, 1e3, 1e3);
    checkAgainstReference(deep, direction(rng, 4096, 1e3), "d=4096");
  }

  @Test
  void learnersAndBoundsAtTheExtremes() {
    SplittableRandom rng = new SplittableRandom(0xE7_0B0DL);
    int checked = 0;
    for (double beta : BETAS) {
      for (double b : new double[] {1e-3, 1e3}) {
        int d = 2 + rng.nextInt(2);
        Instance inst = instance(rng, 3, 3, d, b, beta, Math.min(1e3, 1e3 / b), 1e3 / b);
        FiniteDistribution pop = inst.finiteDistribution();
        Sample s = Sample.ofIndices(pop, new int[] {rng.nextInt(3)});
        Objective o = Objective.of(inst);
        String where = "beta=" + beta + " B=" + b + " d=" + d;
        double[] w0 = inst.wRef();
        // exact optimum: finite, certified, F_S there at least F_S(w0) up to rounding
        OptimumResult opt = EmpiricalOptimum.exact(o, s, w0);
        for (double x : opt.w()) {
          assertTrue(Double.isFinite(x), "exact optimum not finite at " + where);
        }
        assertTrue(opt.converged(), opt.reason() + " at " + where);
        double fw0 = o.value(s, w0);
        double fOpt = o.value(s, opt.w());
        double vTol = Scales.value(inst, 3, opt.w(), 0, 0) + Scales.value(inst, 3, w0, 0, 0)
            + 1e-9 * (Math.abs(fw0) + Math.abs(fOpt));
        assertTrue(fOpt >= fw0 - vTol, "F_S(opt) " + fOpt + " < F_S(w0) " + fw0 + " " + where);
        // GA and SGA, a few steps with the default steps: finite iterates, F_S does not decrease
        for (Algorithm alg : new Algorithm[] {Algorithm.GA, Algorithm.SGA}) {
          TrainResult tr = Learners.train(inst, s, TrainOptions.of(alg).steps(5).start(w0).seed(7));
          double[] wT = tr.finalIterate();
          for (double x : wT) {
            assertTrue(Double.isFinite(x), alg + " iterate not finite at " + where);
          }
          double fT = o.value(s, wT);
          double tTol = vTol + Scales.value(inst, 3, wT, 0, 0);
          assertTrue(fT >= fw0 - tTol, alg + " F_S " + fT + " < start " + fw0 + " " + where);
          Bounds.Run run = alg == Algorithm.GA
              ? Bounds.Run.ga(5, 0.05, w0, null)
              : Bounds.Run.sga(5, 0.05, w0, null);
          double gn = EmpiricalOptimum.gradientNorm(o, s, wT);
          Measured m;
          try {
            m = Measured.at(inst, s, wT, gn);
          } catch (RuntimeException e) {
            throw new AssertionError("Measured.at failed at " + where + " " + alg, e);
          }
          List<BoundResult> results = Bounds.evaluate(inst, s, run, m);
          assertFalse(results.isEmpty());
          for (BoundResult r : results) {
            Double v = r.value();
            if (v == null) {
              assertFalse(r.applicable() && r.failedAssumptions().isEmpty(),
                  r.key() + " applicable without a value at " + where);
              continue;
            }
            checked++;
            assertTrue(Double.isFinite(v) && v >= 0, r.key() + " = " + v + " at " + where);
            assertFalse(r.belowMeasured(),
                r.key() + " = " + v + " below measured " + r.measured() + " at " + where);
          }
        }
      }
    }
    assertTrue(checked > 20, "too few bounds checked: " + checked);
  }

  /**
   * The constants the bounds are built from stay rounded up at the extreme scales: {@code L(D) =
   * beta B^2 (1 + 2 B D)} and {@code lambdaBar = beta diam^2 / 4} against their exact values in
   * BigDecimal (every double is an exact decimal), and the feature diameter of a random block
   * against its exact square in BigDecimal.
   */
  @Test
  void boundConstantsStayRoundedUp() {
    SplittableRandom rng = new SplittableRandom(0xE7_0D0DL);
    for (double beta : BETAS) {
      for (double b : BOUNDS) {
        for (int rep = 0; rep < 20; rep++) {
          double bb = b * (0.5 + rng.nextDouble());
          double radius = Math.pow(10, -6 + 18 * rng.nextDouble());
          double l = Constants.smoothness(
              Reals.positive(beta, "beta"), Reals.positive(bb, "B"),
              Reals.nonNegative(radius, "D"));
          BigDecimal bB = new BigDecimal(bb);
          BigDecimal exact = new BigDecimal(beta).multiply(bB).multiply(bB)
              .multiply(BigDecimal.ONE.add(BigDecimal.valueOf(2).multiply(bB)
                  .multiply(new BigDecimal(radius))));
          assertTrue(new BigDecimal(l).compareTo(exact) >= 0,
              "L(D) = " + l + " below " + exact.round(MC) + " at beta=" + beta + " B=" + bb);
          double lb = Constants.curvatureCeiling(
              Reals.positive(beta, "beta"), Reals.nonNegative(2 * bb, "diam"));
          BigDecimal lbExact = new BigDecimal(beta).multiply(bB).multiply(bB);
          assertTrue(new BigDecimal(lb).compareTo(lbExact) >= 0,
              "lambdaBar = " + lb + " below " + lbExact.round(MC));
        }
        Instance inst = instance(rng, 2, 4, 3, b, beta, 1, 1);
        Features f = inst.finiteDistribution().prompts();
        double diam = Constants.featureDiameter(f);
        BigDecimal maxSq = BigDecimal.ZERO;
        for (int i = 0; i < f.size(); i++) {
          for (int a = 0; a < f.candidates(i); a++) {
            for (int c = 0; c < f.candidates(i); c++) {
              double[] pa = Linalg.feature(f, i, a);
              double[] pc = Linalg.feature(f, i, c);
              BigDecimal sq = BigDecimal.ZERO;
              for (int j = 0; j < pa.length; j++) {
                BigDecimal e = new BigDecimal(pa[j]).subtract(new BigDecimal(pc[j]));
                sq = sq.add(e.multiply(e));
              }
              maxSq = maxSq.max(sq);
            }
          }
        }
        BigDecimal dd = new BigDecimal(diam);
        assertTrue(dd.multiply(dd).compareTo(maxSq) >= 0,
            "diam = " + diam + " below the exact " + maxSq.sqrt(MC) + " at B=" + b);
      }
    }
  }

  /** Expects an IllegalArgumentException whose message names {@code quantity}. */
  private static void rejects(String quantity, Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e, quantity);
    assertTrue(x.getMessage().contains(quantity),
        "message should name " + quantity + ": " + x.getMessage());
  }

  @Test
  void derivedQuantitiesOutsideTheDoubleRangeAreRejected() {
    SplittableRandom rng = new SplittableRandom(0xE7_0FL);
    // w* = w_ref + theta / beta overflows: beta = 1e-6, ||theta|| = 1e305
    Instance over = instance(rng, 2, 3, 3, 1e3, 1e-6, 1e305, 1);
    rejects("wStar", over::wStar);
    rejects("wStar", () -> Objective.of(over));
    rejects("wStar", () -> Learners.train(over, Sample.ofIndices(over.finiteDistribution(),
        new int[] {0}), TrainOptions.of(Algorithm.GA).steps(2)));
    // w* finite, but its logits (and r*/beta) overflow: beta = 1e-6, ||theta|| = 1e301
    Instance hot = instance(rng, 2, 3, 3, 1e3, 1e-6, 1e301, 1);
    Objective o = Objective.of(hot);
    FiniteDistribution pop = hot.finiteDistribution();
    double[] w = hot.wRef();
    rejects("F(w*)", () -> o.gibbsValue(pop));
    rejects("KL", () -> o.excess(pop, w));
    // logits of w overflow: ||w|| = 1e308, B = 1e3
    Instance plain = instance(rng, 2, 3, 3, 1e3, 1, 1, 1);
    Objective p = Objective.of(plain);
    FiniteDistribution pp = plain.finiteDistribution();
    double[] huge = direction(rng, 3, 1e308);
    rejects("F(w)", () -> p.value(pp, huge));
    rejects("gradient", () -> p.gradient(pp, huge));
    rejects("KL", () -> p.kl(pp, huge, plain.wRef()));
    rejects("f(w;x)", () -> p.promptValue(pp.prompts(), 0, huge));
    rejects("probabilities", () -> p.probabilities(pp.prompts(), 0, huge));
    rejects("Sigma", () -> p.covariance(pp, huge));
    rejects("Sigma v", () -> p.covarianceApply(pp, huge, plain.wRef()));
    // beta = 1e6 and logits of 1e303: the excess stays finite, at most beta 2 B ||w*|| (KL(pi_w ||
    // pi_w*) <= -log min_a pi_w*(a) <= the logit range of w*, 2 B ||w*||)
    Instance heavy = instance(rng, 2, 3, 3, 1e3, 1e6, 1, 1);
    Objective q = Objective.of(heavy);
    double[] far = direction(rng, 3, 1e300);
    double ex = q.excess(heavy.finiteDistribution(), far);
    assertTrue(Double.isFinite(ex) && ex >= 0 && ex <= 1e6 * 2e3 * Linalg.norm(heavy.wStar()) * (1 + 1e-9),
        "excess " + ex);
  }
}
