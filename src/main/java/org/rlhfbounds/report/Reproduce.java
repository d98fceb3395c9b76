package org.rlhfbounds.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.bounds.SeedClaims;
import org.rlhfbounds.model.ProgressListener;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.rates.FitOptions;
import org.rlhfbounds.rates.Seeds;
import org.rlhfbounds.rates.Sweep;
import org.rlhfbounds.stability.StabilityBounds;

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
 *   <li>the tightness table of the bounds ({@link TightnessExperiment}).
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
   * The sizes of one reproduction run: which experiments run, one typed configuration each, the
   * bootstrap resamples of every fit and, optionally, the master seed. The presets {@link #full()}
   * and {@link #quick()} are the JSON files shipped in the jar ({@link ReproduceConfig#builtIn}),
   * {@link #read} reads a user's file in the same format, and {@link #tiny()} is a code preset for
   * tests of the pipeline itself.
   *
   * <p>Thread-safe: immutable.
   */
  public static final class Config {
    private final String name;
    private final int resamples;
    private final OptionalLong seed;
    private final String source;
    private final GapExperiment.@Nullable Config gap;
    private final OptimisationExperiment.@Nullable Config optimisation;
    private final CoverageExperiment.@Nullable Config coverage;
    private final TightnessExperiment.@Nullable Config tightness;
    private final PreferenceExperiment.@Nullable Config preferences;

    Config(
        String name,
        int resamples,
        OptionalLong seed,
        String source,
        GapExperiment.@Nullable Config gap,
        OptimisationExperiment.@Nullable Config optimisation,
        CoverageExperiment.@Nullable Config coverage,
        TightnessExperiment.@Nullable Config tightness,
        PreferenceExperiment.@Nullable Config preferences) {
      this.name = name;
      this.resamples = resamples;
      this.seed = seed;
      this.source = source;
      this.gap = gap;
      this.optimisation = optimisation;
      this.coverage = coverage;
      this.tightness = tightness;
      this.preferences = preferences;
    }

    /**
     * The default (full) configuration, the built-in file {@code presets/full.json}: finishes
     * within minutes on two cores.
     *
     * @return the configuration
     */
    public static Config full() {
      return ReproduceConfig.builtIn("full");
    }

    /**
     * The quick configuration for CI, the built-in file {@code presets/quick.json}: well under a
     * minute.
     *
     * @return the configuration
     */
    public static Config quick() {
      return ReproduceConfig.builtIn("quick");
    }

    /**
     * A configuration file ({@link ReproduceConfig}).
     *
     * @param file the JSON file
     * @return the configuration
     * @throws org.rlhfbounds.model.io.FormatException if the file is not a valid configuration
     * @throws java.io.IOException if it cannot be read
     */
    public static Config read(Path file) throws java.io.IOException {
      return ReproduceConfig.read(file);
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
          OptionalLong.empty(),
          "built-in tiny (Reproduce.Config.tiny())",
          GapExperiment.Config.TINY,
          OptimisationExperiment.Config.TINY,
          CoverageExperiment.Config.TINY,
          TightnessExperiment.Config.TINY,
          PreferenceExperiment.Config.TINY);
    }

    /**
     * The presets as code ({@code FULL} and {@code QUICK} of each experiment), for the test that
     * the shipped files say the same.
     *
     * @param full the full preset, else the quick one
     * @return the configuration
     */
    static Config typedPreset(boolean full) {
      return new Config(
          full ? "full" : "quick",
          full ? 2000 : 500,
          OptionalLong.empty(),
          "code",
          full ? GapExperiment.Config.FULL : GapExperiment.Config.QUICK,
          full ? OptimisationExperiment.Config.FULL : OptimisationExperiment.Config.QUICK,
          full ? CoverageExperiment.Config.FULL : CoverageExperiment.Config.QUICK,
          full ? TightnessExperiment.Config.FULL : TightnessExperiment.Config.QUICK,
          full ? PreferenceExperiment.Config.FULL : PreferenceExperiment.Config.QUICK);
    }

    /**
     * Returns the configuration's name.
     *
     * @return e.g. {@code full}, {@code quick}, {@code tiny} or the {@code name} of a file
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
     * Returns the master seed the configuration fixes, if any.
     *
     * @return the seed, or empty (then the caller's seed is used)
     */
    public OptionalLong seed() {
      return seed;
    }

    /**
     * Returns where the configuration came from: a file name or a built-in preset.
     *
     * @return the source
     */
    public String source() {
      return source;
    }

    GapExperiment.@Nullable Config gap() {
      return gap;
    }

    OptimisationExperiment.@Nullable Config optimisation() {
      return optimisation;
    }

    CoverageExperiment.@Nullable Config coverage() {
      return coverage;
    }

    TightnessExperiment.@Nullable Config tightness() {
      return tightness;
    }

    PreferenceExperiment.@Nullable Config preferences() {
      return preferences;
    }

    /**
     * The failure probability delta of the report's settings: the one every section that uses
     * one shares (the project's default when none does), else the text {@code per section} (each
     * section then states its own).
     *
     * @return a number, or the text {@code per section}
     */
    Object delta() {
      List<Double> ds = new ArrayList<>();
      OptimisationExperiment.@Nullable Config o = optimisation;
      if (o != null) {
        ds.add(o.delta());
      }
      TightnessExperiment.@Nullable Config t = tightness;
      if (t != null) {
        ds.add(t.delta());
      }
      PreferenceExperiment.@Nullable Config p = preferences;
      if (p != null) {
        ds.add(p.delta());
      }
      double d = Double.parseDouble(ExperimentSupport.DELTA_TEXT);
      if (ds.isEmpty()) {
        return d;
      }
      for (double x : ds) {
        if (x != ds.get(0)) {
          return "per section";
        }
      }
      return ds.get(0) == StabilityBounds.DEFAULT_DELTA ? d : ds.get(0);
    }

    /**
     * The experiments of the report, in run and section order (the claims table comes first
     * and is built from their claim rows); sections the configuration leaves out are absent.
     *
     * @return the experiments
     */
    List<Experiment> experiments() {
      List<Experiment> e = new ArrayList<>();
      GapExperiment.@Nullable Config g = gap;
      if (g != null) {
        e.add(new GapExperiment(g));
      }
      OptimisationExperiment.@Nullable Config o = optimisation;
      if (o != null) {
        e.add(new OptimisationExperiment(o));
      }
      CoverageExperiment.@Nullable Config c = coverage;
      if (c != null) {
        e.add(new CoverageExperiment(c));
      }
      TightnessExperiment.@Nullable Config t = tightness;
      if (t != null) {
        e.add(new TightnessExperiment(t));
      }
      PreferenceExperiment.@Nullable Config p = preferences;
      if (p != null) {
        e.add(new PreferenceExperiment(p));
      }
      return e;
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
    return run(seed, config, threads, ProgressListener.NONE);
  }

  /**
   * Runs every experiment and assembles the report, telling {@code progress} of the work done: the
   * units are the cells of the experiments' sweeps (replicates times grid points, summed; the
   * tightness table counts as one), all announced first, each advanced as its cell finishes.
   *
   * @param seed the master seed
   * @param config the sizes
   * @param threads threads of the sweeps, {@code >= 1}
   * @param progress the listener ({@link ProgressListener#NONE}: no one)
   * @return the report, with the machine, the configuration and the wall-clock time of each step
   */
  public static Report run(long seed, Config config, int threads, ProgressListener progress) {
    Map<String, String> machine = new LinkedHashMap<>(RunInfo.current().machine());
    machine.put("threads", Integer.toString(threads));
    RunInfo info = RunInfo.of(machine);
    List<Experiment> experiments = config.experiments();
    progress.expect(units(experiments));
    Experiment.Context context =
        new Experiment.Context(seed, config.resamples(), threads, progress);
    List<Experiment.Outcome> outcomes = new ArrayList<>();
    long start = System.nanoTime();
    long t = start;
    for (Experiment e : experiments) {
      outcomes.add(e.run(context));
      long now = System.nanoTime();
      info = info.withTiming(e.label(), seconds(t, now));
      t = now;
    }
    info = info.withTiming("total", seconds(start, t));
    return report(seed, config, outcomes, info);
  }

  /**
   * The report of the experiments' outcomes: the settings, the claims table built from their
   * claim rows, their sections in order, and the run block ({@code info} with the
   * configuration). The local run and a cluster's ({@link ReproducePlan}) both end here.
   *
   * @param seed the master seed
   * @param config the configuration
   * @param outcomes one outcome per experiment of {@link Config#experiments()}, in order
   * @param info the machine and timings of the run
   * @return the report
   */
  static Report report(
      long seed, Config config, List<Experiment.Outcome> outcomes, RunInfo info) {
    List<ClaimRow> claims = new ArrayList<>();
    for (Experiment.Outcome o : outcomes) {
      claims.addAll(o.claims());
    }
    Report.Builder rb =
        Report.builder("rlhf-bounds reproduce: the seed's claims, measured")
            .setting("seed", seed)
            .setting("configuration", config.name())
            .setting("delta", config.delta())
            .setting("bootstrap resamples", config.resamples())
            .setting("confidence", FitOptions.DEFAULT_CONFIDENCE)
            .setting(
                "source",
                "Li, Yi, Wang, Cui, Liu, arXiv:2601.16403 (2026), doi:10.48550/arXiv.2601.16403");
    rb.section(ClaimsSection.of(claims));
    for (Experiment.Outcome o : outcomes) {
      rb.section(o.section());
    }
    RunInfo run =
        info.withConfiguration(config.source(), Json.toText(ReproduceConfig.toJson(config)));
    return rb.run(run).build();
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
    return write(dir, seed, config, threads, ProgressListener.NONE);
  }

  /**
   * Runs the pipeline, telling {@code progress} of each experiment done, and writes {@code
   * report.md}, {@code report.json} and the figures.
   *
   * @param dir the output directory (created if needed)
   * @param seed the master seed
   * @param config the sizes
   * @param threads threads of the sweeps
   * @param progress the listener
   * @return the report written
   */
  public static Report write(
      Path dir, long seed, Config config, int threads, ProgressListener progress) {
    Report r = run(seed, config, threads, progress);
    ReportWriter.write(r, dir);
    return r;
  }

  /**
   * The units of work of the experiments: what {@link #run} announces to its listener.
   *
   * @param experiments the experiments
   * @return the sum of their units
   */
  static long units(List<Experiment> experiments) {
    long u = 0;
    for (Experiment e : experiments) {
      u += e.units();
    }
    return u;
  }

  /** The seconds between two {@link System#nanoTime()} readings, at least 0. */
  static double seconds(long a, long b) {
    return Math.max(0, (b - a) / 1e9);
  }
}
