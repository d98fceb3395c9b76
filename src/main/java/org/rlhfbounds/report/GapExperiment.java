package org.rlhfbounds.report;

import static org.rlhfbounds.report.ExperimentSupport.doubling;
import static org.rlhfbounds.report.ExperimentSupport.draw;
import static org.rlhfbounds.report.ExperimentSupport.fmt;
import static org.rlhfbounds.report.ExperimentSupport.geometricMean;
import static org.rlhfbounds.report.ExperimentSupport.slopeText;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.rlhfbounds.bounds.SeedClaims;
import org.rlhfbounds.learners.EmpiricalOptimum;
import org.rlhfbounds.learners.OptimumResult;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.ProgressListener;
import org.rlhfbounds.rates.FitOptions;
import org.rlhfbounds.rates.LogLogSlope;
import org.rlhfbounds.rates.RateData;
import org.rlhfbounds.rates.Seeds;
import org.rlhfbounds.rates.SlopeFit;
import org.rlhfbounds.rates.SweepResult;
import org.rlhfbounds.report.ExperimentSupport.Draw;

/**
 * The generalisation gap {@code |F(w_S) - F_S(w_S)|} of the exact empirical optimum against the
 * sample size {@code n} on a finite population (by default SPHERE, K = 4, beta = 1, B = 1; seed claim {@link SeedClaims#EMPIRICAL_OPTIMUM}:
 * {@code O(n^-1/2)}): log-log plot with the fitted and the claimed slope, a table of geometric means
 * and one claim row.
 *
 * <p>Thread-safe: immutable.
 *
 * @param config the sizes of the sweep
 */
record GapExperiment(Config config) implements Experiment {

  /** The family of the population unless a configuration names another. */
  static final Family FAMILY = Family.SPHERE;

  /** The candidates K per prompt unless a configuration names another number. */
  static final int CANDIDATES = 4;

  /**
   * The population and sizes of the gap sweep.
   *
   * @param population the finite population
   * @param ns the sample sizes (non-empty, increasing)
   * @param replicates samples per size
   * @param seed the section's seed, or empty for the master seed
   */
  record Config(Population population, Sizes ns, int replicates, OptionalLong seed) {
    static final Config FULL = of(20000, 8, Sizes.of(doubling(32, 4096)), 64);
    static final Config QUICK = of(2000, 8, Sizes.of(doubling(32, 512)), 24);
    static final Config TINY = of(400, 4, Sizes.of(doubling(16, 128)), 8);

    /** The default population ({@link #FAMILY}, K = {@link #CANDIDATES}, beta = 1, B = 1). */
    private static Config of(int prompts, int dim, Sizes ns, int replicates) {
      return new Config(
          Population.generated(FAMILY, prompts, CANDIDATES, dim, 1.0, 1.0), ns, replicates,
          OptionalLong.empty());
    }
  }

  @Override
  public String label() {
    return "gap vs n";
  }

  @Override
  public long units() {
    return (long) config.ns().values().length * config.replicates();
  }

  /**
   * The generalisation gap of the empirical optimum on one sample: {@code |F(w_S) - F_S(w_S)|}
   * with {@code w_S} the exact empirical optimum reached from {@code w_ref}, and {@code dim N_S}.
   *
   * @param inst the instance (finite population)
   * @param n the sample size
   * @param cellSeed the seed of the sample
   * @return {@code {gap, kernelDim}}
   */
  static double[] cell(Instance inst, int n, long cellSeed) {
    Draw c = draw(inst, n, cellSeed);
    OptimumResult r = EmpiricalOptimum.exact(c.o(), c.s(), inst.wRef());
    double[] w = r.w();
    return new double[] {Math.abs(c.o().value(c.pop(), w) - c.o().value(c.s(), w)), r.kernelDim()};
  }

  /**
   * The gap sweep: rate data of the gap of the empirical optimum against n.
   *
   * @param inst the instance
   * @param ns the sample sizes
   * @param replicates samples per size
   * @param seed the sweep seed
   * @param threads threads
   * @return the sweep result ({@code column 0}: gap, 1: kernel dimension)
   */
  static SweepResult<Integer> sweep(
      Instance inst, int[] ns, int replicates, long seed, int threads) {
    return sweepPlan(inst, ns, replicates, seed).run(threads, ProgressListener.NONE);
  }

  /** The gap sweep as data: {@link #cell} at every n and replicate. */
  private static SweepPlan sweepPlan(Instance inst, int[] ns, int replicates, long seed) {
    return SweepPlan.of(ns, replicates, seed, (n, s) -> cell(inst, n, s));
  }

  /**
   * Fits the log-log slope of the gap of the empirical optimum against n on one instance.
   *
   * @param inst the instance
   * @param ns sample sizes
   * @param replicates samples per size
   * @param seed the seed
   * @param resamples bootstrap resamples
   * @param threads threads
   * @return the fit
   */
  static SlopeFit fit(
      Instance inst, int[] ns, int replicates, long seed, int resamples, int threads) {
    SweepResult<Integer> r = sweep(inst, ns, replicates, Seeds.stream(seed, 1), threads);
    RateData data = r.toRateData("gap of the empirical optimum", n -> n, 0);
    return LogLogSlope.fit(
        data, FitOptions.seeded(Seeds.stream(seed, 2)).withResamples(resamples));
  }

  @Override
  public Plan plan(Context master) {
    Context ctx = master.reseeded(config.seed());
    long seed = ctx.seed();
    int[] ns = config.ns().values();
    if (ns.length == 0) {
      throw new IllegalStateException("the gap experiment needs at least one sample size");
    }
    Instance inst = config.population().instance(Seeds.stream(seed, 10));
    return new Plan(
        List.of(sweepPlan(inst, ns, config.replicates(), Seeds.stream(seed, 11))),
        rs -> outcome(ctx, ns, rs.get(0)));
  }

  /** The section and claim row of the sweep's result. */
  private Outcome outcome(Context ctx, int[] ns, SweepResult<Integer> r) {
    if (ns.length == 0) {
      throw new IllegalStateException("the gap experiment needs at least one sample size");
    }
    Population pop = config.population();
    RateData data = r.toRateData("|F(w_S) - F_S(w_S)|", n -> n, 0);
    SlopeFit fit = LogLogSlope.fit(data, ctx.fitOptions(12, false));
    int maxKernel = 0;
    for (int i = 0; i < ns.length; i++) {
      for (double kd : r.column(i, 1)) {
        maxKernel = Math.max(maxKernel, (int) kd);
      }
    }
    String setting =
        String.format(
            Locale.ROOT,
            "%s, B = %s%s, n = %d..%d, R = %d",
            pop.head(), fmt(pop.featureBound()), pop.isGenerated() ? ", ||theta*|| = 1" : "",
            ns[0], ns[ns.length - 1], config.replicates());
    ClaimRow claim =
        new ClaimRow(SeedClaims.EMPIRICAL_OPTIMUM, setting, "|F(w_S) - F_S(w_S)| vs n", -0.5, fit);
    double lo = ns[0];
    double hi = ns[ns.length - 1];
    LogLogPlot plot =
        LogLogPlot.builder("Generalization gap of the empirical optimum")
            .axes("sample size n", "|F(w_S) - F_S(w_S)|")
            .caption(
                "Replicates (dots), geometric means with min-max bars, fitted slope "
                    + slopeText(fit)
                    + " and the claimed slope -1/2 through the fit's centre. " + setting + ".")
            .add(PlotSeries.measured("measured gap", data))
            .add(PlotSeries.fitted(
                "fit, slope " + fmt(fit.interval().estimate()), fit, lo, hi))
            .add(PlotSeries.referenceSlope("claimed n^-1/2", -0.5, fit, lo, hi))
            .build();
    Table.Builder t =
        Table.builder(
            "Gap of the empirical optimum: geometric mean over the replicates, per n.",
            "n", "replicates", "geometric mean gap", "max dim N_S");
    for (int i = 0; i < ns.length; i++) {
      double[] g = r.column(i, 0);
      int kmax = 0;
      for (double kd : r.column(i, 1)) {
        kmax = Math.max(kmax, (int) kd);
      }
      t.row(ns[i], g.length, geometricMean(g), kmax);
    }
    Section section =
        Section.builder("Generalization gap of the empirical optimum vs n")
            .paragraph(
                "The empirical optimum w_S is computed exactly (GA's limit from w_ref,"
                    + " EmpiricalOptimum.exact). Under coverage (dim N_S = 0; the largest dim N_S"
                    + " met in this sweep was " + maxKernel + ") w_S = w*, so the gap is the"
                    + " fluctuation of the mean of f(w*; x) at a fixed point, which decays at"
                    + " n^{-1/2} (F8, Hoeffding). Fitted slope: " + fit.describe()
                    + ". Verdict against -1/2: " + fit.verdict(-0.5) + ".")
            .figure(Figure.of("gap-vs-n", plot))
            .table(t.build())
            .build();
    return new Outcome(section, List.of(claim));
  }
}
