package org.rlhfbounds.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rlhfbounds.bounds.SeedClaims;
import org.rlhfbounds.rates.FitOptions;
import org.rlhfbounds.rates.Seeds;
import org.rlhfbounds.rates.Sweep;

/**
 * The experiment pipeline of {@code rlhf-bounds reproduce}: it checks the claims of the seed paper
 * (Li, Yi, Wang, Cui, Liu, "Towards a Theoretical Understanding to the Generalization of RLHF",
 * arXiv:2601.16403, 2026, doi:10.48550/arXiv.2601.16403; registry {@link SeedClaims}) on
 * synthetic finite populations, where every population quantity is exact, and assembles one
 * {@link Report}. It runs the list {@link Config#experiments()} in order and writes:
 *
 * <ol>
 *   <li>the seed's claims table ({@link ClaimsSection}) from the claim rows the experiments return;
 *   <li>the generalisation gap of the empirical optimum against {@code n} ({@link
 *       GapExperiment});
 *   <li>GA and SGA against {@code T} ({@link OptimisationExperiment});
 *   <li>coverage and the residual {@code eps_n} ({@link CoverageExperiment});
 *   <li>the tightness table of the bounds ({@link TightnessExperiment});
 *   <li>preference data against the number of comparisons ({@link PreferenceExperiment}).
 * </ol>
 *
 * <p>A new section is one {@link Experiment} implementation and one entry in {@link
 * Config#experiments()}.
 *
 * <p>Determinism: every random draw comes from a {@link SplittableRandom} seeded by {@link
 * Seeds#derive} or {@link Seeds#stream} of the master seed, sweeps store results by coordinates
 * ({@link Sweep}), and bootstrap fits are seeded; so the same seed and configuration give the same
 * report whatever the thread count, apart from the {@link RunInfo} block (machine, timings).
 *
 * <p>Thread-safe: stateless; each sweep cell builds its own objective.
 */
public final class Reproduce {
  private Reproduce() {}

  /** The default master seed of {@code rlhf-bounds reproduce}. */
  public static final long DEFAULT_SEED = 20260127L;

  /**
   * The sizes of one reproduction run: one typed configuration per experiment and the bootstrap
   * resamples of every fit, as the presets {@link #full()}, {@link #quick()} and {@link #tiny()}.
   *
   * <p>Thread-safe: immutable.
   */
  public static final class Config {
    private final String name;
    private final int resamples;
    private final GapExperiment.Config gap;
    private final OptimisationExperiment.Config optimisation;
    private final CoverageExperiment.Config coverage;
    private final TightnessExperiment.Config tightness;

    private Config(
        String name,
        int resamples,
        GapExperiment.Config gap,
        OptimisationExperiment.Config optimisation,
        CoverageExperiment.Config coverage,
        TightnessExperiment.Config tightness) {
      this.name = name;
      this.resamples = resamples;
      this.gap = gap;
      this.optimisation = optimisation;
      this.coverage = coverage;
      this.tightness = tightness;
    }

    /**
     * The default (full) configuration: finishes within minutes on two cores.
     *
     * @return the configuration
     */
    public static Config full() {
      return new Config(
          "full",
          2000,
          GapExperiment.Config.FULL,
          OptimisationExperiment.Config.FULL,
          CoverageExperiment.Config.FULL,
          TightnessExperiment.Config.FULL);
    }

    /**
     * The quick configuration for CI: well under a minute.
     *
     * @return the configuration
     */
    public static Config quick() {
      return new Config(
          "quick",
          500,
          GapExperiment.Config.QUICK,
          OptimisationExperiment.Config.QUICK,
          CoverageExperiment.Config.QUICK,
          TightnessExperiment.Config.QUICK);
    }

    /**
     * A tiny configuration for tests of the pipeline itself (seconds).
     *
     * @return the configuration
     */
    public static Config tiny() {
      return new Config(
          "tiny",
          200,
          GapExperiment.Config.TINY,
          OptimisationExperiment.Config.TINY,
          CoverageExperiment.Config.TINY,
          TightnessExperiment.Config.TINY);
    }

    /**
     * Returns the configuration's name.
     *
     * @return {@code full}, {@code quick} or {@code tiny}
     */
    public String name() {
      return name;
    }

    /**
     * Returns the bootstrap resamples of every fit.
     *
     * @return the resamples
     */
    public int resamples() {
      return resamples;
    }

    /**
     * The experiments of the report, in run and section order (the claims table comes first
     * and is built from their claim rows).
     *
     * @return the experiments
     */
    List<Experiment> experiments() {
      return List.of(
          new GapExperiment(gap),
          new OptimisationExperiment(optimisation),
          new CoverageExperiment(coverage),
          new TightnessExperiment(tightness),
          new PreferenceExperiment(PreferenceExperiment.Config.named(name)));
    }
  }

  /**
   * Runs every experiment and assembles the report.
   *
   * @param seed the master seed
   * @param config the sizes
   * @param threads threads of the sweeps, {@code >= 1}
   * @return the report, with the machine and the wall-clock time of each step
   */
  public static Report run(long seed, Config config, int threads) {
    Map<String, String> machine = new LinkedHashMap<>(RunInfo.current().machine());
    machine.put("threads", Integer.toString(threads));
    RunInfo info = RunInfo.of(machine);
    Experiment.Context context = new Experiment.Context(seed, config.resamples(), threads);
    List<ClaimRow> claims = new ArrayList<>();
    List<Section> sections = new ArrayList<>();
    long start = System.nanoTime();
    long t = start;
    for (Experiment e : config.experiments()) {
      Experiment.Outcome o = e.run(context);
      sections.add(o.section());
      claims.addAll(o.claims());
      long now = System.nanoTime();
      info = info.withTiming(e.label(), seconds(t, now));
      t = now;
    }
    info = info.withTiming("total", seconds(start, t));
    Report.Builder rb =
        Report.builder("rlhf-bounds reproduce: the seed's claims, measured")
            .setting("seed", seed)
            .setting("configuration", config.name())
            .setting("delta", Double.parseDouble(ExperimentSupport.DELTA_TEXT))
            .setting("bootstrap resamples", config.resamples())
            .setting("confidence", FitOptions.DEFAULT_CONFIDENCE)
            .setting(
                "source",
                "Li, Yi, Wang, Cui, Liu, arXiv:2601.16403 (2026), doi:10.48550/arXiv.2601.16403");
    rb.section(ClaimsSection.of(claims));
    for (Section s : sections) {
      rb.section(s);
    }
    return rb.run(info).build();
  }

  /**
   * Runs the pipeline and writes {@code report.md}, {@code report.json} and the figures.
   *
   * @param dir the output directory (created if needed)
   * @param seed the master seed
   * @param config the sizes
   * @param threads threads of the sweeps
   * @return the report written
   */
  public static Report write(Path dir, long seed, Config config, int threads) {
    Report r = run(seed, config, threads);
    ReportWriter.write(r, dir);
    return r;
  }

  private static double seconds(long a, long b) {
    return Math.max(0, (b - a) / 1e9);
  }
}
