package org.rlhfbounds.stability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.index.qual.NonNegative;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.GradientAscent;
import org.rlhfbounds.learners.Kernels;
import org.rlhfbounds.learners.Retraining;
import org.rlhfbounds.learners.StepSchedule;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.ProgressListener;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * A replace-one experiment on one sample {@code S} (proofs/F10.md): for each position {@code i} in
 * a list, the sample {@code S^(i)} with {@code x_i} replaced, either by a given draw from {@code D}
 * ({@link Mode#RANDOM}) or by the candidate, from a given set, that maximises {@code ||A(S) -
 * A(S^(i))||} ({@link Mode#ADVERSARIAL}, ties to the first candidate). Measured:
 *
 * <ul>
 *   <li>argument stability {@code max_i ||A(S) - A(S^(i))||};
 *   <li>loss stability {@code max_{i, x in E} |f(A(S);x) - f(A(S^(i));x)|} over the evaluation set
 *       {@code E} = the prompts of {@code S}, every replacement candidate, and (optionally) the
 *       prompts of a finite population;
 *   <li>the replace-one term {@code (1/|I|) sum_i [f(A(S^(i)); x_i) - f(A(S); x_i)]}, whose
 *       expectation over {@code S}, the replacements drawn from {@code D} and a uniform position is
 *       exactly {@code E_S gen_S(A(S))} (Bousquet and Elisseeff 2002, Lemma 7; proofs/F10.md);
 *   <li>the bounds of F10 at every measured pair ({@link StabilityBounds}).
 * </ul>
 *
 * <p>The outputs {@code A(S^(i))} come from {@link Retraining} (bit-for-bit those of fresh runs,
 * cheaper where an exact route exists). Tasks run in parallel with results in task order:
 * identical whatever the thread count. Thread-safe: stateless.
 */
public final class ReplaceOne {
  private ReplaceOne() {}

  /** How the replacement prompt is chosen. */
  public enum Mode {
    /** The given draw from D for each position. */
    RANDOM,
    /** The candidate maximising the change in the output, per position. */
    ADVERSARIAL
  }

  /**
   * The outcome of one experiment.
   *
   * <p>Thread-safe: immutable.
   */
  public static final class Result {
    final double[] base;
    final int[] positions;
    final int[] chosen;
    final double[] argument;
    final double[] loss;
    final double[] replaceOneTerms;
    final BoundValue argumentBound;
    final BoundValue argumentBoundCoverage;
    final BoundValue lossBound;
    final int kernelDim;
    final double kappa;
    final double kappaPlus;
    final int evaluationSetSize;
    final Retraining.Result cost;
    final long boundEvaluations;

    Result(
        double[] base,
        int[] positions,
        int[] chosen,
        double[] argument,
        double[] loss,
        double[] replaceOneTerms,
        BoundValue argumentBound,
        BoundValue argumentBoundCoverage,
        BoundValue lossBound,
        int kernelDim,
        double kappa,
        double kappaPlus,
        int evaluationSetSize,
        Retraining.Result cost,
        long boundEvaluations) {
      this.base = base;
      this.positions = positions;
      this.chosen = chosen;
      this.argument = argument;
      this.loss = loss;
      this.replaceOneTerms = replaceOneTerms;
      this.argumentBound = argumentBound;
      this.argumentBoundCoverage = argumentBoundCoverage;
      this.lossBound = lossBound;
      this.kernelDim = kernelDim;
      this.kappa = kappa;
      this.kappaPlus = kappaPlus;
      this.evaluationSetSize = evaluationSetSize;
      this.cost = cost;
      this.boundEvaluations = boundEvaluations;
    }

    /**
     * Returns {@code A(S)}.
     *
     * @return a copy
     */
    public double[] base() {
      return base.clone();
    }

    /**
     * Returns {@code max_i ||A(S) - A(S^(i))||}.
     *
     * @return the measured argument stability
     */
    public @NonNegativeReal double argumentStability() {
      return Reals.nonNegative(max(argument), "argument stability");
    }

    /**
     * Returns {@code ||A(S) - A(S^(i))||} per position.
     *
     * @return a copy
     */
    public double[] argumentByPosition() {
      return argument.clone();
    }

    /**
     * Returns {@code max_{i,x in E} |f(A(S);x) - f(A(S^(i));x)|}.
     *
     * @return the measured loss stability
     */
    public @NonNegativeReal double lossStability() {
      return Reals.nonNegative(max(loss), "loss stability");
    }

    /**
     * Returns the loss stability per position.
     *
     * @return a copy
     */
    public double[] lossByPosition() {
      return loss.clone();
    }

    /**
     * Returns the mean replace-one term {@code (1/|I|) sum_i [f(A(S^(i)); x_i) - f(A(S); x_i)]}.
     *
     * @return the mean
     */
    public double replaceOneTerm() {
      double s = 0;
      for (double v : replaceOneTerms) {
        s += v;
      }
      return replaceOneTerms.length == 0 ? 0 : s / replaceOneTerms.length;
    }

    /**
     * Returns the index of the chosen replacement candidate per position.
     *
     * @return a copy
     */
    public int[] chosenReplacements() {
      return chosen.clone();
    }

    /**
     * Returns the largest F10 argument-stability bound over the measured pairs (valid without
     * coverage).
     *
     * @return the bound
     */
    public BoundValue argumentBound() {
      return argumentBound;
    }

    /**
     * Returns the largest F10 coverage bound {@code (rho_S^T + rho_S'^T) D0} over the measured
     * pairs, or not applicable when a sample is not covered.
     *
     * @return the bound
     */
    public BoundValue argumentBoundCoverage() {
      return argumentBoundCoverage;
    }

    /**
     * Returns the largest F10 loss-stability bound over the measured pairs.
     *
     * @return the bound
     */
    public BoundValue lossBound() {
      return lossBound;
    }

    /**
     * Returns {@code dim N_S}.
     *
     * @return the kernel dimension of {@code Sigma_S(w*)}
     */
    public int kernelDim() {
      return kernelDim;
    }

    /**
     * Returns {@code kappa_S}.
     *
     * @return kappa
     */
    public double kappa() {
      return kappa;
    }

    /**
     * Returns {@code kappa_S^+} (0 when nothing is covered).
     *
     * @return kappa plus
     */
    public double kappaPlus() {
      return kappaPlus;
    }

    /**
     * Returns the size of the evaluation set of the loss stability.
     *
     * @return |E|
     */
    public int evaluationSetSize() {
      return evaluationSetSize;
    }

    /**
     * Returns the retraining cost.
     *
     * @return the cost record
     */
    public Retraining.Result cost() {
      return cost;
    }

    private static double max(double[] a) {
      double m = 0;
      for (double v : a) {
        m = Math.max(m, v);
      }
      return m;
    }

    /**
     * As a map (see {@link StabilityReport} for the fields).
     *
     * @return the map
     */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("argumentStability", max(argument));
      m.put("argumentByPosition", argument.clone());
      m.put("lossStability", max(loss));
      m.put("replaceOneTerm", replaceOneTerm());
      m.put("positions", positions.clone());
      m.put("chosenReplacements", chosen.clone());
      m.put("argumentBound", argumentBound.toMap());
      m.put("argumentBoundCoverage", argumentBoundCoverage.toMap());
      m.put("lossBound", lossBound.toMap());
      m.put("kernelDim", kernelDim);
      m.put("kappa", kappa);
      m.put("kappaPlus", kappaPlus);
      m.put("evaluationSetSize", evaluationSetSize);
      return m;
    }
  }

  /**
   * Runs the experiment.
   *
   * @param instance the instance
   * @param s the sample S
   * @param spec the learner
   * @param positions the positions to replace
   * @param candidates RANDOM: one replacement per position; ADVERSARIAL: the candidate set tried
   *     at every position (each a one-prompt block)
   * @param mode the replacement rule
   * @param population prompts added to the evaluation set (a finite population), or null
   * @param shortcuts whether the exact shortcuts of {@link Retraining} are taken
   * @param threads worker threads, {@code >= 1}
   * @param progress told of each retraining done (one unit each: {@code positions.length} for
   *     RANDOM, {@code positions.length * candidates.length} for ADVERSARIAL)
   * @return the result
   */
  @Theorem("F10")
  public static Result run(
      Instance instance,
      Sample s,
      LearnerSpec spec,
      int[] positions,
      Features[] candidates,
      Mode mode,
      @Nullable Features population,
      boolean shortcuts,
      int threads,
      ProgressListener progress) {
    int np = positions.length;
    int m = candidates.length;
    if (mode == Mode.RANDOM && m != np) {
      throw new IllegalArgumentException(
          "RANDOM mode needs one replacement per position: " + np + " positions, " + m + " replacements");
    }
    if (mode == Mode.ADVERSARIAL && m < 1) {
      throw new IllegalArgumentException("ADVERSARIAL mode needs at least one candidate");
    }
    int tasks = mode == Mode.RANDOM ? np : np * m;
    int[] taskPos = new int[tasks];
    Features[] taskRepl = new Features[tasks];
    for (int k = 0; k < tasks; k++) {
      int pk = mode == Mode.RANDOM ? k : k / m;
      int ck = mode == Mode.RANDOM ? k : k % m;
      if (pk >= np || ck >= m) {
        throw new IllegalStateException("task " + k + " outside " + np + " x " + m); // k < tasks
      }
      taskPos[k] = positions[pk];
      taskRepl[k] = candidates[ck];
    }
    Retraining.Result rr =
        retrain(instance, s, spec, taskPos, taskRepl, shortcuts, threads, progress);
    double[] base = rr.base();
    int[] chosen = new int[np];
    double[] argument = new double[np];
    double[][] outs = new double[np][];
    for (int p = 0; p < np; p++) {
      if (mode == Mode.RANDOM) {
        chosen[p] = p;
        outs[p] = rr.output(p);
        argument[p] = dist(base, outs[p]);
      } else {
        double best = -1;
        for (int c = 0; c < m; c++) {
          double[] o = rr.output(p * m + c);
          double dd = dist(base, o);
          if (dd > best) {
            best = dd;
            chosen[p] = c;
            outs[p] = o;
          }
        }
        argument[p] = best;
      }
    }
    // evaluation set: S, the candidates, the population
    List<Features> parts = new ArrayList<>();
    parts.add(s.prompts());
    for (Features c : candidates) {
      parts.add(c);
    }
    if (population != null) {
      parts.add(population);
    }
    EvaluationSet eval = new EvaluationSet(parts);
    int ne = eval.size();
    Objective obj0 = Objective.of(instance);
    double[] fBase = new double[ne];
    for (int x = 0; x < ne; x++) {
      fBase[x] = eval.value(obj0, x, base);
    }
    double[] wStar = instance.wStar();
    double[] w0 = spec.w0();
    int d = w0.length;
    Indices.requireLength(wStar, d);
    double[] e0 = new double[d];
    for (int j = 0; j < d; j++) {
      e0[j] = w0[j] - wStar[j];
    }
    Kernels covS = Kernels.of(obj0, s);
    double[] kS = covS.kernelPart(e0);
    double[] loss = new double[np];
    double[] terms = new double[np];
    BoundValue[] gen = new BoundValue[np];
    BoundValue[] cover = new BoundValue[np];
    BoundValue[] lossB = new BoundValue[np];
    // every measured pair: its loss stability over the evaluation set, then its bounds
    parallel(
        threads,
        np,
        p -> {
          if (p < 0 || p >= positions.length || p >= outs.length || p >= loss.length
              || p >= terms.length || p >= chosen.length || p >= gen.length
              || p >= cover.length || p >= lossB.length) {
            throw new IllegalStateException("task " + p + " outside [0, " + np + ")");
          }
          Objective o = Objective.of(instance);
          double mx = 0;
          for (int x = 0; x < fBase.length; x++) {
            mx = Math.max(mx, Math.abs(eval.value(o, x, outs[p]) - fBase[x]));
          }
          loss[p] = mx;
          int i = positions[p];
          if (i < 0 || i >= fBase.length) {
            throw new IllegalStateException("position " + i + " outside S"); // S opens eval
          }
          terms[p] = eval.value(o, i, outs[p]) - fBase[i];
          int c = chosen[p];
          if (c < 0 || c >= candidates.length) {
            throw new IllegalStateException("candidate " + c + " outside the candidate set");
          }
          Sample si = s.replace(positions[p], candidates[c], -1);
          Kernels c2 = Kernels.of(o, si);
          double[] k2 = c2.kernelPart(e0);
          BoundValue[] b = PairBounds.of(instance, spec, e0, covS, kS, c2, k2);
          gen[p] = b[0];
          cover[p] = b[1];
          lossB[p] = b[2];
        });
    BoundValue ag = BoundValue.of(0, "max over no pairs");
    BoundValue ac = ag;
    BoundValue lb = ag;
    for (int p = 0; p < np; p++) {
      ag = p == 0 ? gen[p] : ag.max(gen[p]);
      ac = p == 0 ? cover[p] : ac.max(cover[p]);
      lb = p == 0 ? lossB[p] : lb.max(lossB[p]);
    }
    Double kp = covS.kappaPlus();
    return new Result(
        base,
        positions.clone(),
        chosen,
        argument,
        loss,
        terms,
        ag,
        ac,
        lb,
        covS.kernelDim(),
        covS.kappa(),
        kp == null ? 0 : kp,
        ne,
        rr,
        (long) positions.length * s.size());
  }

  private static Retraining.Result retrain(
      Instance instance,
      Sample s,
      LearnerSpec spec,
      int[] taskPos,
      Features[] taskRepl,
      boolean shortcuts,
      int threads,
      ProgressListener progress) {
    switch (spec.algorithm()) {
      case GA:
        return Retraining.ga(
            instance,
            s,
            taskPos,
            taskRepl,
            Reals.positive(spec.eta(), "eta"),
            spec.w0(),
            spec.steps(),
            spec.selection(),
            shortcuts,
            threads,
            progress);
      case SGA:
        {
          StepSchedule sched = spec.schedule();
          if (sched == null) {
            throw new IllegalArgumentException("SGA needs a schedule");
          }
          return Retraining.sga(
              instance,
              s,
              taskPos,
              taskRepl,
              sched,
              spec.w0(),
              spec.order(),
              spec.selection(),
              shortcuts,
              threads,
              progress);
        }
      case EXACT:
        return Retraining.exact(
            instance, s, taskPos, taskRepl, spec.w0(), shortcuts, threads, progress);
      default:
        throw new IllegalArgumentException(
            "replace-one experiments support GA, SGA and EXACT, not " + spec.algorithm());
    }
  }

  /**
   * The evaluation set {@code E} read in place, as the list of its parts (S, each candidate, the
   * population): prompt {@code x} of {@code E} is prompt {@code x - first(p)} of the part {@code p}
   * that holds it. Nothing is copied, and each prompt's value reads the same rows with the same
   * kernel as in one concatenated block, so it is the same bits.
   */
  private static final class EvaluationSet {
    private final Features[] parts;

    /** {@code firsts[p]} = the number of prompts before part p; {@code firsts[parts]} = |E|. */
    private final int[] firsts;

    /** |E|. */
    private final @NonNegative int size;

    EvaluationSet(List<Features> list) {
      parts = list.toArray(new Features[0]);
      firsts = new int[parts.length + 1];
      int total = 0;
      for (int p = 0; p < parts.length; p++) {
        total = Math.addExact(total, parts[p].size());
        firsts[p + 1] = total;
      }
      size = Math.max(0, total);
    }

    @NonNegative int size() {
      return size;
    }

    /** {@code f(w; x)} for prompt {@code x} of {@code E}. */
    double value(Objective o, int x, double[] w) {
      int at = Arrays.binarySearch(firsts, x);
      // at >= 0: x opens part at (every part holds a prompt, so the firsts ascend strictly)
      int p = at >= 0 ? at : -at - 2;
      if (p < 0 || p >= parts.length || x >= size()) {
        throw new IllegalArgumentException("prompt " + x + " is outside the evaluation set");
      }
      Indices.requireIndex(parts, p);
      Indices.requireIndex(firsts, p);
      return o.promptValue(parts[p], x - firsts[p], w);
    }
  }

  static double dist(double[] a, double[] c) {
    Indices.requireLength(c, a.length);
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double x = a[j] - c[j];
      s += x * x;
    }
    return Math.sqrt(s);
  }

  static void parallel(int threads, int tasks, java.util.function.IntConsumer body) {
    Retraining.parallel(threads, tasks, body);
  }

  /**
   * The GA default step for an instance and start (re-exported for experiment set-up).
   *
   * @param instance the instance
   * @param w0 the start
   * @return {@code 1/L(D0)}
   */
  public static @PositiveReal double defaultStep(Instance instance, double[] w0) {
    return GradientAscent.defaultStep(instance, w0);
  }
}
