package org.rlhfbounds.report;

import static org.rlhfbounds.report.ExperimentSupport.cell;
import static org.rlhfbounds.report.ExperimentSupport.failed;
import static org.rlhfbounds.report.ExperimentSupport.population;

import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.rlhfbounds.bounds.BoundResult;
import org.rlhfbounds.bounds.Bounds;
import org.rlhfbounds.bounds.Measured;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.learners.EmpiricalOptimum;
import org.rlhfbounds.learners.Learners;
import org.rlhfbounds.learners.Selection;
import org.rlhfbounds.learners.TrainOptions;
import org.rlhfbounds.learners.TrainResult;
import org.rlhfbounds.learners.Trajectory;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;
import org.rlhfbounds.stability.StabilityBounds;
import org.rlhfbounds.rates.Seeds;

/**
 * The tightness table: every theorem of {@link Bounds#evaluate} on three fixed instance families
 * (SPHERE, GAUSSIAN, SPARSE), after GA and SGA from {@code w_ref}, as bound / measured at the
 * best-gradient iterate; a bound whose assumptions fail is listed as not applicable with the failed
 * assumption. Adds no claim row.
 *
 * <p>Thread-safe: immutable.
 *
 * @param config the step counts of the runs
 */
record TightnessExperiment(Config config) implements Experiment {

  /**
   * The step counts of the tightness runs.
   *
   * @param gaSteps steps T of GA
   * @param sgaSteps steps T of SGA
   * @param seed the section's seed, or empty for the master seed
   * @param delta the failure probability of the bounds, in {@code (0, 1)}
   */
  record Config(int gaSteps, int sgaSteps, OptionalLong seed, double delta) {
    static final Config FULL = new Config(200, 2000);
    static final Config QUICK = new Config(100, 500);
    static final Config TINY = new Config(20, 50);

    /**
     * The step counts with the master seed and the project's default delta.
     *
     * @param gaSteps steps T of GA
     * @param sgaSteps steps T of SGA
     */
    Config(int gaSteps, int sgaSteps) {
      this(gaSteps, sgaSteps, OptionalLong.empty(), StabilityBounds.DEFAULT_DELTA);
    }
  }

  /** One instance of the table: family, dimension and sample size (M = 500, K = 4, beta = 1). */
  private record Spec(Family family, int dim, int n) {}

  private static final List<Spec> SPECS =
      List.of(new Spec(Family.SPHERE, 8, 128), new Spec(Family.GAUSSIAN, 8, 64),
          new Spec(Family.SPARSE, 8, 16));


  @Override
  public String label() {
    return "tightness";
  }

  /** One unit: the table as a whole. */
  @Override
  public long units() {
    return 1;
  }

  @Override
  public Outcome run(Context master) {
    Context ctx = master.reseeded(config.seed());
    long seed = ctx.seed();
    Table.Builder t =
        Table.builder(
            "Tightness: every theorem of the bounds package (Bounds.evaluate) on a few instances,"
                + " after GA (T = " + config.gaSteps() + ") and SGA (T = " + config.sgaSteps()
                + ") from w_ref, measured at the best-gradient iterate; ratio = bound / measured."
                + " A bound whose assumptions fail is reported as not applicable with the failed"
                + " assumption.",
            "instance", "algorithm", "theorem", "qualifier", "bound", "measured",
            "bound / measured", "note");
    for (int i = 0; i < SPECS.size(); i++) {
      Spec spec = SPECS.get(i);
      Instance inst =
          InstanceSpec.of(spec.family(), 500, 4, spec.dim(), 1.0, Seeds.stream(seed, 70 + i))
              .finite();
      FiniteDistribution pop = population(inst);
      Sample s = pop.sample(spec.n(), new SplittableRandom(Seeds.stream(seed, 80 + i)));
      String name = spec.family() + " d=" + spec.dim() + " n=" + spec.n() + " M=500 K=4";
      for (Algorithm alg : new Algorithm[] {Algorithm.GA, Algorithm.SGA}) {
        rows(t, name, inst, pop, s, alg, Seeds.stream(seed, 90 + i));
      }
    }
    Section section =
        Section.builder("Tightness of the bounds")
            .paragraph(
                "Each bound is evaluated with upward rounding on the run's own sample and start;"
                    + " `measured` is the quantity the bound controls at the selected iterate (gap,"
                    + " optimisation error, excess; '-' where the run does not measure it, e.g. the"
                    + " expected gap of T-BE)."
                    + (config.delta() == StabilityBounds.DEFAULT_DELTA ? ""
                        : " Failure probability delta = "
                            + ExperimentSupport.deltaText(config.delta()) + "."))
            .table(t.build())
            .build();
    ctx.progress().advance(1);
    return new Outcome(section, List.of());
  }

  /** Trains one algorithm on the sample and adds one row per theorem. */
  private void rows(
      Table.Builder t,
      String name,
      Instance inst,
      FiniteDistribution pop,
      Sample s,
      Algorithm alg,
      long trainSeed) {
    int steps = alg == Algorithm.GA ? config.gaSteps() : config.sgaSteps();
    TrainResult tr = Learners.train(inst, s, TrainOptions.of(alg).steps(steps).seed(trainSeed));
    Trajectory traj = tr.trajectory();
    if (traj == null) {
      throw new IllegalStateException(alg + " returned no trajectory");
    }
    double[] w = traj.selected(Selection.BEST_GRADIENT);
    Objective o = Objective.of(inst);
    Measured m = Measured.at(inst, s, w, EmpiricalOptimum.gradientNorm(o, s, w));
    Bounds.Run run =
        alg == Algorithm.GA
            ? Bounds.Run.ga(steps, Reals.positiveProbability(config.delta(), "delta"),
                inst.wRef(), null)
            : Bounds.Run.sga(steps, Reals.positiveProbability(config.delta(), "delta"),
                inst.wRef(), null);
    for (BoundResult br : Bounds.evaluate(inst, s, run, m)) {
      t.row(
          name,
          alg.name(),
          br.key(),
          br.qualifier(),
          br.applicable() ? cell(br.value()) : "not applicable",
          cell(br.measured()),
          cell(br.ratio()),
          br.applicable() ? "" : failed(br));
    }
  }
}
