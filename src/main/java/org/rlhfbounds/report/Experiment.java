package org.rlhfbounds.report;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import org.rlhfbounds.model.ProgressListener;
import org.rlhfbounds.rates.FitOptions;
import org.rlhfbounds.rates.NonPositivePolicy;
import org.rlhfbounds.rates.Seeds;
import org.rlhfbounds.rates.SweepResult;

/**
 * One section of the {@code reproduce} report: runs its sweeps and returns its section together
 * with the rows it adds to the claims table. It is split into a {@link Plan}: the sweeps as data
 * ({@link SweepPlan}, cells that are pure functions of their seed) and the assembly of their
 * results, which the local run ({@link #run}) and a cluster ({@link ReproducePlan}) share. {@link Reproduce} runs the list of {@link
 * Reproduce.Config#experiments()} in order; a new section is one implementation of this interface
 * and one entry in that list.
 *
 * <p>Contract: the outcome depends only on the configuration of the experiment and on {@link
 * Context#seed()} and {@link Context#resamples()}, never on {@link Context#threads()} (sweeps store
 * results by coordinates); implementations are immutable and thread-safe.
 */
interface Experiment {

  /**
   * Returns the label of this step in the report's timings.
   *
   * @return the label
   */
  String label();

  /**
   * Returns the units of work of {@link #run}, announced before the run: the cells of its sweeps
   * (replicates times grid points, summed over its sweeps).
   *
   * @return the units, {@code >= 1}
   */
  long units();

  /**
   * Prepares the experiment: what its sweeps need (instances, built from {@link Context#seed()}
   * only), the sweeps as data, and the step that turns their results into the outcome. The cells
   * of the sweeps are independent pure functions, so they may run anywhere (local threads in
   * {@link #run}, tasks on a cluster) and give the same results.
   *
   * @param context the master seed, bootstrap resamples, threads and the listener (which the
   *     assembly advances by the units its sweeps do not count)
   * @return the plan
   */
  Plan plan(Context context);

  /**
   * Runs the experiment on this machine: its plan's sweeps on {@link Context#threads()} threads,
   * then the assembly.
   *
   * @param context the master seed, bootstrap resamples, threads and the listener, which the run
   *     advances by exactly {@link #units()}
   * @return the section and its claim rows
   */
  default Outcome run(Context context) {
    Plan p = plan(context);
    List<SweepResult<Integer>> results = new ArrayList<>();
    for (SweepPlan s : p.sweeps()) {
      results.add(s.run(context.threads(), context.progress()));
    }
    return p.assemble(results);
  }

  /**
   * An experiment ready to run: its sweeps, in order, and the step from their results to the
   * outcome (fits, tables, figures; for an experiment without sweeps, the whole work).
   *
   * @param sweeps the sweeps, in order (possibly none)
   * @param assembly the results of the sweeps, in order, to the outcome
   */
  record Plan(List<SweepPlan> sweeps, Function<List<SweepResult<Integer>>, Outcome> assembly) {
    /**
     * The plan, the sweeps copied.
     *
     * @param sweeps the sweeps
     * @param assembly the assembly
     */
    public Plan {
      sweeps = List.copyOf(sweeps);
    }

    /**
     * The outcome of the sweeps' results.
     *
     * @param results one result per sweep, in order
     * @return the outcome
     * @throws IllegalArgumentException if there is not one result per sweep
     */
    Outcome assemble(List<SweepResult<Integer>> results) {
      if (results.size() != sweeps.size()) {
        throw new IllegalArgumentException(
            "expected " + sweeps.size() + " sweep results, got " + results.size());
      }
      return assembly.apply(List.copyOf(results));
    }
  }

  /**
   * What every experiment of one run shares.
   *
   * @param seed the master seed; streams are derived with {@link Seeds#stream}
   * @param resamples bootstrap resamples of every fit
   * @param threads threads of the sweeps, {@code >= 1}
   * @param progress the listener of the run's units ({@link ProgressListener#NONE}: no one)
   */
  record Context(long seed, int resamples, int threads, ProgressListener progress) {

    /**
     * A context without a listener.
     *
     * @param seed the master seed
     * @param resamples bootstrap resamples of every fit
     * @param threads threads of the sweeps
     */
    Context(long seed, int resamples, int threads) {
      this(seed, resamples, threads, ProgressListener.NONE);
    }

    /**
     * This context with the seed of a section that fixes its own, else this one.
     *
     * @param sectionSeed the section's seed, or empty (the master seed)
     * @return the context
     */
    Context reseeded(OptionalLong sectionSeed) {
      return sectionSeed.isPresent()
          ? new Context(sectionSeed.getAsLong(), resamples, threads, progress)
          : this;
    }

    /**
     * Fit options seeded by stream {@code stream} of the master seed.
     *
     * @param stream the stream number (fixed per fit, so every fit has its own bootstrap seed)
     * @param dropNonPositive whether non-positive values are dropped (and listed) instead of
     *     refused
     * @return the options
     */
    FitOptions fitOptions(long stream, boolean dropNonPositive) {
      FitOptions f = FitOptions.seeded(Seeds.stream(seed, stream)).withResamples(resamples);
      return dropNonPositive ? f.withPolicy(NonPositivePolicy.DROP) : f;
    }
  }

  /**
   * The part of the report one experiment returns.
   *
   * @param section the section
   * @param claims the rows of the claims table, in order (possibly empty)
   */
  record Outcome(Section section, List<ClaimRow> claims) {
    public Outcome {
      claims = List.copyOf(claims);
    }
  }
}
