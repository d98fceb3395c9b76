package org.rlhfbounds.report;

import static org.rlhfbounds.report.ExperimentSupport.deltaText;
import static org.rlhfbounds.report.ExperimentSupport.cell;
import static org.rlhfbounds.report.ExperimentSupport.columns;
import static org.rlhfbounds.report.ExperimentSupport.doubling;
import static org.rlhfbounds.report.ExperimentSupport.draw;
import static org.rlhfbounds.report.ExperimentSupport.droppedNote;
import static org.rlhfbounds.report.ExperimentSupport.failed;
import static org.rlhfbounds.report.ExperimentSupport.fmt;
import static org.rlhfbounds.report.ExperimentSupport.geometricMean;
import static org.rlhfbounds.report.ExperimentSupport.geometricMeans;
import static org.rlhfbounds.report.ExperimentSupport.population;
import static org.rlhfbounds.report.ExperimentSupport.slopeText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.common.value.qual.MinLen;
import org.rlhfbounds.bounds.BoundInputs;
import org.rlhfbounds.bounds.BoundResult;
import org.rlhfbounds.bounds.Bounds;
import org.rlhfbounds.bounds.GaSeedTheorem;
import org.rlhfbounds.bounds.GaSharpTheorem;
import org.rlhfbounds.bounds.SeedClaims;
import org.rlhfbounds.bounds.SgaSeedTheorem;
import org.rlhfbounds.bounds.SgaSharpTheorem;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.learners.Learners;
import org.rlhfbounds.learners.Selection;
import org.rlhfbounds.learners.TrainOptions;
import org.rlhfbounds.learners.TrainResult;
import org.rlhfbounds.learners.Trajectory;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.ProgressListener;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.rates.FitOptions;
import org.rlhfbounds.rates.LogLogSlope;
import org.rlhfbounds.rates.NonPositivePolicy;
import org.rlhfbounds.rates.RateData;
import org.rlhfbounds.rates.Seeds;
import org.rlhfbounds.rates.SlopeFit;
import org.rlhfbounds.rates.SweepResult;
import org.rlhfbounds.report.ExperimentSupport.Draw;
import org.rlhfbounds.stability.StabilityBounds;

/**
 * GA and SGA against the number of steps {@code T} on a finite population (by default SPHERE, K =
 * 4, beta = 1, B = 1; seed claims {@link
 * SeedClaims#GRADIENT_ASCENT}, {@code O(T^-1/4)}, and {@link
 * SeedClaims#STOCHASTIC_GRADIENT_ASCENT}, {@code O(T^-1/8)}): the optimisation error {@code F_S(w*)
 * - F_S(w_sel)} and the gap {@code |F(w_sel) - F_S(w_sel)|} of the best-gradient, last and average
 * iterates, each {@code T} a fresh run from {@code w_ref}, with the seed-form and sharp bounds of
 * the bounds package on replicate 0's sample, and the cost of each selection rule.
 *
 * <p>Thread-safe: immutable.
 *
 * @param config the sizes of the runs
 */
record OptimisationExperiment(Config config) implements Experiment {

  /** The family of the population unless a configuration names another. */
  static final Family FAMILY = Family.SPHERE;

  /** The candidates K per prompt unless a configuration names another number. */
  static final int CANDIDATES = 4;

  /** The algorithms, in run order, unless a configuration names fewer. */
  static final List<Algorithm> ALGORITHMS = List.of(Algorithm.GA, Algorithm.SGA);

  /**
   * The population, runs and sizes of the optimisation experiment.
   *
   * @param population the finite population
   * @param n the sample size
   * @param algorithms the algorithms run, a non-empty sub-list of {@link #ALGORITHMS} in its order
   * @param gaSteps the step counts T of GA (increasing; empty when GA does not run)
   * @param sgaSteps the step counts T of SGA (increasing; empty when SGA does not run)
   * @param replicates samples per algorithm
   * @param gaEta GA's constant step, or empty for {@code 1/L(D0)}
   * @param seed the section's seed, or empty for the master seed
   * @param delta the failure probability of the bounds, in {@code (0, 1)}
   */
  record Config(
      Population population,
      int n,
      List<Algorithm> algorithms,
      Sizes gaSteps,
      Sizes sgaSteps,
      int replicates,
      OptionalDouble gaEta,
      OptionalLong seed,
      double delta) {
    static final Config FULL =
        of(2000, 16, 256, Sizes.of(doubling(1, 512)), Sizes.of(doubling(4, 8192)), 16);
    static final Config QUICK =
        of(500, 16, 64, Sizes.of(doubling(1, 128)), Sizes.of(doubling(4, 1024)), 6);
    static final Config TINY =
        of(200, 4, 32, Sizes.of(doubling(1, 16)), Sizes.of(doubling(4, 64)), 3);

    /**
     * The population, runs and sizes, the algorithms copied.
     *
     * @param population the finite population
     * @param n the sample size
     * @param algorithms the algorithms run
     * @param gaSteps the step counts T of GA
     * @param sgaSteps the step counts T of SGA
     * @param replicates samples per algorithm
     * @param gaEta GA's constant step, or empty
     * @param seed the section's seed, or empty
     * @param delta the failure probability of the bounds
     */
    Config {
      algorithms = List.copyOf(algorithms);
    }

    /** The default population, both algorithms, GA's default step and the default delta. */
    private static Config of(
        int prompts, int dim, int n, Sizes gaSteps, Sizes sgaSteps, int replicates) {
      return new Config(
          Population.generated(FAMILY, prompts, CANDIDATES, dim, 1.0, 1.0), n, ALGORITHMS,
          gaSteps, sgaSteps, replicates, OptionalDouble.empty(), OptionalLong.empty(),
          StabilityBounds.DEFAULT_DELTA);
    }

    /**
     * The step counts of one algorithm.
     *
     * @param alg GA or SGA
     * @return its grid
     */
    Sizes steps(Algorithm alg) {
      return alg == Algorithm.GA ? gaSteps : sgaSteps;
    }
  }

  private static final Selection[] RULES = {
    Selection.BEST_GRADIENT, Selection.LAST, Selection.AVERAGE
  };

  /** Columns per (T, rule): optimisation error, gap. Then per T: step and selection cost. */
  private static final int COLS = 2 * 3 + 2;


  @Override
  public String label() {
    return "GA and SGA vs T";
  }

  /** One unit per replicate and step count T of each algorithm that runs. */
  @Override
  public long units() {
    long u = 0;
    for (Algorithm a : config.algorithms()) {
      u += (long) config.steps(a).values().length * config.replicates();
    }
    return u;
  }

  /**
   * One replicate of the optimisation experiment: a sample, then for every T a fresh run of T
   * steps; per T and rule {@code F_S(w*) - F_S(w_sel)} and {@code |F(w_sel) - F_S(w_sel)|}, then
   * the step and selection costs.
   *
   * @param inst the instance
   * @param alg GA or SGA
   * @param n sample size
   * @param ts the step counts
   * @param cellSeed the replicate's seed (sample and SGA orders)
   * @return {@code COLS} values per T
   */
  // reason: flat: COLS * k + c < COLS * ts.length for k < ts.length, c < COLS
  @SuppressWarnings("index")
  static double[] replicate(Instance inst, Algorithm alg, int n, int[] ts, long cellSeed) {
    return replicate(inst, alg, n, ts, cellSeed, OptionalDouble.empty());
  }

  /**
   * {@link #replicate(Instance, Algorithm, int, int[], long)} with GA's step {@code gaEta} (empty:
   * {@code 1/L(D0)}).
   */
  // reason: flat: COLS * k + c < COLS * ts.length for k < ts.length, c < COLS
  @SuppressWarnings("index")
  private static double[] replicate(
      Instance inst, Algorithm alg, int n, int[] ts, long cellSeed, OptionalDouble gaEta) {
    Draw c = draw(inst, n, cellSeed);
    double[] out = new double[COLS * ts.length];
    for (int k = 0; k < ts.length; k++) {
      TrainResult tr =
          Learners.train(
              inst,
              c.s(),
              TrainOptions.of(alg)
                  .steps(ts[k])
                  .seed(Seeds.derive(cellSeed, 7, ts[k]))
                  .eta(alg == Algorithm.GA ? gaEta : OptionalDouble.empty())
                  .trace(false));
      Trajectory traj = tr.trajectory();
      if (traj == null) {
        throw new IllegalStateException(alg + " returned no trajectory");
      }
      for (int q = 0; q < RULES.length; q++) {
        double[] w = traj.selected(RULES[q]);
        out[COLS * k + 2 * q] = c.o().excess(c.s(), w);
        out[COLS * k + 2 * q + 1] = Math.abs(c.o().value(c.pop(), w) - c.o().value(c.s(), w));
      }
      out[COLS * k + 6] = traj.stepEvaluations();
      out[COLS * k + 7] = traj.selectionEvaluations();
    }
    return out;
  }

  /**
   * The runs of one algorithm: the instance, GA or SGA, the sample size n, the step counts T and
   * the number of replicates (samples).
   */
  private record Grid(Instance inst, Algorithm alg, int n, int[] ts, int replicates) {}

  /**
   * The optimisation experiment for one algorithm as a sweep: parameter {@code j} is replicate
   * {@code j} (one cell each, seed {@code Seeds.derive(seed, j, 0)}), a cell stands for its runs,
   * one progress unit per step count T.
   *
   * @param g the instance, algorithm, sample size, step counts and replicates
   * @param seed the sweep seed
   * @param gaEta GA's constant step (empty: 1/L(D0))
   * @return the sweep
   */
  private static SweepPlan sweepPlan(Grid g, long seed, OptionalDouble gaEta) {
    List<Integer> reps = new ArrayList<>();
    for (int j = 0; j < g.replicates(); j++) {
      reps.add(j);
    }
    return new SweepPlan(reps, 1, seed, g.ts().length,
        (j, s) -> replicate(g.inst(), g.alg(), g.n(), g.ts(), s, gaEta));
  }

  /** Per replicate, the values of {@link #replicate}. */
  private static double[][] runs(SweepResult<Integer> r) {
    double[][] out = new double[r.params().size()][];
    for (int j = 0; j < out.length; j++) {
      out[j] = r.get(j, 0);
    }
    return out;
  }

  /** Rate data of one column (rule q, measure m: 0 opt error, 1 gap) against T. */
  // reason: each run holds COLS values per T (replicate); q < 3, m < 2
  @SuppressWarnings("index")
  static RateData columnData(String name, int[] ts, double[][] runs, int q, int m) {
    double[] x = new double[ts.length];
    double[][] y = new double[ts.length][runs.length];
    for (int k = 0; k < ts.length; k++) {
      x[k] = ts[k];
      for (int j = 0; j < runs.length; j++) {
        y[k][j] = runs[j][COLS * k + 2 * q + m];
      }
    }
    return RateData.of(name, x, y);
  }

  /**
   * Fits the log-log slope of the best-gradient optimisation error against T.
   *
   * @param inst the instance
   * @param alg GA or SGA
   * @param n sample size
   * @param ts step counts
   * @param replicates samples
   * @param seed seed
   * @param resamples bootstrap resamples
   * @param threads threads
   * @return the fit (non-positive errors dropped and listed)
   */
  static SlopeFit fit(
      Instance inst,
      Algorithm alg,
      int n,
      int[] ts,
      int replicates,
      long seed,
      int resamples,
      int threads) {
    double[][] runs =
        runs(sweepPlan(new Grid(inst, alg, n, ts, replicates), Seeds.stream(seed, 1),
            OptionalDouble.empty()).run(threads, ProgressListener.NONE));
    return LogLogSlope.fit(
        columnData("optimisation error", ts, runs, 0, 0),
        FitOptions.seeded(Seeds.stream(seed, 2))
            .withResamples(resamples)
            .withPolicy(NonPositivePolicy.DROP));
  }

  @Override
  public Plan plan(Context master) {
    Context ctx = master.reseeded(config.seed());
    Instance inst = config.population().instance(Seeds.stream(ctx.seed(), 20));
    List<SweepPlan> sweeps = new ArrayList<>();
    for (int a = 0; a < ALGORITHMS.size(); a++) {
      Algorithm alg = ALGORITHMS.get(a);
      if (config.algorithms().contains(alg)) {
        Grid g = new Grid(inst, alg, config.n(), config.steps(alg).values(), config.replicates());
        sweeps.add(sweepPlan(g, Seeds.stream(ctx.seed(), 21 + a), config.gaEta()));
      }
    }
    return new Plan(sweeps, rs -> outcome(ctx, inst, rs));
  }

  /** The section and claim rows of the sweeps' results, one sweep per algorithm that runs. */
  private Outcome outcome(Context ctx, Instance inst, List<SweepResult<Integer>> results) {
    Population pop = config.population();
    String setting =
        String.format(
            Locale.ROOT,
            "%s, B = %s, n = %d, w0 = w_ref%s, R = %d",
            pop.head(), fmt(pop.featureBound()), config.n(),
            pop.isGenerated() && pop.beta() == 1.0 ? " (D0 = 1)" : "", config.replicates());
    OptionalDouble gaEta = config.gaEta();
    String gaStep = gaEta.isPresent() ? "eta = " + fmt(gaEta.getAsDouble()) : "eta = 1/L(D0)";
    Section.Builder sec =
        Section.builder("Gradient ascent and stochastic gradient ascent vs T")
            .paragraph(
                "Optimisation error F_S(w*) - F_S(w_sel) (exact: beta E_S KL(pi_w || pi_{w*}), F1)"
                    + " and gap |F(w_sel) - F_S(w_sel)| of the best-gradient (the seed's rule),"
                    + " last and average iterates, each T a fresh run from w_ref; GA with " + gaStep
                    + ", SGA with eta_t = 1/(2 L sqrt t), L(D0) = beta B^2 (1 + 2 B D0)."
                    + " Bounds (dotted) are the bounds package's theorems on replicate 0's sample,"
                    + " delta = " + deltaText(config.delta())
                    + ": the seed-form bound (T-GA-SEED, T-SGA-SEED)"
                    + " and the sharp bound (T-GA-SHARP, T-SGA-SHARP). Setting: " + setting
                    + ".");
    Table.Builder cost =
        Table.builder(
            "Cost of each selection rule at the largest T, in per-prompt gradient evaluations"
                + " (one = the gradient of f(.; x) for one prompt): the algorithm's steps plus the"
                + " full gradients the rule needs (the best-gradient rule for SGA needs a full"
                + " gradient, n evaluations, per candidate iterate).",
            "algorithm", "T", "rule", "step evaluations", "selection evaluations", "total");
    List<ClaimRow> claims = new ArrayList<>();
    int k = 0;
    for (int a = 0; a < ALGORITHMS.size(); a++) {
      Algorithm alg = ALGORITHMS.get(a);
      if (config.algorithms().contains(alg)) {
        claims.add(algorithm(ctx, inst, alg, a, setting + (a == 0 ? ", " + gaStep : ""),
            runs(results.get(k++)), sec, cost));
      }
    }
    sec.table(cost.build());
    return new Outcome(sec.build(), claims);
  }

  /**
   * One algorithm's part: two figures, the table of geometric means, the fit paragraph and the
   * cost rows; returns its claim row.
   */
  // reason: non-empty step grid; each run holds COLS values per T (replicate)
  @SuppressWarnings("index")
  private ClaimRow algorithm(
      Context ctx,
      Instance inst,
      Algorithm alg,
      int a,
      String setting,
      double[][] runs,
      Section.Builder sec,
      Table.Builder cost) {
    long seed = ctx.seed();
    boolean ga = alg == Algorithm.GA;
    int[] ts = config.steps(alg).values();
    Sample s0 =
        population(inst)
            .sample(config.n(), new SplittableRandom(
                Seeds.derive(Seeds.stream(seed, 21 + a), 0, 0)));
    BoundCurves bc =
        boundCurves(inst, s0, alg, ts, Reals.positiveProbability(config.delta(), "delta"),
            config.gaEta());
    double claimed = ga ? -0.25 : -0.125;
    String claimText = ga ? "T^-1/4" : "T^-1/8";
    SlopeFit[] fits = new SlopeFit[2];
    for (int m = 0; m < 2; m++) {
      String what =
          m == 0 ? "optimisation error F_S(w*) - F_S(w_sel)" : "gap |F(w_sel) - F_S(w_sel)|";
      RateData best = columnData(what + ", best gradient", ts, runs, 0, m);
      fits[m] = LogLogSlope.fit(best, ctx.fitOptions(30 + 2 * a + m, true));
      sec.figure(figure(alg, m, what, ts, runs, best, fits[m], bc, claimed, claimText));
    }
    ClaimRow claim =
        new ClaimRow(
            ga ? SeedClaims.GRADIENT_ASCENT : SeedClaims.STOCHASTIC_GRADIENT_ASCENT,
            setting + (ga ? "" : ", eta_t = 1/(2 L sqrt t)")
                + ", T = " + ts[0] + ".." + ts[ts.length - 1],
            "F_S(w*) - F_S(w_sel) vs T, best-gradient iterate",
            claimed,
            fits[0]);
    sec.table(valuesTable(alg, ts, runs, bc));
    sec.paragraph(
        alg + " best-gradient fits: optimisation error " + fits[0].describe() + ", verdict vs "
            + fmt(claimed) + ": " + fits[0].verdict(claimed) + "; gap " + fits[1].describe()
            + droppedNote(fits[0]) + ".");
    int last = ts.length - 1;
    double step = runs[0][COLS * last + 6];
    double selBest = runs[0][COLS * last + 7];
    cost.row(alg.name(), ts[last], "best gradient", (long) step, (long) selBest,
        (long) (step + selBest));
    cost.row(alg.name(), ts[last], "last", (long) step, 0L, (long) step);
    cost.row(alg.name(), ts[last], "average", (long) step, 0L, (long) step);
    return claim;
  }

  /** The figure of one measure (m: 0 optimisation error, 1 gap) against T for one algorithm. */
  private static Figure figure(
      Algorithm alg,
      int m,
      String what,
      int[] ts,
      double[][] runs,
      RateData best,
      SlopeFit fit,
      BoundCurves bc,
      double claimed,
      String claimText) {
    if (ts.length == 0) {
      throw new IllegalStateException("the optimisation experiment needs at least one T");
    }
    double lo = ts[0];
    double hi = ts[ts.length - 1];
    LogLogPlot.Builder p =
        LogLogPlot.builder(alg + ": " + (m == 0 ? "optimisation error" : "generalization gap")
                + " vs T")
            .axes("steps T", m == 0 ? "F_S(w*) - F_S(w_sel)" : "|F(w_sel) - F_S(w_sel)|")
            .add(PlotSeries.measured("best gradient (replicates)", best));
    for (int q = 1; q < RULES.length; q++) {
      PlotSeries gm =
          geometricMeans(
              (q == 1 ? "last iterate" : "average iterate") + " (geometric mean)",
              columnData(what, ts, runs, q, m));
      if (gm != null) {
        p.add(gm);
      }
    }
    double[][] seedB = m == 0 ? bc.seedOpt : bc.seedGap;
    double[][] sharpB = m == 0 ? bc.sharpOpt : bc.sharpGap;
    String missing = "";
    if (seedB[0].length > 0) {
      p.add(PlotSeries.bound("seed-form bound (" + alg + "-SEED)", seedB[0], seedB[1]));
    } else {
      missing += " The seed-form bound is not applicable on this sample (" + bc.seedWhy + ").";
    }
    if (sharpB[0].length > 0) {
      p.add(PlotSeries.bound("sharp bound (" + alg + "-SHARP)", sharpB[0], sharpB[1]));
    } else {
      missing += " The sharp bound is not applicable on this sample (" + bc.sharpWhy + ").";
    }
    double g0 = geometricMean(best.y(0));
    if (m == 0 && g0 > 0) {
      p.add(PlotSeries.referenceSlope("claimed " + claimText, claimed, lo, g0, lo, hi));
    }
    p.caption(
        "Best-gradient replicates (dots, geometric mean with min-max bar), last and average"
            + " iterates (geometric means), seed-form and sharp bounds (dotted)"
            + (m == 0 ? ", and the claimed " + claimText + " rate (dashed) started at the measured"
                + " best-gradient value at the smallest T"
                : "; at this n the gap is dominated by the fluctuation F(w*) - F_S(w*) of the"
                    + " fixed sample, so it hardly depends on T")
            + ". Fitted best-gradient slope " + slopeText(fit) + "." + missing);
    String tag = alg == Algorithm.GA ? "ga" : "sga";
    return Figure.of(tag + (m == 0 ? "-opt" : "-gap") + "-vs-T", p.build());
  }

  /** Geometric means per T and rule, and the optimisation bounds on replicate 0's sample. */
  // reason: each run holds COLS values per T; the bound arrays have one per T
  @SuppressWarnings("index")
  private static Table valuesTable(Algorithm alg, int[] ts, double[][] runs, BoundCurves bc) {
    Table.Builder vals =
        Table.builder(
            alg + ": geometric means over the replicates per T (best gradient / last /"
                + " average), and the bounds on replicate 0's sample (- where not applicable).",
            "T", "opt best", "opt last", "opt average", "gap best", "gap last", "gap average",
            "seed-form opt bound", "sharp opt bound");
    for (int kk = 0; kk < ts.length; kk++) {
      double[] g = new double[6];
      for (int m = 0; m < 2; m++) {
        for (int q = 0; q < 3; q++) {
          double[] col = new double[runs.length];
          for (int j = 0; j < runs.length; j++) {
            col[j] = runs[j][COLS * kk + 2 * q + m];
          }
          g[3 * m + q] = geometricMean(col);
        }
      }
      vals.row(ts[kk], g[0], g[1], g[2], g[3], g[4], g[5], cell(bc.seedOptAt[kk]),
          cell(bc.sharpOptAt[kk]));
    }
    return vals.build();
  }

  /** Bound curves against T for one sample. */
  private static final class BoundCurves {
    double @MinLen(2) [][] seedOpt = new double[2][0];
    double @MinLen(2) [][] sharpOpt = new double[2][0];
    double @MinLen(2) [][] seedGap = new double[2][0];
    double @MinLen(2) [][] sharpGap = new double[2][0];
    @Nullable Double[] seedOptAt = new @Nullable Double[0];
    @Nullable Double[] sharpOptAt = new @Nullable Double[0];
    String seedWhy = "";
    String sharpWhy = "";
  }

  private static BoundCurves boundCurves(
      Instance inst,
      Sample s,
      Algorithm alg,
      int[] ts,
      @PositiveProbability double delta,
      OptionalDouble gaEta) {
    double[] w0 = inst.wRef();
    BoundInputs in = Bounds.inputs(inst, s, w0, delta);
    @Nullable Double eta = gaEta.isPresent() ? gaEta.getAsDouble() : null;
    boolean ga = alg == Algorithm.GA;
    List<double[]> so = new ArrayList<>();
    List<double[]> sh = new ArrayList<>();
    List<double[]> sg = new ArrayList<>();
    List<double[]> hg = new ArrayList<>();
    BoundCurves bc = new BoundCurves();
    @Nullable Double[] seedOptAt = new @Nullable Double[ts.length];
    @Nullable Double[] sharpOptAt = new @Nullable Double[ts.length];
    for (int k = 0; k < ts.length; k++) {
      int t = ts[k];
      Bounds.Run run = ga ? Bounds.Run.ga(t, delta, w0, eta) : Bounds.Run.sga(t, delta, w0, null);
      @PositiveReal double step = Bounds.step(inst, in, run);
      BoundResult seedO =
          ga ? GaSeedTheorem.optimisation(in, step, t)
              : SgaSeedTheorem.optimisation(in, step, t);
      BoundResult sharpO =
          ga ? GaSharpTheorem.optimisation(in, step, t)
              : SgaSharpTheorem.optimisation(in, step, t);
      BoundResult seedG =
          ga ? GaSeedTheorem.gap(in, step, t) : SgaSeedTheorem.gap(in, step, t);
      BoundResult sharpG =
          ga ? GaSharpTheorem.gap(in, step, t)
              : SgaSharpTheorem.gap(in, step, t);
      seedOptAt[k] = seedO.value();
      sharpOptAt[k] = sharpO.value();
      addPoint(so, t, seedO);
      addPoint(sh, t, sharpO);
      addPoint(sg, t, seedG);
      addPoint(hg, t, sharpG);
      if (!seedO.applicable()) {
        bc.seedWhy = failed(seedO);
      }
      if (!sharpO.applicable()) {
        bc.sharpWhy = failed(sharpO);
      }
    }
    bc.seedOptAt = seedOptAt;
    bc.sharpOptAt = sharpOptAt;
    bc.seedOpt = columns(so);
    bc.sharpOpt = columns(sh);
    bc.seedGap = columns(sg);
    bc.sharpGap = columns(hg);
    return bc;
  }

  private static void addPoint(List<double[]> pts, int t, BoundResult r) {
    Double v = r.value();
    if (v != null && Double.isFinite(v) && v > 0) {
      pts.add(new double[] {t, v});
    }
  }
}
