package org.rlhfbounds.learners;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.checkerframework.checker.index.qual.SameLen;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.ProgressListener;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;
import org.rlhfbounds.objective.Workspace;

/**
 * Replace-one retraining: the outputs {@code A(S^(k))} of GA or SGA on the samples {@code S^(k)}
 * obtained from {@code S} by replacing prompt {@code positions[k]} with {@code replacements[k]},
 * each bit-for-bit the output of a fresh run on {@code S^(k)}, computed more cheaply where an
 * exact route exists:
 *
 * <ul>
 *   <li><b>Identical replacement</b> (same candidates, same feature bits as the replaced prompt):
 *       {@code S^(k) = S}, so {@code A(S^(k)) = A(S)}; nothing is run.
 *   <li><b>GA fixed point</b>: a run stops computing gradients once an update leaves {@code w}
 *       unchanged bit for bit (GA is a deterministic map; from a fixed point every later iterate
 *       is the same bits). Under coverage GA contracts to {@code w*} linearly (F6), so a long run
 *       reaches its floating-point fixed point early.
 *   <li><b>SGA shared prefix</b> (LAST and AVERAGE selection): the runs on {@code S} and {@code
 *       S^(k)} use the same prompt order (the coupling of stability analysis); until the first step
 *       that draws the replaced position they use the same prompts from the same iterate, so they
 *       coincide bit for bit. The base run stores its state ({@code w_{t-1}} and the running sum of
 *       iterates) at the first draw of each position, and the run on {@code S^(k)} resumes there.
 *       A position never drawn gives {@code A(S^(k)) = A(S)}.
 * </ul>
 *
 * <p>What is NOT exact and not done: warm starts from {@code A(S)} (a different start gives a
 * different trajectory), and reusing the full gradient of {@code S} plus the difference of the two
 * prompts' gradients ({@code grad F_{S^(k)}(w) = grad F_S(w) + (grad f(w;x') - grad f(w;x_i))/n}
 * holds only at the same {@code w}, and the iterates of the two runs differ from the first step on;
 * it also changes the summation order, so not even the first step would be bit-identical).
 *
 * <p>Tasks run in parallel on a {@link ForkJoinPool} of the requested size, each with its own
 * {@link Objective}; results land in task order, so they are the same whatever the thread count.
 * Thread-safe: stateless.
 */
public final class Retraining {
  private Retraining() {}

  /**
   * The outcome: the base output {@code A(S)}, the task outputs, and the cost.
   *
   * <p>Thread-safe: immutable (arrays copied out).
   */
  public static final class Result {
    private final double[] base;
    private final double[][] outputs;
    private final long baseEvaluations;
    private final long performed;
    private final long naive;
    private final int identical;
    private final int fixedPointStops;
    private final long stepsSkipped;

    Result(
        double[] base,
        double[][] outputs,
        long baseEvaluations,
        long performed,
        long naive,
        int identical,
        int fixedPointStops,
        long stepsSkipped) {
      this.base = base;
      this.outputs = outputs;
      this.baseEvaluations = baseEvaluations;
      this.performed = performed;
      this.naive = naive;
      this.identical = identical;
      this.fixedPointStops = fixedPointStops;
      this.stepsSkipped = stepsSkipped;
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
     * Returns the number of tasks.
     *
     * @return the count
     */
    public int size() {
      return outputs.length;
    }

    /**
     * Returns {@code A(S^(k))}.
     *
     * @param k the task
     * @return a copy
     */
    public double[] output(int k) {
      if (k < 0 || k >= outputs.length) {
        throw new IndexOutOfBoundsException(
            "task " + k + " is outside [0, " + outputs.length + ")");
      }
      return outputs[k].clone();
    }

    /**
     * Returns the per-prompt gradient evaluations of the base run.
     *
     * @return the base cost
     */
    public long baseEvaluations() {
      return baseEvaluations;
    }

    /**
     * Returns the per-prompt gradient evaluations performed for the tasks.
     *
     * @return the performed cost
     */
    public long performedEvaluations() {
      return performed;
    }

    /**
     * Returns what fresh runs of every task would have cost.
     *
     * @return the naive cost
     */
    public long naiveEvaluations() {
      return naive;
    }

    /**
     * Returns the number of tasks skipped because the replacement equals the replaced prompt.
     *
     * @return the count
     */
    public int identicalReplacements() {
      return identical;
    }

    /**
     * Returns the number of GA task runs that reached a floating-point fixed point before T.
     *
     * @return the count
     */
    public int fixedPointStops() {
      return fixedPointStops;
    }

    /**
     * Returns the number of SGA steps taken from the shared prefix instead of recomputed.
     *
     * @return the count
     */
    public long sharedSteps() {
      return stepsSkipped;
    }
  }

  // reason: flat rows: off + p < (firstRow(i) + k) * d and offY + p < (firstRow(0) + k) * d, the
  // ends of the two prompts in their arrays
  @SuppressWarnings("index")
  static boolean samePrompt(Features a, int i, Features one) {
    int k = a.candidates(i);
    if (one.candidates(0) != k) {
      return false;
    }
    int d = a.dim();
    double[] x = a.promptRows(i, a.rowScratch()); // a float32 block is not widened as a whole
    double[] y = one.promptRows(0, one.rowScratch());
    int off = a.firstRow(i) * d;
    int offY = one.firstRow(0) * d;
    for (int p = 0; p < k * d; p++) {
      if (Double.doubleToRawLongBits(x[off + p]) != Double.doubleToRawLongBits(y[offY + p])) {
        return false;
      }
    }
    return true;
  }

  private static void check(Sample s, int[] positions, Features[] replacements) {
    if (positions.length != replacements.length) {
      throw new IllegalArgumentException(
          "positions and replacements must have the same length, got "
              + positions.length
              + " and "
              + replacements.length);
    }
    for (int k = 0; k < positions.length; k++) {
      if (positions[k] < 0 || positions[k] >= s.size()) {
        throw new IllegalArgumentException(
            "positions[" + k + "] = " + positions[k] + " is outside [0, " + s.size() + ")");
      }
      if (replacements[k].size() != 1 || replacements[k].dim() != s.prompts().dim()) {
        throw new IllegalArgumentException(
            "replacements[" + k + "] must hold one prompt of dimension " + s.prompts().dim());
      }
    }
  }

  /**
   * Runs {@code body(0) .. body(tasks - 1)} on a fresh {@link ForkJoinPool} of {@code threads}
   * workers (inline when {@code threads == 1}) and waits. The body must write its results to
   * per-task slots; then the outcome does not depend on the thread count.
   *
   * @param threads workers, {@code >= 1}
   * @param tasks the number of tasks
   * @param body the task body
   */
  public static void parallel(int threads, int tasks, java.util.function.IntConsumer body) {
    parallel(threads, tasks, ProgressListener.NONE, body);
  }

  /**
   * As {@link #parallel(int, int, java.util.function.IntConsumer)}, telling {@code progress} of
   * each task done (one unit per task).
   *
   * @param threads workers, {@code >= 1}
   * @param tasks the number of tasks
   * @param progress told of each task done
   * @param body the task body
   */
  public static void parallel(
      int threads, int tasks, ProgressListener progress, java.util.function.IntConsumer body) {
    java.util.function.IntConsumer counted =
        progress == ProgressListener.NONE
            ? body
            : k -> {
              body.accept(k);
              progress.advance(1);
            };
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (threads == 1 || tasks <= 1) {
      for (int k = 0; k < tasks; k++) {
        counted.accept(k);
      }
      return;
    }
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      pool.submit(() -> IntStream.range(0, tasks).parallel().forEach(counted)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      if (c instanceof Error) {
        throw (Error) c;
      }
      throw new IllegalStateException(c);
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Replace-one outputs of Gradient Ascent with a constant step.
   *
   * @param instance the instance
   * @param s the sample S
   * @param positions the replaced position of each task
   * @param replacements the replacement prompt of each task (one prompt each)
   * @param eta the step
   * @param w0 the start
   * @param steps T
   * @param selection the output rule
   * @param shortcuts whether exact shortcuts are taken (false: the naive route, for timing)
   * @param threads the number of worker threads, {@code >= 1}
   * @param progress told of each retraining done (the unit: one replace-one run; the caller
   *     announces them)
   * @return the outputs and cost
   * @throws IllegalArgumentException if a qualified argument is NaN, infinite or outside its range
   */
  @Theorem("F10")
  // reason: task k < m = positions.length (parallel); positions checked by check
  @SuppressWarnings("index")
  public static Result ga(
      Instance instance,
      Sample s,
      int[] positions,
      Features[] replacements,
      @PositiveReal double eta,
      double[] w0,
      int steps,
      Selection selection,
      boolean shortcuts,
      int threads,
      ProgressListener progress) {
    Reals.positive(eta, "eta");
    check(s, positions, replacements);
    Recording rec =
        Recording.lean()
            .withFullGradients(selection == Selection.BEST_GRADIENT)
            .withShortcuts(shortcuts);
    Trajectory baseRun = GradientAscent.run(Objective.of(instance), s, eta, w0, steps, rec);
    double[] base = baseRun.selected(selection);
    int m = positions.length;
    double[][] out = new double[m][];
    long[] performed = new long[m];
    long[] naive = new long[m];
    boolean[] same = new boolean[m];
    boolean[] fixed = new boolean[m];
    parallel(
        threads,
        m,
        progress,
        k -> {
          int i = positions[k];
          long fresh = (long) s.size() * steps + (rec.fullGradients() ? s.size() : 0);
          naive[k] = fresh;
          if (shortcuts && samePrompt(s.prompts(), i, replacements[k])) {
            out[k] = base.clone();
            same[k] = true;
            return;
          }
          Sample si = s.replace(i, replacements[k], -1);
          Trajectory tr = GradientAscent.run(Objective.of(instance), si, eta, w0, steps, rec);
          out[k] = tr.selected(selection);
          performed[k] = tr.performedEvaluations();
          fixed[k] = tr.fixedPointStep() >= 0;
        });
    long p = 0;
    long nv = 0;
    int id = 0;
    int fx = 0;
    for (int k = 0; k < m; k++) {
      p += performed[k];
      nv += naive[k];
      id += same[k] ? 1 : 0;
      fx += fixed[k] ? 1 : 0;
    }
    return new Result(base, out, baseRun.performedEvaluations(), p, nv, id, fx, 0);
  }

  /**
   * Replace-one outputs of Stochastic Gradient Ascent, every run using the same prompt order
   * (the coupling of stability analysis: where the base run draws position {@code i}, the run on
   * {@code S^(k)} draws the same position, now holding the replacement).
   *
   * @param instance the instance
   * @param s the sample S
   * @param positions the replaced position of each task
   * @param replacements the replacement prompt of each task
   * @param schedule the steps
   * @param w0 the start
   * @param order the prompt order, T = its length
   * @param selection the output rule
   * @param shortcuts whether exact shortcuts are taken
   * @param threads the number of worker threads
   * @param progress told of each retraining done (the unit: one replace-one run; the caller
   *     announces them)
   * @return the outputs and cost
   */
  @Theorem("F10")
  // reason: task k < m (parallel); positions i < n checked; snapshots are n x d
  @SuppressWarnings("index")
  public static Result sga(
      Instance instance,
      Sample s,
      int[] positions,
      Features[] replacements,
      StepSchedule schedule,
      double[] w0,
      int[] order,
      Selection selection,
      boolean shortcuts,
      int threads,
      ProgressListener progress) {
    check(s, positions, replacements);
    int n = s.size();
    StochasticGradientAscent.checkOrder(order, n);
    int steps = order.length;
    schedule.requireSteps(steps);
    int m = positions.length;
    double[][] out = new double[m][];
    long[] performed = new long[m];
    long[] naive = new long[m];
    long[] shared = new long[m];
    boolean[] same = new boolean[m];
    if (selection == Selection.BEST_GRADIENT) {
      // full gradients of S^(k) differ from those of S even on the shared prefix: fresh runs
      Recording rec = Recording.lean();
      Trajectory baseRun =
          StochasticGradientAscent.run(Objective.of(instance), s, schedule, w0, order, rec, null);
      double[] base = baseRun.selected(selection);
      parallel(
          threads,
          m,
          progress,
          k -> {
            int i = positions[k];
            naive[k] = steps + (long) n * (steps + 1);
            if (shortcuts && samePrompt(s.prompts(), i, replacements[k])) {
              out[k] = base.clone();
              same[k] = true;
              return;
            }
            Sample si = s.replace(i, replacements[k], -1);
            Trajectory tr =
                StochasticGradientAscent.run(
                    Objective.of(instance), si, schedule, w0, order, rec, null);
            out[k] = tr.selected(selection);
            performed[k] = tr.performedEvaluations();
          });
      return sum(base, out, baseRun.performedEvaluations(), performed, naive, same, shared);
    }
    int d = instance.dim();
    GradientAscent.check(w0, d, "w0");
    // base run, storing the state at the first draw of every position
    int[] firstStep = new int[n];
    double[] snapW = new double[n * d];
    double[] snapSum = new double[n * d];
    java.util.Arrays.fill(firstStep, -1);
    double[] w = w0.clone();
    double[] sumW = new double[d];
    leanRun(instance, s, schedule, order, 1, w, sumW, firstStep, snapW, snapSum);
    double[] base = output(w, sumW, w0, steps, selection);
    parallel(
        threads,
        m,
        progress,
        k -> {
          int i = positions[k];
          naive[k] = steps;
          if (shortcuts && samePrompt(s.prompts(), i, replacements[k])) {
            out[k] = base.clone();
            same[k] = true;
            return;
          }
          int t0 = shortcuts ? firstStep[i] : 1;
          if (t0 < 0) {
            out[k] = base.clone();
            shared[k] = steps;
            return;
          }
          Sample si = s.replace(i, replacements[k], -1);
          double[] wk = new double[d];
          double[] sk = new double[d];
          if (shortcuts) {
            System.arraycopy(snapW, i * d, wk, 0, d);
            System.arraycopy(snapSum, i * d, sk, 0, d);
          } else {
            System.arraycopy(w0, 0, wk, 0, d);
          }
          leanRun(instance, si, schedule, order, t0, wk, sk, null, null, null);
          out[k] = output(wk, sk, w0, steps, selection);
          performed[k] = steps - (t0 - 1);
          shared[k] = t0 - 1;
        });
    return sum(base, out, steps, performed, naive, same, shared);
  }

  /**
   * Replace-one outputs of the exact empirical optimum {@link EmpiricalOptimum#exact} (the limit
   * of GA from {@code w0}). Cost: one covariance ({@code n} per-prompt evaluations) per run.
   *
   * @param instance the instance
   * @param s the sample
   * @param positions the replaced position of each task
   * @param replacements the replacement of each task
   * @param w0 the start
   * @param shortcuts whether identical replacements are skipped
   * @param threads worker threads
   * @param progress told of each retraining done (the unit: one replace-one run; the caller
   *     announces them)
   * @return the outputs and cost
   */
  @Theorem("F10")
  // reason: task k < m = positions.length (parallel); positions checked by check
  @SuppressWarnings("index")
  public static Result exact(
      Instance instance,
      Sample s,
      int[] positions,
      Features[] replacements,
      double[] w0,
      boolean shortcuts,
      int threads,
      ProgressListener progress) {
    check(s, positions, replacements);
    double[] base = EmpiricalOptimum.exact(Objective.of(instance), s, w0).w();
    int m = positions.length;
    double[][] out = new double[m][];
    long[] performed = new long[m];
    long[] naive = new long[m];
    boolean[] same = new boolean[m];
    parallel(
        threads,
        m,
        progress,
        k -> {
          naive[k] = s.size();
          if (shortcuts && samePrompt(s.prompts(), positions[k], replacements[k])) {
            out[k] = base.clone();
            same[k] = true;
            return;
          }
          Sample si = s.replace(positions[k], replacements[k], -1);
          out[k] = EmpiricalOptimum.exact(Objective.of(instance), si, w0).w();
          performed[k] = s.size();
        });
    return sum(base, out, s.size(), performed, naive, same, new long[m]);
  }

  private static Result sum(
      double[] base,
      double[][] out,
      long baseCost,
      long @SameLen("#2") [] performed,
      long @SameLen("#2") [] naive,
      boolean @SameLen("#2") [] same,
      long @SameLen("#2") [] shared) {
    long p = 0;
    long nv = 0;
    long sh = 0;
    int id = 0;
    for (int k = 0; k < out.length; k++) {
      p += performed[k];
      nv += naive[k];
      sh += shared[k];
      id += same[k] ? 1 : 0;
    }
    return new Result(base, out, baseCost, p, nv, id, 0, sh);
  }

  private static double[] output(
      double[] w,
      double @SameLen("#1") [] sumW,
      double @SameLen("#1") [] w0,
      int steps,
      Selection selection) {
    if (selection == Selection.LAST) {
      return w.clone();
    }
    double[] a = new double[w.length];
    for (int j = 0; j < w.length; j++) {
      a[j] = steps == 0 ? w0[j] : sumW[j] / steps;
    }
    return a;
  }

  /**
   * Lean SGA from step {@code t0} (state {@code w = w_{t0-1}}, {@code sumW = sum_{s<t0} w_s}) to
   * T, the same arithmetic as {@link StochasticGradientAscent#run}; optionally stores the state at
   * the first draw of every position.
   */
  // reason: order holds positions < n, t0 >= 1; snapshots are n x d, sumW has d
  @SuppressWarnings("index")
  private static void leanRun(
      Instance instance,
      Sample s,
      StepSchedule schedule,
      int[] order,
      int t0,
      double[] w,
      double[] sumW,
      int @org.checkerframework.checker.nullness.qual.Nullable [] firstStep,
      double @org.checkerframework.checker.nullness.qual.Nullable [] snapW,
      double @org.checkerframework.checker.nullness.qual.Nullable [] snapSum) {
    int d = w.length;
    double beta = instance.beta();
    double[] wStar = instance.wStar();
    Features f = s.prompts();
    Workspace ws = new Workspace(f.maxCandidates(), d);
    double[] u = new double[d];
    double[] g = new double[d];
    for (int t = t0; t <= order.length; t++) {
      int i = order[t - 1];
      if (firstStep != null && snapW != null && snapSum != null && firstStep[i] < 0) {
        firstStep[i] = t;
        System.arraycopy(w, 0, snapW, i * d, d);
        System.arraycopy(sumW, 0, snapSum, i * d, d);
      }
      StochasticGradientAscent.step(f, i, w, wStar, beta, schedule.eta(t), u, g, ws);
      for (int j = 0; j < d; j++) {
        sumW[j] += w[j];
      }
    }
  }
}
