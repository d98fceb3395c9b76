package org.rlhfbounds.report;

import java.util.List;
import java.util.OptionalLong;
import org.rlhfbounds.model.ProgressListener;
import org.rlhfbounds.rates.FitOptions;
import org.rlhfbounds.rates.NonPositivePolicy;
import org.rlhfbounds.rates.Seeds;

/**
 * One section of the {@code reproduce} report: runs its sweeps and returns its section together
 * with the rows it adds to the claims table. {@link Reproduce} runs the list of {@link
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
   * Runs the experiment.
   *
   * @param context the master seed, bootstrap resamples, threads and the listener, which the run
   *     advances by exactly {@link #units()}
   * @return the section and its claim rows
   */
  Outcome run(Context context);

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
