package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Coverage;
import org.rlhfbounds.objective.Objective;

/**
 * T-GA-ADAPT's curvature profile (proofs/T-GA-ADAPT.md, "Curvature profile"): the certified
 * {@code kappa(D)} is below {@code lambda_min(Sigma_S(w* + e))} for every {@code e} of norm at most
 * D, on instances whose prompts have feature diameters of different orders (so that a profile
 * charging one prompt less than its own diameter fails), with {@code e} along each prompt's
 * largest difference (the worst case of that prompt's transfer) and at random; the selection
 * radius leaves no radius with {@code r kappa(r) <= level} above it; and the local excess core is
 * at least the exact population excess at every point of its ball.
 */
class CurvatureProfileProperties {
  /** A covered instance with prompts of diameters spread over two orders of magnitude. */
  private record Spread(Instance inst, FiniteDistribution pop, Sample sample, double[] w0,
      BoundInputs in, SplittableRandom r, long seed) {}

  /** Checks a property on the spread instance of each of {@code examples} fixed seeds. */
  private static void forAllSpreads(long qtSeed, int examples, Consumer<Spread> property) {
    BoundGens.qt(qtSeed, examples)
        .forAll(BoundGens.seeds())
        .checkAssert(seed -> property.accept(spread(seed)));
  }

  private static Spread spread(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int d = 1 + r.nextInt(3);
    int m = 2 + r.nextInt(5);
    int k = 2 + r.nextInt(2);
    double[] data = new double[m * k * d];
    for (int i = 0; i < m; i++) {
      double scale = BoundCases.logUniform(r, 0.01, 1);
      for (int a = 0; a < k; a++) {
        double[] v = new double[d];
        double norm = 0;
        for (int j = 0; j < d; j++) {
          v[j] = r.nextGaussian();
          norm += v[j] * v[j];
        }
        double len = scale * r.nextDouble() / Math.max(Math.sqrt(norm), 1e-300);
        for (int j = 0; j < d; j++) {
          data[(i * k + a) * d + j] = v[j] * len;
        }
      }
    }
    Features f = Features.uniform(data, m, k, d, "features");
    FiniteDistribution pop = FiniteDistribution.uniform(f);
    double beta = BoundCases.logUniform(r, 0.1, 3);
    double[] theta = new double[d];
    double[] wRef = new double[d];
    double tn = BoundCases.logUniform(r, 0.1, 30);
    for (int j = 0; j < d; j++) {
      theta[j] = tn * r.nextGaussian() / Math.sqrt(d);
      wRef[j] = r.nextGaussian();
    }
    Instance inst = Instance.of(beta, theta, wRef, 1.0, pop);
    int[] idx = new int[m];
    for (int i = 0; i < m; i++) {
      idx[i] = i;
    }
    Sample s = Sample.ofIndices(pop, idx);
    double[] w0 = inst.wStar();
    double dist = BoundCases.logUniform(r, 0.05, 40);
    double[] u = unit(r, d);
    for (int j = 0; j < d; j++) {
      w0[j] += dist * u[j];
    }
    return new Spread(inst, pop, s, w0, Bounds.inputs(inst, s, w0, 0.05), r, seed);
  }

  private static double[] unit(SplittableRandom r, int d) {
    double[] u = new double[d];
    double norm = 0;
    for (int j = 0; j < d; j++) {
      u[j] = r.nextGaussian();
      norm += u[j] * u[j];
    }
    for (int j = 0; j < d; j++) {
      u[j] /= Math.sqrt(norm);
    }
    return u;
  }

  /** The directions to try at radius D: each prompt's differences, both signs, and two at random. */
  private static List<double[]> directions(Features f, SplittableRandom r) {
    int d = f.dim();
    double[] data = f.data();
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < f.size(); i++) {
      for (int a = 0; a < f.candidates(i); a++) {
        for (int b = a + 1; b < f.candidates(i); b++) {
          double[] v = new double[d];
          double norm = 0;
          for (int j = 0; j < d; j++) {
            v[j] = data[(f.rowOffset(i) + a) * d + j] - data[(f.rowOffset(i) + b) * d + j];
            norm += v[j] * v[j];
          }
          if (norm > 0) {
            double[] w = new double[d];
            for (int j = 0; j < d; j++) {
              v[j] /= Math.sqrt(norm);
              w[j] = -v[j];
            }
            out.add(v);
            out.add(w);
          }
        }
      }
    }
    out.add(unit(r, d));
    out.add(unit(r, d));
    return out;
  }

  @Test
  void profileIsBelowTheCurvatureOnItsBall() {
    int[] checked = {0};
    forAllSpreads(0xC0F1L, 400,
            c -> {
              long seed = c.seed();
              SplittableRandom r = c.r();
              BoundInputs in = c.in();
              CurvatureProfile p = in.curvatureProfile();
              if (p == null || in.kernelDim() != 0) {
                return;
              }
              Objective o = Objective.of(c.inst());
              double[] ws = c.inst().wStar();
              int d = ws.length;
              List<double[]> dirs = directions(c.sample().prompts(), r);
              for (int t = 0; t < 4; t++) {
                double radius = t == 0 ? p.top() : p.top() * 1.2 * r.nextDouble();
                double kappa = p.lowerBound(radius);
                for (double[] u : dirs) {
                  double[] w = ws.clone();
                  for (int j = 0; j < d; j++) {
                    w[j] += radius * u[j];
                  }
                  DMatrixRMaj sigma = o.covariance(c.sample(), w);
                  double lmin = Coverage.smallestEigenvalue(sigma.data, d);
                  double lmax = VerifiedSpd.gershgorinUpper(sigma.data, d);
                  double slack = 1e-12 * lmax;
                  String where = "seed " + seed + " D = " + radius + " e/D = "
                      + java.util.Arrays.toString(u) + " " + p;
                  assertTrue(kappa <= lmin + slack,
                      () -> "kappa(D) = " + kappa + " above lambda_min = " + lmin + " at " + where);
                }
              }
              checked[0]++;
            });
    assertTrue(checked[0] >= 200, () -> "only " + checked[0] + " profiles checked");
  }

  /** {@code kappa(r)} of the formula, rounded up (a bound above the real-number value). */
  private static double kappaAbove(double slope, double[] radii, double[] kappa, double r) {
    double v = 0;
    for (int k = 0; k < radii.length; k++) {
      if (radii[k] <= r) {
        v = Math.max(v, kappa[k] * Math.exp(-slope * (r - radii[k])));
      } else {
        v = Math.max(v, kappa[k]);
        break;
      }
    }
    return v * (1 + 1e-12);
  }

  @Test
  void selectionRadiusLeavesNoRadiusAboveItAtTheLevel() {
    BoundGens.qt(0x5E1EL, 2000)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              int m = 1 + r.nextInt(12);
              double slope = BoundCases.logUniform(r, 0.01, 20);
              double[] radii = new double[m + 1];
              double[] kappa = new double[m + 1];
              double step = BoundCases.logUniform(r, 0.001, 2);
              kappa[0] = BoundCases.logUniform(r, 1e-6, 1);
              for (int k = 1; k <= m; k++) {
                radii[k] = radii[k - 1] + step * (0.2 + r.nextDouble());
                // between the worst-case transfer from the previous point and no loss at all
                double worst = kappa[k - 1] * Math.exp(-slope * (radii[k] - radii[k - 1]));
                kappa[k] = worst + r.nextDouble() * (kappa[k - 1] - worst);
              }
              CurvatureProfile p = CurvatureProfile.of(slope, radii, kappa);
              double rMax = radii[m] * (0.3 + r.nextDouble());
              double peak = 0;
              for (int i = 0; i <= 200; i++) {
                double x = rMax * i / 200;
                peak = Math.max(peak, x * kappaAbove(slope, radii, kappa, x));
              }
              double level = peak * r.nextDouble();
              double rho = p.selectionRadius(level, rMax);
              String where = "seed " + seed + " level " + level + " rMax " + rMax + " " + p;
              assertTrue(rho >= 0 && rho <= rMax, () -> "rho = " + rho + " outside [0, rMax] " + where);
              List<Double> xs = new ArrayList<>();
              for (int i = 1; i <= 2000; i++) {
                xs.add(rho + (rMax - rho) * i / 2000);
              }
              for (double g : radii) {
                for (double x : new double[] {Math.nextDown(g), g, Math.nextUp(g)}) {
                  if (x > rho && x <= rMax) {
                    xs.add(x);
                  }
                }
              }
              for (double x : xs) {
                if (x > rho) {
                  assertTrue(x * kappaAbove(slope, radii, kappa, x) > level,
                      () -> "r = " + x + " above rho = " + rho + " has r kappa(r) <= level at "
                          + where);
                }
              }
            });
  }

  @Test
  void localExcessIsAboveThePopulationExcessOnItsBall() {
    forAllSpreads(0xE8C5L, 300,
            c -> {
              long seed = c.seed();
              SplittableRandom r = c.r();
              BoundInputs in = c.in();
              Double lambdaD = in.populationLambdaMax();
              if (lambdaD == null) {
                throw new AssertionError("a finite population has lambda_D");
              }
              double[] ws = c.inst().wStar();
              int d = ws.length;
              double radius = BoundCases.logUniform(r, 1e-3, 20);
              double core = GaAdaptiveTheorem.localExcess(
                  BoundResult.builder("T", "excess", "t", "q", "d"), in.beta(), in.diameter(),
                  lambdaD, radius, 0, 0);
              for (double[] u : directions(c.pop().prompts(), r)) {
                double[] w = ws.clone();
                for (int j = 0; j < d; j++) {
                  w[j] += radius * u[j];
                }
                Enclosure exc = MeasuredQuantities.sampleExcess(c.inst(), c.pop(), w);
                assertTrue(core >= exc.lo(), () -> "local excess core " + core
                    + " below the population excess " + exc + " at seed " + seed + " r = "
                    + radius);
              }
            });
  }
}
