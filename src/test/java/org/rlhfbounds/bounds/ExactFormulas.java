package org.rlhfbounds.bounds;

import static org.rlhfbounds.bounds.BigMath.add;
import static org.rlhfbounds.bounds.BigMath.bd;
import static org.rlhfbounds.bounds.BigMath.div;
import static org.rlhfbounds.bounds.BigMath.exp;
import static org.rlhfbounds.bounds.BigMath.ln;
import static org.rlhfbounds.bounds.BigMath.max;
import static org.rlhfbounds.bounds.BigMath.min;
import static org.rlhfbounds.bounds.BigMath.mul;
import static org.rlhfbounds.bounds.BigMath.pow;
import static org.rlhfbounds.bounds.BigMath.sqrt;
import static org.rlhfbounds.bounds.BigMath.sub;

import java.math.BigDecimal;
import org.rlhfbounds.learners.Algorithm;

/**
 * The formulas of the theorems of {@link TheoremRegistry}, re-evaluated in {@link BigMath} from the same {@link
 * BoundInputs} (an independent re-implementation written from proofs/*.md, not from the code):
 * the real value of each theorem's formula at its inputs. Lower-bound ingredients that the code
 * rounds down (the curvature c, the rate a of T-SGA-SEED) enter at their exact values, except
 * where a formula is not monotone in them (a in T-SGA-SEED), where the recorded value is used and
 * checked separately to be a lower bound of the exact one.
 */
final class ExactFormulas {
  private ExactFormulas() {}

  static final BigDecimal ZERO = BigDecimal.ZERO;
  static final BigDecimal ONE = BigDecimal.ONE;
  static final BigDecimal TWO = BigDecimal.valueOf(2);
  static final BigDecimal FOUR = BigDecimal.valueOf(4);
  static final BigDecimal EIGHT = BigDecimal.valueOf(8);

  /**
   * LEMMA-K item 5: half the range times sqrt(2 ln(2/delta) / n), the range being 2 B ||theta*||,
   * or R_f when the finite population's range is known and smaller.
   */
  static BigDecimal hoeffding(BoundInputs in) {
    BigDecimal lg = ln(div(TWO, bd(in.delta())));
    BigDecimal h = mul(div(range(in), TWO), sqrt(div(mul(TWO, lg), bd(in.n()))));
    Double var = in.populationVariance();
    if (var != null && in.optimalValueRange() != null) { // Bernstein with the population variance
      BigDecimal root = sqrt(div(mul(TWO, mul(bd(var), lg)), bd(in.n())));
      h = min(h, add(root, div(mul(range(in), lg), bd(3L * in.n()))));
    }
    return h;
  }

  /** The range of f(w*; .): min(R_f, 2 B ||theta*||), or 2 B ||theta*|| when R_f is unknown. */
  static BigDecimal range(BoundInputs in) {
    BigDecimal full = mul(TWO, mul(bd(in.bound()), bd(in.thetaNorm())));
    Double rf = in.optimalValueRange();
    return rf == null ? full : min(full, bd(rf));
  }

  static BigDecimal lambdaBar(BoundInputs in) {
    return div(mul(bd(in.beta()), mul(bd(in.diameter()), bd(in.diameter()))), FOUR);
  }

  static BigDecimal upper(BoundInputs in, BigDecimal r) {
    return div(mul(mul(bd(in.beta()), mul(bd(in.diameter()), bd(in.diameter()))), mul(r, r)), EIGHT);
  }

  static BigDecimal lower(BoundInputs in, BigDecimal r, BigDecimal p, BigDecimal eps) {
    BigDecimal s = add(mul(bd(in.diameter()), r), mul(p, sqrt(eps)));
    return div(mul(bd(in.beta()), mul(s, s)), EIGHT);
  }

  static BigDecimal eps(BoundInputs in, double p) {
    Double e = in.epsN();
    return in.kernelDim() > 0 && p > 0 && e != null ? bd(e) : ZERO;
  }

  static BigDecimal curvature(BoundInputs in, double radius, double kappa) {
    return mul(mul(bd(in.beta()), exp(mul(bd(in.diameter()), bd(radius)).negate())), bd(kappa));
  }

  static BigDecimal ceiling(BoundInputs in) {
    BigDecimal pop = div(mul(bd(in.diameter()), bd(in.diameter())), FOUR);
    BigDecimal tr = mul(exp(mul(bd(in.diameter()), bd(in.dPerp()))), bd(in.lambdaMaxUpper()));
    return min(pop, tr);
  }

  static boolean covered(BoundInputs in) {
    return in.kernelDim() < in.dim();
  }

  static BigDecimal opt(BoundInputs in, double g, double radius, double p) {
    BigDecimal r = ZERO;
    if (covered(in)) {
      BigDecimal num = mul(bd(g), exp(mul(bd(in.diameter()), bd(radius))));
      r = min(bd(radius), div(num, mul(bd(in.beta()), bd(in.kappaPlus()))));
    }
    BigDecimal e = eps(in, p);
    return add(hoeffding(in), max(upper(in, r), lower(in, r, bd(p), e)));
  }

  /** r_T of T-GA-SHARP. */
  static BigDecimal gaRadius(BoundInputs in, double eta, int steps) {
    if (!covered(in)) {
      return ZERO;
    }
    BigDecimal c = curvature(in, in.dPerp(), in.kappaPlus());
    BigDecimal rho = max(ZERO, sub(ONE, mul(bd(eta), c)));
    BigDecimal rhoT = pow(rho, steps);
    BigDecimal k = div(mul(bd(in.beta()), ceiling(in)), c);
    return min(bd(in.dPerp()), mul(mul(k, rhoT), bd(in.dPerp())));
  }

  static BigDecimal gaSharp(BoundInputs in, double eta, int steps) {
    BigDecimal r = gaRadius(in, eta, steps);
    BigDecimal e = eps(in, in.pKernel());
    return add(hoeffding(in), max(upper(in, r), lower(in, r, bd(in.pKernel()), e)));
  }

  /**
   * T-HP-EB (proofs/T-HP-EB.md): E + max(upper, lower) at the radius of T-GA-SHARP, with E =
   * sqrt(2 V ln(4/delta) / n) + 7 R ln(4/delta) / (3 (n - 1)), R = {@link #range}.
   */
  static BigDecimal gaSharpEb(BoundInputs in, double eta, int steps, BoundResult res) {
    BigDecimal r = gaRadius(in, eta, steps);
    if (res.constants().containsKey("rAdapt")) { // T-GA-ADAPT's radius, checked by its own formula
      r = min(r, bd(res.constant("rAdapt")));
    }
    BigDecimal e = eps(in, in.pKernel());
    return add(empiricalBernstein(in), max(upper(in, r), lower(in, r, bd(in.pKernel()), e)));
  }

  static BigDecimal empiricalBernstein(BoundInputs in) {
    BigDecimal lg = ln(div(FOUR, bd(in.delta())));
    BigDecimal range = range(in);
    BigDecimal v = bd(java.util.Objects.requireNonNull(in.optimalValueVariance()));
    BigDecimal root = sqrt(div(mul(TWO, mul(v, lg)), bd(in.n())));
    BigDecimal tail = div(mul(BigDecimal.valueOf(7), mul(range, lg)), bd(3L * (in.n() - 1)));
    return add(root, tail);
  }

  static BigDecimal gaSharpOpt(BoundInputs in, double eta, int steps) {
    return upper(in, gaRadius(in, eta, steps));
  }

  static BigDecimal gaSharpExcess(BoundInputs in, double eta, int steps) {
    return lower(in, gaRadius(in, eta, steps), bd(in.pKernel()), eps(in, in.pKernel()));
  }

  static BigDecimal initialGap(BoundInputs in) {
    BigDecimal bound = upper(in, bd(in.dPerp()));
    Double g = in.initialGap();
    return g == null ? bound : min(bd(g), bound);
  }

  static BigDecimal gaC1(BoundInputs in, double eta) {
    if (!covered(in)) {
      return ZERO;
    }
    BigDecimal c = curvature(in, in.dPerp(), in.kappaPlus());
    BigDecimal num = mul(mul(bd(in.beta()), mul(bd(in.diameter()), bd(in.diameter()))), initialGap(in));
    return div(num, mul(mul(FOUR, bd(eta)), mul(c, c)));
  }

  /** Q = min(D0, p) without leakage and rounding (proofs/LEMMA-DRIFT.md). */
  static BigDecimal q(BoundInputs in) {
    return min(bd(in.d0()), bd(in.pKernel()));
  }

  /** beta y (2 diam a + y) / 8: the extra term of the seed forms (LemmaK#seedTail). */
  static BigDecimal extra(BoundInputs in, BigDecimal a, BigDecimal y) {
    return div(mul(bd(in.beta()), mul(y, add(mul(TWO, mul(bd(in.diameter()), a)), y))), EIGHT);
  }

  static BigDecimal gaSeed(BoundInputs in, double eta, int steps) {
    BigDecimal c1 = gaC1(in, eta);
    BigDecimal tq = pow(bd(steps), -0.25);
    BigDecimal a = ZERO;
    if (covered(in)) {
      BigDecimal c = curvature(in, in.dPerp(), in.kappaPlus());
      a = sqrt(div(mul(TWO, initialGap(in)), mul(mul(bd(eta), bd(steps)), mul(c, c))));
    }
    BigDecimal y = mul(q(in), sqrt(eps(in, in.pKernel())));
    return add(add(hoeffding(in), mul(c1, tq)), extra(in, a, y));
  }

  static BigDecimal gaSeedOpt(BoundInputs in, double eta, int steps) {
    return mul(gaC1(in, eta), pow(bd(steps), -0.25));
  }

  /** P_T = prod (1 - (2 - eta_t lambdaBar) eta_t c). */
  static BigDecimal sgaProduct(BoundInputs in, double smooth, BigDecimal c, int steps) {
    BigDecimal lb = lambdaBar(in);
    BigDecimal p = ONE;
    for (int t = 1; t <= steps; t++) {
      BigDecimal eta = div(ONE, mul(mul(TWO, bd(smooth)), sqrt(bd(t))));
      BigDecimal q = mul(mul(sub(TWO, mul(eta, lb)), eta), c);
      p = mul(p, sub(ONE, q));
    }
    return p;
  }

  /** R2 of T-SGA-SHARP. */
  static BigDecimal sgaR2(BoundInputs in, double smooth, int steps) {
    if (!covered(in)) {
      return ZERO;
    }
    BigDecimal c = curvature(in, in.dPerp(), in.kappaPlus());
    BigDecimal d2 = mul(bd(in.dPerp()), bd(in.dPerp()));
    BigDecimal k = div(mul(bd(in.beta()), ceiling(in)), c);
    return min(d2, mul(mul(mul(k, k), sgaProduct(in, smooth, c, steps)), d2));
  }

  static BigDecimal sgaSharp(BoundInputs in, double smooth, int steps) {
    return sgaSharpFromR2(in, sgaR2(in, smooth, steps));
  }

  static BigDecimal sgaSharpFromR2(BoundInputs in, BigDecimal r2) {
    BigDecimal r = sqrt(r2);
    BigDecimal e = eps(in, in.pKernel());
    return add(hoeffding(in), max(upper(in, r), lower(in, r, bd(in.pKernel()), e)));
  }

  static BigDecimal sgaSharpOpt(BoundInputs in, BigDecimal r2) {
    return div(mul(mul(bd(in.beta()), mul(bd(in.diameter()), bd(in.diameter()))), r2), EIGHT);
  }

  static BigDecimal sgaSharpExcess(BoundInputs in, BigDecimal r2) {
    return lower(in, sqrt(r2), bd(in.pKernel()), eps(in, in.pKernel()));
  }

  /** The exact rate a = (2 - lambdaBar/(2L)) c / L. */
  static BigDecimal sgaRate(BoundInputs in, double smooth) {
    BigDecimal c = curvature(in, in.dPerp(), in.kappaPlus());
    BigDecimal fac = sub(TWO, div(lambdaBar(in), mul(TWO, bd(smooth))));
    return div(mul(fac, c), bd(smooth));
  }

  /** c1 of T-SGA-SEED with the recorded rate a (a lower bound of the exact rate). */
  static BigDecimal sgaC1(BoundInputs in, double a) {
    if (!covered(in)) {
      return ZERO;
    }
    BigDecimal c = curvature(in, in.dPerp(), in.kappaPlus());
    BigDecimal k = div(mul(bd(in.beta()), ceiling(in)), c);
    BigDecimal g = mul(exp(bd(a)), pow(mul(mul(FOUR, bd(a)), BigMath.E), -0.25));
    BigDecimal kd = mul(mul(k, k), mul(bd(in.dPerp()), bd(in.dPerp())));
    return div(mul(mul(bd(in.beta()), mul(bd(in.diameter()), bd(in.diameter()))), mul(kd, g)), EIGHT);
  }

  static BigDecimal sgaSeed(BoundInputs in, double a, int steps) {
    BigDecimal c1 = sgaC1(in, a);
    BigDecimal tq = pow(bd(steps), -0.125);
    BigDecimal x = ZERO;
    if (covered(in)) {
      BigDecimal c = curvature(in, in.dPerp(), in.kappaPlus());
      BigDecimal k = div(mul(bd(in.beta()), ceiling(in)), c);
      BigDecimal g = mul(exp(bd(a)), pow(mul(mul(FOUR, bd(a)), BigMath.E), -0.25));
      x = mul(mul(mul(k, bd(in.dPerp())), sqrt(g)), pow(bd(steps), -0.0625));
    }
    BigDecimal z = mul(q(in), sqrt(eps(in, in.pKernel())));
    return add(add(hoeffding(in), mul(c1, tq)), extra(in, x, z));
  }

  static BigDecimal sgaSeedOpt(BoundInputs in, double a, int steps) {
    return mul(sgaC1(in, a), pow(bd(steps), -0.125));
  }

  static BigDecimal residual(BoundInputs in) {
    return add(hoeffding(in), residualExcess(in));
  }

  static BigDecimal residualExcess(BoundInputs in) {
    BigDecimal p = bd(in.pKernel());
    return div(mul(bd(in.beta()), mul(mul(p, p), eps(in, in.pKernel()))), EIGHT);
  }

  static BigDecimal residualExpectation(BoundInputs in) {
    return div(mul(mul(bd(in.diameter()), bd(in.diameter())), bd(in.rank())), bd(in.n() + 1L));
  }

  static BigDecimal gamma(BoundInputs in, Algorithm alg, double step, int steps) {
    BigDecimal diam2 = mul(bd(in.diameter()), bd(in.diameter()));
    BigDecimal cu = curvature(in, in.d0(), in.kappaUniform());
    BigDecimal d0 = bd(in.d0());
    if (alg == Algorithm.GA) {
      BigDecimal r = d0;
      if (cu.signum() > 0) {
        BigDecimal rho = max(ZERO, sub(ONE, mul(bd(step), cu)));
        r = min(d0, mul(mul(div(lambdaBar(in), cu), pow(rho, steps)), d0));
      }
      return div(mul(mul(bd(in.beta()), diam2), mul(r, r)), EIGHT);
    }
    BigDecimal r2 = mul(d0, d0);
    if (cu.signum() > 0) {
      BigDecimal k = div(lambdaBar(in), cu);
      r2 = min(r2, mul(mul(mul(k, k), sgaProduct(in, step, cu, steps)), mul(d0, d0)));
    }
    return div(mul(mul(bd(in.beta()), diam2), r2), FOUR);
  }

  static BigDecimal mcdiarmid(BoundInputs in, BigDecimal gamma) {
    BigDecimal m = add(mul(mul(TWO, bd(in.bound())), bd(in.thetaNorm())), gamma);
    BigDecimal root = sqrt(div(ln(div(TWO, bd(in.delta()))), mul(TWO, bd(in.n()))));
    BigDecimal coef = add(mul(bd(2L * in.n() - 1), gamma), m);
    return add(gamma, mul(coef, root));
  }

  /** phi(x) = int_0^1 t e^{tx} dt of T-GA-ADAPT, for x >= 0. */
  static BigDecimal adaptPhi(BigDecimal x) {
    if (x.compareTo(ONE) >= 0) {
      return div(add(ONE, mul(sub(x, ONE), exp(x))), mul(x, x));
    }
    BigDecimal term = ONE; // x^k / k!
    BigDecimal sum = div(ONE, TWO);
    for (int k = 1; k <= 80; k++) {
      term = div(mul(term, x), bd(k));
      sum = add(sum, div(term, bd(k + 2)));
    }
    return sum;
  }

  /**
   * The radius r of T-GA-ADAPT (exact kernel, no rounding model): the recursion D_{t+1} =
   * min(Dbar, max(0, 1 - eta beta e^{-diam D_t} kappa+) D_t) from min(D_perp, Dbar), Dbar =
   * min(D0, D_perp); then, when the code used a root rhat (recorded as selectionRoot), the check
   * h(rhat) > y at the exact y, and r = min(rhat, D_0), else D_0 (the sequence does not increase).
   */
  static BigDecimal adaptRadius(BoundInputs in, double eta, int steps, BoundResult res) {
    if (!covered(in)) {
      return ZERO;
    }
    BigDecimal d0 = min(bd(in.dPerp()), min(bd(in.d0()), bd(in.dPerp())));
    BigDecimal d = adaptRadiusT(in, eta, steps);
    BigDecimal diam = bd(in.diameter());
    Double root = res.constants().get("selectionRoot");
    if (root == null) {
      return d0;
    }
    BigDecimal lambdaT = in.lambdaMaxUpper() == 0 ? ZERO
        : min(div(mul(diam, diam), FOUR), mul(exp(mul(diam, d)), bd(in.lambdaMaxUpper())));
    BigDecimal y = div(mul(lambdaT, d), bd(in.kappaPlus()));
    BigDecimal h = mul(bd(root), exp(mul(diam, bd(root)).negate()));
    if (h.compareTo(y) <= 0) {
      throw new AssertionError("T-GA-ADAPT: h(rhat) = " + h + " <= y = " + y + " at " + in);
    }
    return min(bd(root), d0);
  }

  /** D_T of T-GA-ADAPT (exact kernel, no rounding model; covered inputs). */
  static BigDecimal adaptRadiusT(BoundInputs in, double eta, int steps) {
    BigDecimal dbar = min(bd(in.d0()), bd(in.dPerp()));
    BigDecimal d = min(bd(in.dPerp()), dbar);
    BigDecimal a = mul(bd(eta), mul(bd(in.beta()), bd(in.kappaPlus())));
    BigDecimal diam = bd(in.diameter());
    for (int t = 0; t < steps; t++) {
      BigDecimal rho = max(ZERO, sub(ONE, mul(a, exp(mul(diam, d).negate()))));
      d = min(dbar, mul(rho, d));
    }
    return d;
  }

  static BigDecimal gaAdaptOpt(BoundInputs in, double eta, int steps, BoundResult res) {
    BigDecimal r = adaptRadius(in, eta, steps, res);
    BigDecimal x = mul(bd(in.diameter()), r);
    BigDecimal s = mul(sqrt(bd(in.lambdaMaxUpper())), r);
    BigDecimal local = mul(bd(in.beta()), mul(adaptPhi(x), mul(s, s)));
    BigDecimal value = min(local, upper(in, r));
    if (covered(in) && in.leakage() == 0) { // the gradient core phi(X) G^2 / (beta kappa+ e^{-2 diam r})
      BigDecimal d = adaptRadiusT(in, eta, steps);
      BigDecimal diam = bd(in.diameter());
      BigDecimal lambdaT = in.lambdaMaxUpper() == 0 ? ZERO
          : min(div(mul(diam, diam), FOUR), mul(exp(mul(diam, d)), bd(in.lambdaMaxUpper())));
      BigDecimal g = mul(bd(in.beta()), mul(lambdaT, d));
      BigDecimal den = mul(bd(in.beta()),
          mul(bd(in.kappaPlus()), exp(mul(TWO, mul(diam, r)).negate())));
      value = min(value, div(mul(adaptPhi(x), mul(g, g)), den));
    }
    if (res.constants().containsKey("descentCap")) { // eta L_S <= 1: the cap Delta0 (xi = 0)
      BigDecimal l = mul(bd(eta), mul(lambdaBar(in), add(ONE, mul(bd(in.diameter()),
          min(bd(in.d0()), bd(in.dPerp()))))));
      if (l.compareTo(ONE) > 0) {
        throw new AssertionError("T-GA-ADAPT: descent cap used with eta L_S = " + l + " > 1");
      }
      value = min(value, initialGap(in));
    }
    return value;
  }

  static BigDecimal gaAdaptExcess(BoundInputs in, double eta, int steps, BoundResult res) {
    BigDecimal r = adaptRadius(in, eta, steps, res);
    return lower(in, r, bd(in.pKernel()), eps(in, in.pKernel()));
  }
}
