package org.rlhfbounds.stability;

import static org.rlhfbounds.stability.Moments.mean;
import static org.rlhfbounds.stability.Moments.standardDeviation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.learners.GradientAscent;
import org.rlhfbounds.learners.IterateEvaluation;
import org.rlhfbounds.learners.Recording;
import org.rlhfbounds.learners.Selection;
import org.rlhfbounds.learners.StochasticGradientAscent;
import org.rlhfbounds.learners.Trajectory;
import org.rlhfbounds.learners.TrainResult;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.GenerativeDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.ProgressListener;
import org.rlhfbounds.model.PromptDistribution;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * The CLI-independent facade of the stability experiments: over {@code R} replicate samples
 * {@code S_r ~ D^n}, train {@code A(S_r)}, measure its generalisation gap, run the replace-one
 * experiment ({@link ReplaceOne}), and aggregate (see {@link StabilityReport} for the fields).
 *
 * <p>Randomness: replicate {@code r} uses the independent streams {@code
 * GenerativeDistribution.stream(seed, 4r + k)}: {@code k = 0} draws the sample, {@code 1} the SGA
 * prompt order, {@code 2} the Monte Carlo seed, {@code 3} the replacements. Results are the same
 * whatever the thread count.
 *
 * <p>Thread-safe: stateless.
 */
public final class Stability {
  private Stability() {}

  /**
   * Runs the experiment.
   *
   * @param instance the instance (its distribution is D)
   * @param n the sample size
   * @param algorithm GA, SGA or EXACT
   * @param steps T (GA, SGA)
   * @param replicates R, {@code >= 2}
   * @param seed the seed
   * @param o the options
   * @return the report
   */
  // reason: per-replicate arrays: R entries, r < R; per-selection rows: ordinal < 3
  @SuppressWarnings("index")
  @Theorem({"F8", "F10"})
  public static StabilityReport run(
      Instance instance,
      int n,
      Algorithm algorithm,
      int steps,
      int replicates,
      long seed,
      StabilityOptions o) {
    if (n < 1) {
      throw new IllegalArgumentException("n: sample size must be >= 1, got " + n);
    }
    if (replicates < 2) {
      throw new IllegalArgumentException("replicates: R must be >= 2 for an interval, got " + replicates);
    }
    if (algorithm == Algorithm.NEWTON) {
      throw new IllegalArgumentException("algorithm: stability experiments run GA, SGA or EXACT");
    }
    @PositiveProbability double conf = Reals.positiveProbability(o.confidence, "confidence");
    @PositiveProbability double delta = Reals.positiveProbability(o.delta, "delta");
    if (conf >= 1 || delta >= 1) {
      throw new IllegalArgumentException("confidence and delta must lie in (0, 1)");
    }
    PromptDistribution dist = instance.distribution();
    FiniteDistribution fin = instance.finiteDistribution();
    double[] w0g = o.w0;
    double[] w0 = w0g != null ? w0g.clone() : instance.wRef();
    double d0 = GradientAscent.startDistance(instance, w0);
    Objective obj = Objective.of(instance);
    int np = Math.min(n, o.positions);
    int[] positions = new int[np];
    for (int p = 0; p < np; p++) {
      positions[p] = p;
    }
    @Nullable Features population = o.includePopulation && fin != null ? fin.prompts() : null;
    // progress: every learner run, announced up front (the base run and the retrainings)
    ProgressListener progress = o.progress;
    long perPosition =
        o.mode == ReplaceOne.Mode.RANDOM
            ? 1
            : o.candidates <= 0 && fin != null ? fin.prompts().size() : Math.max(1, o.candidates);
    progress.expect((long) replicates * (1 + np * perPosition));

    double[] arg = new double[replicates];
    double[] loss = new double[replicates];
    double[] gaps = new double[replicates];
    double[] terms = new double[replicates];
    int[] kernelDims = new int[replicates];
    double[] kappas = new double[replicates];
    double[] kappaPlus = new double[replicates];
    double[][] selGap = new double[3][replicates];
    double[][] selExcess = new double[3][replicates];
    double[][] selGrad = new double[3][replicates];
    double[][] selDist = new double[3][replicates];
    int bestBeatsLast = 0;
    BoundValue argBound = BoundValue.of(0, "none");
    BoundValue argCover = argBound;
    BoundValue lossBound = argBound;
    long base = 0;
    long performed = 0;
    long naive = 0;
    long runs = 0;
    long identical = 0;
    long fixedStops = 0;
    long shared = 0;
    long measurement = 0;
    String schedule = "";
    double maxEbb = 0;
    for (int r = 0; r < replicates; r++) {
      Sample s = dist.sample(n, GenerativeDistribution.stream(seed, 4L * r));
      long orderSeed = GenerativeDistribution.stream(seed, 4L * r + 1).nextLong();
      long mcSeed = GenerativeDistribution.stream(seed, 4L * r + 2).nextLong();
      SplittableRandom replRng = GenerativeDistribution.stream(seed, 4L * r + 3);
      LearnerSpec spec;
      Trajectory traj = null;
      switch (algorithm) {
        case GA:
          {
            OptionalDouble e = o.eta;
            spec =
                e.isPresent()
                    ? LearnerSpec.ga(w0, steps, Reals.positive(e.getAsDouble(), "eta"), o.selection)
                    : LearnerSpec.ga(instance, w0, steps, o.selection);
            schedule = "constant " + spec.eta();
            traj =
                GradientAscent.run(
                    obj, s, Reals.positive(spec.eta(), "eta"), w0, steps, Recording.lean());
            break;
          }
        case SGA:
          {
            OptionalDouble e = o.eta;
            int[] order = StochasticGradientAscent.uniformOrder(n, steps, orderSeed);
            spec =
                LearnerSpec.sga(
                    w0,
                    e.isPresent()
                        ? org.rlhfbounds.learners.StepSchedule.constant(
                            Reals.positive(e.getAsDouble(), "eta"))
                        : StochasticGradientAscent.defaultSchedule(instance, w0),
                    order,
                    o.selection);
            org.rlhfbounds.learners.StepSchedule sc = spec.schedule();
            schedule = sc == null ? "" : sc.describe();
            traj =
                StochasticGradientAscent.run(
                    obj,
                    s,
                    sc == null ? StochasticGradientAscent.defaultSchedule(instance, w0) : sc,
                    w0,
                    order,
                    Recording.lean(),
                    null);
            break;
          }
        default:
          spec = LearnerSpec.exact(w0);
          schedule = "exact optimum (GA limit)";
          break;
      }
      progress.advance(1);
      maxEbb = spec.maxEtaBetaB2(instance);
      // measurements of the selected output and of every selection rule
      double[] output;
      IterateEvaluation evA;
      if (traj != null) {
        output = traj.selected(o.selection);
        measurement += traj.performedEvaluations();
        // equal points (the last and the best-gradient iterate, most runs) are measured once
        IterateEvaluation[] ev = IterateEvaluation.ofSelections(obj, s, traj, o.draws, mcSeed);
        evA = ev[o.selection.ordinal()];
        for (Selection sel : Selection.values()) {
          int k = sel.ordinal();
          selGap[k][r] = ev[k].generalizationGap().value();
          selExcess[k][r] = ev[k].excessRisk().value();
          selGrad[k][r] = ev[k].gradientNorm();
          selDist[k][r] = ev[k].distance();
        }
        if (ev[Selection.BEST_GRADIENT.ordinal()].excessRisk().value()
            < ev[Selection.LAST.ordinal()].excessRisk().value()) {
          bestBeatsLast++;
        }
      } else {
        output = org.rlhfbounds.learners.EmpiricalOptimum.exact(obj, s, w0).w();
        evA = IterateEvaluation.of(obj, s, output, o.draws, mcSeed);
      }
      gaps[r] = evA.generalizationGap().value();
      // replacements
      Features[] cands;
      if (o.mode == ReplaceOne.Mode.RANDOM) {
        cands = new Features[np];
        for (int p = 0; p < np; p++) {
          cands[p] = dist.sample(1, replRng).prompts();
        }
      } else if (o.candidates <= 0 && fin != null) {
        Features all = fin.prompts();
        cands = new Features[all.size()];
        for (int c = 0; c < cands.length; c++) {
          cands[c] = all.select(new int[] {c});
        }
      } else {
        int m = Math.max(1, o.candidates);
        Features drawn = dist.sample(m, replRng).prompts();
        cands = new Features[m];
        for (int c = 0; c < m; c++) {
          cands[c] = drawn.select(new int[] {c});
        }
      }
      ReplaceOne.Result res =
          ReplaceOne.run(
              instance, s, spec, positions, cands, o.mode, population, o.shortcuts, o.threads,
              progress);
      arg[r] = res.argumentStability();
      loss[r] = res.lossStability();
      terms[r] = res.replaceOneTerm();
      kernelDims[r] = res.kernelDim();
      kappas[r] = res.kappa();
      kappaPlus[r] = res.kappaPlus();
      argBound = r == 0 ? res.argumentBound() : argBound.max(res.argumentBound());
      argCover = r == 0 ? res.argumentBoundCoverage() : argCover.max(res.argumentBoundCoverage());
      lossBound = r == 0 ? res.lossBound() : lossBound.max(res.lossBound());
      base += res.cost().baseEvaluations();
      performed += res.cost().performedEvaluations();
      naive += res.cost().naiveEvaluations();
      runs += res.cost().size();
      identical += res.cost().identicalReplacements();
      fixedStops += res.cost().fixedPointStops();
      shared += res.cost().sharedSteps();
    }

    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("algorithm", algorithm.name());
    settings.put("n", n);
    settings.put("steps", algorithm == Algorithm.EXACT ? 0 : steps);
    settings.put("replicates", replicates);
    settings.put("seed", seed);
    settings.put("selection", TrainResult.key(o.selection));
    settings.put("schedule", schedule);
    settings.put("maxEtaBetaB2", maxEbb);
    settings.put("startDistance", d0);
    settings.put("replacement", o.mode.name());
    settings.put("candidates", o.mode == ReplaceOne.Mode.ADVERSARIAL ? o.candidates : 1);
    settings.put("positionsPerReplicate", np);
    settings.put(
        "evaluationSet",
        "the sample, every replacement candidate"
            + (population != null ? ", and the finite population (" + population.size() + " prompts)" : ""));
    settings.put("shortcuts", o.shortcuts);
    settings.put("confidence", conf);
    settings.put("delta", delta);
    m.put("settings", settings);
    m.put("argumentStability", summary(arg));
    m.put("argumentStabilityBound", argBound.toMap());
    m.put("argumentStabilityBoundCoverage", argCover.toMap());
    m.put("lossStability", summary(loss));
    m.put("lossStabilityBound", lossBound.toMap());
    double[] ti = tInterval(gaps, conf);
    double range =
        2 * StabilityBounds.lossRange(instance.featureBound(), norm(instance.theta()), instance.beta(), d0);
    Map<String, Object> gap = new LinkedHashMap<>();
    gap.put("selection", TrainResult.key(o.selection));
    gap.put("mean", mean(gaps));
    gap.put("standardDeviation", standardDeviation(gaps));
    gap.put("replicates", replicates);
    gap.put("tInterval", ti);
    if (maxEbb <= 1) {
      double h = range * Math.sqrt(Math.log(2 / (1 - conf)) / (2.0 * replicates));
      gap.put("hoeffdingInterval", new double[] {mean(gaps) - h, mean(gaps) + h});
      gap.put("range", range);
    } else {
      gap.put(
          "hoeffdingInterval",
          BoundValue.notApplicable(
                  "outputs in the ball ||w - w*|| <= D0 (needs max eta_t beta B^2 <= 1, got "
                      + maxEbb
                      + ")")
              .toMap());
    }
    gap.put("perReplicate", gaps.clone());
    m.put("expectedGeneralizationGap", gap);
    if (o.mode == ReplaceOne.Mode.RANDOM) {
      Map<String, Object> est = new LinkedHashMap<>();
      est.put("mean", mean(terms));
      est.put("tInterval", tInterval(terms, conf));
      est.put(
          "note",
          "mean over replicates of (1/|I|) sum_{i in I} [f(A(S^(i)); x_i) - f(A(S); x_i)], with"
              + " x'_i drawn from D: an unbiased estimator of E gen for any fixed positions I, the"
              + " learners treating positions exchangeably (Bousquet-Elisseeff Lemma 7)");
      m.put("replaceOneEstimate", est);
    }
    if (algorithm != Algorithm.EXACT) {
      Map<String, Object> sels = new LinkedHashMap<>();
      for (Selection sel : Selection.values()) {
        int k = sel.ordinal();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("generalizationGap", mean(selGap[k]));
        e.put("excessRisk", mean(selExcess[k]));
        e.put("gradientNorm", mean(selGrad[k]));
        e.put("distanceToOptimum", mean(selDist[k]));
        sels.put(TrainResult.key(sel), e);
      }
      sels.put("bestGradientBeatsLast", bestBeatsLast);
      m.put("selections", sels);
    }
    m.put(
        "hoeffdingMiddleTerm",
        StabilityBounds.hoeffdingMiddleTerm(
                instance.featureBound(), norm(instance.theta()), n, delta)
            .toMap());
    Map<String, Object> cov = new LinkedHashMap<>();
    cov.put("kernelDim", kernelDims);
    cov.put("kappa", kappas);
    cov.put("kappaPlus", kappaPlus);
    m.put("coverage", cov);
    Map<String, Object> comp = new LinkedHashMap<>();
    comp.put("baseGradientEvaluations", base);
    comp.put("retrainGradientEvaluations", performed);
    comp.put("naiveRetrainGradientEvaluations", naive);
    comp.put("retrainRatio", naive == 0 ? 1.0 : (double) performed / naive);
    comp.put("retrainingRuns", runs);
    comp.put("identicalReplacements", identical);
    comp.put("fixedPointStops", fixedStops);
    comp.put("sharedSgaSteps", shared);
    comp.put("measurementGradientEvaluations", measurement);
    m.put("compute", comp);
    return new StabilityReport(
        m, max(arg), max(loss), mean(gaps), ti, performed, naive);
  }

  private static Map<String, Object> summary(double[] v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("max", max(v));
    m.put("mean", mean(v));
    m.put("perReplicate", v.clone());
    return m;
  }

  static double[] tInterval(double[] v, double conf) {
    int r = v.length;
    double mu = mean(v);
    double h = Quantiles.student(0.5 + conf / 2, r - 1) * standardDeviation(v) / Math.sqrt(r);
    return new double[] {mu - h, mu + h};
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  private static @NonNegativeReal double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Reals.nonNegative(Math.sqrt(s), "norm");
  }
}
