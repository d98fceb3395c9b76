package org.rlhfbounds.learners;

import java.util.SplittableRandom;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * Random test cases for the learner properties, each a pure function of one long seed (so
 * QuickTheories can generate and shrink the seed): an instance of a random family, a sample, a
 * start, a step with {@code eta beta B^2 <= 1}, and a number of steps.
 */
public final class Cases {
  private Cases() {}

  static final Family[] FAMILIES = Family.values();

  /** One case. */
  public static final class Case {
    public final Instance instance;
    public final FiniteDistribution population;
    public final Sample sample;
    public final double[] w0;
    public final double eta;
    public final int steps;
    public final String description;

    Case(Instance instance, Sample sample, double[] w0, double eta, int steps, String description) {
      this.instance = instance;
      FiniteDistribution fd = instance.finiteDistribution();
      if (fd == null) {
        throw new AssertionError("finite instance expected");
      }
      this.population = fd;
      this.sample = sample;
      this.w0 = w0;
      this.eta = eta;
      this.steps = steps;
      this.description = description;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  public static double logUniform(SplittableRandom r, double lo, double hi) {
    return Math.exp(Math.log(lo) + r.nextDouble() * (Math.log(hi) - Math.log(lo)));
  }

  /**
   * A random instance and sample.
   *
   * @param seed the seed
   * @param maxN the largest sample size
   * @param maxD the largest dimension
   * @param maxSteps the largest T
   * @return the case
   */
  public static Case random(long seed, int maxN, int maxD, int maxSteps) {
    SplittableRandom r = new SplittableRandom(seed);
    Family fam = FAMILIES[r.nextInt(FAMILIES.length)];
    int d = 2 + r.nextInt(maxD - 1);
    int kMin = 2 + r.nextInt(3);
    int kMax = kMin + r.nextInt(2);
    int n = 1 + r.nextInt(maxN);
    return build(r, seed, fam, d, kMin, kMax, n, maxSteps);
  }

  /**
   * A random case whose sample covers almost surely: a full-rank family (sphere, Gaussian,
   * near-degenerate) and {@code n >= ceil(d / (K - 1)) + 1} prompts.
   *
   * @param seed the seed
   * @param maxExtraN the largest number of prompts beyond the minimum
   * @param maxD the largest dimension
   * @param maxSteps the largest T
   * @return the case
   */
  public static Case randomCovered(long seed, int maxExtraN, int maxD, int maxSteps) {
    SplittableRandom r = new SplittableRandom(seed);
    Family[] full = {Family.SPHERE, Family.GAUSSIAN, Family.NEAR_DEGENERATE};
    Family fam = full[r.nextInt(full.length)];
    int d = 2 + r.nextInt(maxD - 1);
    int kMin = 2 + r.nextInt(3);
    int kMax = kMin + r.nextInt(2);
    int n = (d + kMin - 2) / (kMin - 1) + 1 + r.nextInt(maxExtraN + 1);
    return build(r, seed, fam, d, kMin, kMax, n, maxSteps);
  }

  private static Case build(
      SplittableRandom r, long seed, Family fam, int d, int kMin, int kMax, int n, int maxSteps) {
    int m = n + r.nextInt(2 * n + 2);
    double beta = logUniform(r, 0.1, 5);
    double b = 0.5 + 1.5 * r.nextDouble();
    double thetaNorm = 3 * r.nextDouble();
    double wRefNorm = 2 * r.nextDouble();
    long iseed = r.nextLong();
    Instance inst =
        InstanceSpec.of(fam, m, kMin, d, beta, iseed)
            .withK(kMin, kMax)
            .withNorms(b, thetaNorm, wRefNorm)
            .finite();
    FiniteDistribution fd = inst.finiteDistribution();
    if (fd == null) {
      throw new AssertionError();
    }
    // a sample of distinct prompts of the population (repeats would not change the theory, but
    // distinct prompts make coverage of the covered generator almost sure)
    int[] perm = new int[m];
    for (int i = 0; i < m; i++) {
      perm[i] = i;
    }
    for (int i = 0; i < n; i++) {
      int j = i + r.nextInt(m - i);
      int tmp = perm[i];
      perm[i] = perm[j];
      perm[j] = tmp;
    }
    Sample s = Sample.ofIndices(fd, java.util.Arrays.copyOf(perm, n));
    double[] w0;
    if (r.nextBoolean()) {
      w0 = inst.wRef();
    } else {
      w0 = inst.wStar();
      double rad = 4 * r.nextDouble();
      double[] u = new double[d];
      double norm = 0;
      for (int j = 0; j < d; j++) {
        u[j] = r.nextGaussian();
        norm += u[j] * u[j];
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < d; j++) {
        w0[j] += rad * u[j] / norm;
      }
    }
    double eta =
        r.nextBoolean()
            ? GradientAscent.defaultStep(inst, w0)
            : (0.05 + 0.95 * r.nextDouble()) / (beta * b * b);
    int steps = r.nextInt(maxSteps + 1);
    String desc =
        fam + " d=" + d + " K=" + kMin + ".." + kMax + " n=" + n + " M=" + m + " beta=" + beta
            + " B=" + b + " |theta|=" + thetaNorm + " eta=" + eta + " T=" + steps + " seed=" + seed;
    return new Case(inst, s, w0, eta, steps, desc);
  }

  public static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  public static double[] minus(double[] a, double[] b) {
    double[] c = new double[a.length];
    for (int j = 0; j < a.length; j++) {
      c[j] = a[j] - b[j];
    }
    return c;
  }

  /** The kernel decision of the sample (library rule, see {@link Kernels}). */
  public static Kernels coverage(Case c) {
    return Kernels.of(Objective.of(c.instance), c.sample);
  }

  /** Whether the kernel decision is unambiguous ({@link Kernels#ambiguous()} is false). */
  public static boolean clearKernel(Kernels k) {
    return !k.ambiguous();
  }

  /** The projector error bound for a vector of norm r ({@link Kernels#projectorError}). */
  public static double projectorError(Kernels k, double r) {
    return k.projectorError(r);
  }
}
