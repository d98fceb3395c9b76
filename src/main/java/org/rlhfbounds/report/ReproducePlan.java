package org.rlhfbounds.report;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.model.ProgressListener;
import org.rlhfbounds.model.io.FormatException;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.rates.SweepResult;

/**
 * The {@code reproduce} pipeline cut into independent cells, for a run on a cluster: {@link
 * #cells()} lists every cell of every sweep of every experiment (replicates times grid points) as
 * a small serializable address, {@link #run(Cell)} evaluates one as a pure function of the master
 * seed, the configuration and the address, and {@link #report} assembles the results with the
 * code of the local run ({@link Reproduce#run}). The cell seeds are those of the local run
 * ({@code Seeds.derive} of the sweep's seed, {@link org.rlhfbounds.rates.Sweep#cell}), the
 * results go to the same coordinates, and the assembly (fits, tables, figures; the tightness
 * tables, which have no sweep) is the same code, so the report equals the local one byte for byte
 * but for its run block.
 *
 * <p>A worker rebuilds the plan from the configuration's text ({@link #configurationText()},
 * {@link #ofText}); it builds an experiment's instances the first time it evaluates one of its
 * cells.
 *
 * <p>Thread-safe: cells may be evaluated from several threads at once (the plans are built under
 * the object's lock, the cells share nothing mutable).
 */
public final class ReproducePlan {
  private final long seed;
  private final Reproduce.Config config;
  private final List<Experiment> experiments;
  private final Experiment.Context context;
  private final List<Experiment.@Nullable Plan> plans;
  private final long start = System.nanoTime();

  /**
   * The address of one cell: experiment {@code experiment} of {@link
   * Reproduce.Config#experiments()}, its sweep {@code sweep}, parameter index {@code param} and
   * replicate {@code replicate}.
   *
   * @param experiment the experiment's index
   * @param sweep the sweep's index within the experiment
   * @param param the parameter index
   * @param replicate the replicate index
   */
  public record Cell(int experiment, int sweep, int param, int replicate) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private ReproducePlan(long seed, Reproduce.Config config) {
    this.seed = seed;
    this.config = config;
    this.experiments = config.experiments();
    this.context = new Experiment.Context(seed, config.resamples(), 1, ProgressListener.NONE);
    this.plans = new ArrayList<>();
    for (int e = 0; e < experiments.size(); e++) {
      plans.add(null);
    }
  }

  /**
   * The plan of a run.
   *
   * @param seed the master seed
   * @param config the configuration
   * @return the plan (no experiment prepared yet)
   */
  public static ReproducePlan of(long seed, Reproduce.Config config) {
    return new ReproducePlan(seed, config);
  }

  /**
   * The plan of a run whose configuration is given as its {@link #configurationText()}: how a
   * worker rebuilds the driver's plan.
   *
   * @param seed the master seed
   * @param text the configuration's text
   * @param base the folder the configuration's {@code instance} files are relative to (a path
   *     every worker can read)
   * @return the plan
   * @throws FormatException if the text is not a valid configuration
   * @throws IllegalArgumentException if the text read back does not give the same configuration
   */
  public static ReproducePlan ofText(long seed, String text, String base) throws FormatException {
    Reproduce.Config c = ReproduceConfig.parse(text, "the driver's configuration", Path.of(base));
    String again = Json.toText(ReproduceConfig.toJson(c));
    if (!again.equals(text)) {
      throw new IllegalArgumentException(
          "the configuration does not read back as itself: " + text + " gave " + again);
    }
    return new ReproducePlan(seed, c);
  }

  /**
   * Returns the master seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Returns the configuration.
   *
   * @return the configuration
   */
  public Reproduce.Config config() {
    return config;
  }

  /**
   * The configuration as the text {@link #ofText} reads (the configuration of the run block).
   *
   * @return the JSON text
   */
  public String configurationText() {
    return Json.toText(ReproduceConfig.toJson(config));
  }

  /**
   * Every cell of the run, in the order {@link #report} takes their results: experiment by
   * experiment, sweep by sweep, parameter by parameter, replicate by replicate. Prepares every
   * experiment (builds its instances).
   *
   * @return the cells
   */
  public List<Cell> cells() {
    List<Cell> out = new ArrayList<>();
    for (int e = 0; e < experiments.size(); e++) {
      List<SweepPlan> sweeps = plan(e).sweeps();
      for (int g = 0; g < sweeps.size(); g++) {
        SweepPlan s = sweeps.get(g);
        for (int i = 0; i < s.params().size(); i++) {
          for (int j = 0; j < s.replicates(); j++) {
            out.add(new Cell(e, g, i, j));
          }
        }
      }
    }
    return out;
  }

  /**
   * Evaluates one cell, as the local run does: a pure function of the seed, the configuration and
   * the address.
   *
   * @param c the cell
   * @return its measurements
   * @throws IndexOutOfBoundsException if the address is not one of {@link #cells()}
   * @throws IllegalStateException if the cell fails (the message names the cell)
   */
  public double[] run(Cell c) {
    if (c.experiment() < 0 || c.experiment() >= experiments.size()) {
      throw new IndexOutOfBoundsException("no experiment " + c.experiment());
    }
    List<SweepPlan> sweeps = plan(c.experiment()).sweeps();
    if (c.sweep() < 0 || c.sweep() >= sweeps.size()) {
      throw new IndexOutOfBoundsException(
          "experiment " + c.experiment() + " has no sweep " + c.sweep());
    }
    SweepPlan s = sweeps.get(c.sweep());
    if (c.replicate() < 0 || c.replicate() >= s.replicates()) {
      throw new IndexOutOfBoundsException("no replicate " + c.replicate() + " in " + c);
    }
    return s.cell(c.param(), c.replicate());
  }

  /**
   * The report of the cells' results: each experiment's sweeps put together and assembled by the
   * local run's code, timed, and the report built as the local run builds it. The run block holds
   * the machine and timings of {@code info}, then one timing per experiment, {@code "LABEL
   * (assembly)"}, and {@code total} (since this plan was made).
   *
   * @param results the results of {@link #cells()}, in that order
   * @param info the machine and the timings so far
   * @return the report
   * @throws IllegalArgumentException if there is not one result per cell
   */
  public Report report(List<double[]> results, RunInfo info) {
    List<Cell> cells = cells();
    if (results.size() != cells.size()) {
      throw new IllegalArgumentException(
          "expected " + cells.size() + " cell results, got " + results.size());
    }
    List<Experiment.Outcome> outcomes = new ArrayList<>();
    RunInfo run = info;
    int k = 0;
    for (int e = 0; e < experiments.size(); e++) {
      long t = System.nanoTime();
      Experiment.Plan p = plan(e);
      List<SweepResult<Integer>> rs = new ArrayList<>();
      for (SweepPlan s : p.sweeps()) {
        rs.add(s.collect(results.subList(k, k + s.cells())));
        k += s.cells();
      }
      outcomes.add(p.assemble(rs));
      run =
          run.withTiming(
              experiments.get(e).label() + " (assembly)", Reproduce.seconds(t, System.nanoTime()));
    }
    run = run.withTiming("total", Reproduce.seconds(start, System.nanoTime()));
    return Reproduce.report(seed, config, outcomes, run);
  }

  /** The plan of experiment {@code e}, made on first use. */
  private synchronized Experiment.Plan plan(int e) {
    Experiment.@Nullable Plan p = plans.get(e);
    if (p == null) {
      p = experiments.get(e).plan(context);
      plans.set(e, p);
    }
    return p;
  }
}
