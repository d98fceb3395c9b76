package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.bounds.BoundCases.At;
import org.rlhfbounds.bounds.BoundCases.Case;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * Properties of T-RES and T-RES-EXP (proofs/T-RES.md, proofs/T-RES-EXP.md).
 */
class ResidualProperties {
  /**
   * T-RES, deterministic parts, on every example: at the GA limit {@code w_inf = w* + P_N(w0 -
   * w*)}, {@code -beta p^2 eps_n / 8 <= gen_S(w_inf) - mid <= 0} and {@code F(w*) - F(w_inf) <=
   * beta p^2 eps_n / 8}; and GA itself approaches w_inf (its N-component never moves).
   */
  @Test
  void limitOfGaHasTheResidualBound() {
    AtomicInteger withKernel = new AtomicInteger();
    BoundGens.qt(0x6A01L)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              Case c = BoundCases.random(seed, 0, false);
              Objective o = Objective.of(c.inst());
              double[] wStar = c.inst().wStar();
              BoundInputs in = Bounds.inputs(c.inst(), c.sample(), c.w0(), 0.05);
              CoveredSubspace cov = CoveredSubspace.of(o, c.sample());
              double[] k = cov.kernelPart(BoundCases.minus(c.w0(), wStar));
              double[] wInf = wStar.clone();
              for (int j = 0; j < k.length; j++) {
                wInf[j] += k[j];
              }
              At at = BoundCases.measure(o, c, cov, wInf);
              double tol = BoundCases.tolerance(c, wInf);
              BoundResult gap = ResidualTheorem.gap(in);
              BoundResult exc = ResidualTheorem.excess(in);
              assertTrue(gap.applicable() && exc.applicable(), () -> gap + " " + exc);
              double dev = at.gen() - at.mid();
              double core = exc.requireValue();
              assertTrue(dev <= tol, () -> "gen - mid = " + dev + " > 0 at w_inf " + c);
              assertTrue(-dev <= core + tol,
                  () -> "gen - mid = " + dev + " < -beta p^2 eps / 8 = -" + core + " " + c + in);
              assertTrue(at.excess() <= core + tol,
                  () -> "excess " + at.excess() + " > " + core + " " + c + " " + in);
              if (in.kernelDim() > 0) {
                withKernel.incrementAndGet();
              }
            });
    System.out.println("T-RES: " + withKernel.get() + " of 1000 examples had N_S != {0}");
  }

  /** m_N(x)^2 = max_{a,b} ||P_N (phi_a - phi_b)||^2 for prompt i of a block. */
  static double m2(Features f, int i, CoveredSubspace cov) {
    int d = f.dim();
    double[] data = f.data();
    int row0 = f.rowOffset(i);
    double worst = 0;
    double[] diff = new double[d];
    for (int a = 0; a < f.candidates(i); a++) {
      for (int b = a + 1; b < f.candidates(i); b++) {
        for (int j = 0; j < d; j++) {
          diff[j] = data[(row0 + a) * d + j] - data[(row0 + b) * d + j];
        }
        double nn = BoundCases.norm(cov.kernelPart(diff));
        worst = Math.max(worst, nn * nn);
      }
    }
    return worst;
  }

  /**
   * The counting step of T-RES-EXP, deterministic, on every example: for any n + 1 prompts
   * {@code x_1..x_{n+1}}, {@code sum_j m_{N_{-j}}(x_j)^2 <= r diam^2}, where {@code N_{-j}} is the
   * kernel of the other n prompts (at most r prompts are essential). Averaging it over the
   * exchangeable draw gives {@code E eps_n(S) <= r diam^2 / (n + 1)}.
   */
  @Test
  void atMostRankPromptsAreEssential() {
    BoundGens.qt(0x6A02L)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              Case c = BoundCases.random(seed, 0, false);
              Objective o = Objective.of(c.inst());
              double[] wStar = c.inst().wStar();
              FiniteDistribution pop = c.pop();
              int n = c.sample().size();
              SplittableRandom r = new SplittableRandom(seed);
              int[] idx = pop.sampleIndices(n + 1, r);
              Features all = pop.prompts().select(idx);
              double diam = Constants.featureDiameter(pop.prompts());
              double sum = 0;
              for (int j = 0; j <= n; j++) {
                int[] others = new int[n];
                for (int q = 0, p = 0; q <= n; q++) {
                  if (q != j) {
                    others[p++] = idx[q];
                  }
                }
                Sample rest = Sample.ofIndices(pop, others);
                CoveredSubspace cov = CoveredSubspace.of(o, rest);
                sum += m2(all, j, cov);
              }
              int rank = Constants.differenceRank(o, pop);
              double bound = rank * diam * diam;
              final double s = sum;
              assertTrue(s <= bound * (1 + 1e-9) + 1e-12,
                  () -> "sum of essential residuals " + s + " > r diam^2 = " + bound + " " + c);
            });
  }

  /**
   * T-RES-EXP in expectation: on 40 populations with few prompts per dimension (sparse, deficient
   * and sphere families), the mean of eps_n(S) over R = 400 samples stays below {@code diam^2 r /
   * (n + 1)} plus the one-sided Hoeffding margin {@code diam^2 sqrt(ln(J / alpha) / (2R))}
   * (eps_n lies in [0, diam^2]; Bonferroni over J = 40 populations, alpha = 10^-3).
   */
  @Test
  void expectedResidualIsBelowTheBound() {
    int pops = 40;
    int draws = 400;
    double alpha = 1e-3;
    double z = Math.sqrt(Math.log(pops / alpha) / (2.0 * draws));
    Frequencies.Tightness tight = new Frequencies.Tightness("T-RES-EXP, mean eps_n");
    BoundGens.qt(0x6A03L, pops)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              Family fam = new Family[] {Family.SPARSE, Family.DEFICIENT, Family.SPHERE}[r.nextInt(3)];
              int d = 2 + r.nextInt(4);
              int m = 5 + r.nextInt(20);
              Instance inst =
                  InstanceSpec.of(fam, m, 2 + r.nextInt(2), d, 1.0, r.nextLong()).finite();
              FiniteDistribution pop = inst.finiteDistribution();
              Objective o = Objective.of(inst);
              double[] wStar = inst.wStar();
              int n = 1 + r.nextInt(2 * d);
              double diam = Constants.featureDiameter(pop.prompts());
              double mean = 0;
              for (int k = 0; k < draws; k++) {
                Sample s = pop.sample(n, r);
                mean += CoveredSubspace.of(o, s).residual(pop) / draws;
              }
              BoundInputs in = Bounds.inputs(inst, pop.sample(n, r), wStar, 0.05);
              double bound = ResidualExpectationTheorem.expectation(in).requireValue();
              double diam2 = in.diameter() * in.diameter();
              final double mm = mean;
              assertTrue(mm <= bound + diam2 * z,
                  () -> "mean eps_n " + mm + " > " + bound + " + " + diam2 * z + " " + fam + " d="
                      + d + " n=" + n);
              tight.add("T-RES-EXP", bound, mm, 1e-12);
            });
    System.out.println(tight.table());
  }

  /**
   * T-RES-EXP EXACTLY on small populations: for M <= 6 prompts (uniform weights) and n <= 4, the
   * expectation {@code E_S eps_n(S)} is the average over all M^n ordered samples, compared with
   * {@code diam^2 r / (n + 1)} (deterministic; 300 examples, sparse, deficient and sphere families).
   */
  @Test
  void expectedResidualIsBelowTheBoundExactly() {
    Frequencies.Tightness tight = new Frequencies.Tightness("T-RES-EXP, exact E eps_n");
    BoundGens.qt(0x6A04L, 300)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              Family fam = new Family[] {Family.SPARSE, Family.DEFICIENT, Family.SPHERE}[r.nextInt(3)];
              int d = 2 + r.nextInt(3);
              int m = 2 + r.nextInt(5);
              Instance inst =
                  InstanceSpec.of(fam, m, 2 + r.nextInt(2), d, 1.0, r.nextLong()).finite();
              FiniteDistribution pop = inst.finiteDistribution();
              Objective o = Objective.of(inst);
              int n = 1 + r.nextInt(4);
              double diam = Constants.featureDiameter(pop.prompts());
              int total = 1;
              for (int k = 0; k < n; k++) {
                total *= m;
              }
              double mean = 0;
              int[] idx = new int[n];
              for (int code = 0; code < total; code++) {
                int x = code;
                for (int k = 0; k < n; k++) {
                  idx[k] = x % m;
                  x /= m;
                }
                Sample s = Sample.ofIndices(pop, idx);
                mean += CoveredSubspace.of(o, s).residual(pop)
                    / total;
              }
              BoundInputs in = Bounds.inputs(inst, pop.sample(n, r), inst.wStar(), 0.05);
              double bound = ResidualExpectationTheorem.expectation(in).requireValue();
              final double mm = mean;
              assertTrue(mm <= bound * (1 + 1e-12) + 1e-15,
                  () -> "exact E eps_n " + mm + " > " + bound + " " + fam + " M=" + m + " d=" + d
                      + " n=" + n);
              tight.add("T-RES-EXP (exact)", bound, mm, 1e-12);
            });
    System.out.println(tight.table());
  }
}
