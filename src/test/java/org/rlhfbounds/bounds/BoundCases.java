package org.rlhfbounds.bounds;

import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.learners.GradientAscent;
import org.rlhfbounds.learners.Recording;
import org.rlhfbounds.learners.Selection;
import org.rlhfbounds.learners.StepSchedule;
import org.rlhfbounds.learners.StochasticGradientAscent;
import org.rlhfbounds.learners.Trajectory;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * Random cases for the bound properties: finite populations (exact population quantities) of every
 * family (covered, deficient, sparse, near-degenerate), a sample, a start and a number of steps;
 * and minimal GA/SGA loops written here in test code from {@link Objective#gradient} (until the
 * learners branch is merged), which select the iterate with the smallest full gradient.
 */
final class BoundCases {
  private BoundCases() {}

  /** One case. */
  record Case(
      String label, Instance inst, FiniteDistribution pop, Sample sample, double[] w0, int steps,
      long seed) {
    @Override
    public String toString() {
      return label + " n=" + sample.size() + " T=" + steps + " seed=" + seed;
    }
  }

  static double logUniform(SplittableRandom r, double lo, double hi) {
    return Math.exp(Math.log(lo) + r.nextDouble() * (Math.log(hi) - Math.log(lo)));
  }

  /**
   * A random case.
   *
   * @param seed the seed
   * @param maxSteps largest T
   * @param manyCandidates whether to favour K > d (uniform per-prompt coverage)
   * @return the case
   */
  static Case random(long seed, int maxSteps, boolean manyCandidates) {
    SplittableRandom r = new SplittableRandom(seed);
    Family[] fams = Family.values();
    Family fam = fams[r.nextInt(fams.length)];
    int d = 1 + r.nextInt(5);
    if (fam == Family.DEFICIENT && d < 2) {
      d = 2; // the deficient family needs a proper subspace
    }
    int m = 3 + r.nextInt(23);
    int kMin = 2 + r.nextInt(3);
    int kMax = kMin + r.nextInt(3);
    if (manyCandidates && r.nextBoolean()) {
      kMin = d + 1 + r.nextInt(2);
      kMax = kMin + r.nextInt(2);
    }
    double beta = logUniform(r, 0.1, 3);
    double b = new double[] {0.5, 1, 2}[r.nextInt(3)];
    double theta = logUniform(r, 0.1, 3);
    double wRef = r.nextDouble();
    OptionalDouble param = OptionalDouble.empty();
    if (fam == Family.NEAR_DEGENERATE) {
      param = OptionalDouble.of(new double[] {0.3, 0.05, 0.01}[r.nextInt(3)]);
    } else if (fam == Family.DEFICIENT && d >= 2) {
      param = OptionalDouble.of(1 + r.nextInt(d - 1));
    }
    InstanceSpec spec =
        InstanceSpec.of(fam, m, kMin, d, beta, r.nextLong())
            .withK(kMin, kMax)
            .withNorms(b, theta, wRef)
            .withParameter(param);
    Instance inst = spec.finite();
    FiniteDistribution pop = inst.finiteDistribution();
    if (pop == null) {
      throw new AssertionError("finite instance expected");
    }
    int n = 1 + r.nextInt(Math.min(2 * m, 40));
    Sample s = pop.sample(n, new SplittableRandom(r.nextLong()));
    double[] w0;
    if (r.nextBoolean()) {
      w0 = inst.wRef();
    } else {
      w0 = inst.wStar();
      double[] u = new double[d];
      double norm = 0;
      for (int j = 0; j < d; j++) {
        u[j] = r.nextGaussian();
        norm += u[j] * u[j];
      }
      double dist = logUniform(r, 0.02, 3) / Math.sqrt(norm);
      for (int j = 0; j < d; j++) {
        w0[j] += dist * u[j];
      }
    }
    int steps = r.nextInt(6) == 0 ? r.nextInt(3) : r.nextInt(maxSteps + 1);
    return new Case(spec.toString(), inst, pop, s, w0, steps, seed);
  }

  /** The result of a run: the selected iterate and its gradient norm. */
  record Run(double[] best, int bestIndex, double bestGradNorm, double[] last) {}

  static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  /** The start at distance {@code dist} from w* along {@code w_ref - w*}. */
  static double[] startTowardsReference(Instance inst, double dist) {
    double[] ws = inst.wStar();
    double[] w0 = inst.wRef().clone();
    double[] dir = minus(w0, ws);
    double len = norm(dir);
    for (int j = 0; j < w0.length; j++) {
      w0[j] = ws[j] + dist * dir[j] / len;
    }
    return w0;
  }

  static double[] minus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int j = 0; j < a.length; j++) {
      out[j] = a[j] - b[j];
    }
    return out;
  }

  /**
   * GA through the learners API ({@link GradientAscent#run}): w_{t+1} = w_t + eta grad F_S(w_t);
   * the best-gradient iterate among t = 0..T.
   */
  static Run ga(Objective o, Sample s, double[] w0, double eta, int steps) {
    Trajectory tr =
        GradientAscent.run(o, s, Reals.positive(eta, "eta"), w0, steps, Recording.lean());
    return new Run(tr.selected(Selection.BEST_GRADIENT), tr.bestGradientIndex(),
        tr.bestGradientNorm(), tr.last());
  }

  /**
   * SGA through the learners API ({@link StochasticGradientAscent#run}): w_t = w_{t-1} + eta_t
   * grad f(w_{t-1}; x_{i_t}), eta_t = 1/(2 L sqrt t), i_t uniform (drawn from r); the
   * best-full-gradient iterate among t = 0..T.
   */
  static Run sga(Objective o, Sample s, double[] w0, double smooth, int steps, SplittableRandom r) {
    int[] order = StochasticGradientAscent.uniformOrder(s.size(), steps, r.nextLong());
    return sgaOrder(o, s, w0, smooth, order);
  }

  /** SGA over an explicit prompt order. */
  static Run sgaOrder(Objective o, Sample s, double[] w0, double smooth, int[] order) {
    Trajectory tr =
        StochasticGradientAscent.run(o, s, StepSchedule.inverseSqrt(Reals.positive(smooth, "L")),
            w0, order, Recording.lean(), null);
    return new Run(tr.selected(Selection.BEST_GRADIENT), tr.bestGradientIndex(),
        tr.bestGradientNorm(), tr.last());
  }

  /** Measurements at a point: exact population quantities. */
  record At(double gen, double mid, double opt, double excess, double ePerp, double pKernel) {}

  static At measure(Objective o, Case c, CoveredSubspace cov, double[] w) {
    double[] wStar = c.inst().wStar();
    double gen = o.value(c.pop(), w) - o.value(c.sample(), w);
    double mid = o.gibbsValue(c.pop()) - o.gibbsValue(c.sample());
    double[] e = minus(w, wStar);
    return new At(
        gen, mid, o.excess(c.sample(), w), o.excess(c.pop(), w), norm(cov.rangePart(e)),
        norm(cov.kernelPart(e)));
  }

  /**
   * The absolute tolerance of the measured quantities: the objective values are sums of O(1)
   * terms computed in floating point (log-softmax, KL), each with error about (K + d) 2^-53 times
   * the size of the logits and rewards involved.
   */
  static double tolerance(Case c, double[] w) {
    Instance inst = c.inst();
    double b = inst.featureBound();
    double scale =
        1 + b * norm(inst.theta())
            + inst.beta() * Math.pow(1 + b * (norm(w) + norm(inst.wStar()) + norm(inst.wRef())), 2);
    return 1e-12 * scale;
  }

  static String describe(Case c, Object... more) {
    return c + " " + Arrays.deepToString(more);
  }
}
