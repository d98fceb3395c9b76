package org.rlhfbounds.report;

import static org.rlhfbounds.report.ExperimentSupport.cell;
import static org.rlhfbounds.report.ExperimentSupport.failed;
import static org.rlhfbounds.report.ExperimentSupport.population;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.rlhfbounds.bounds.BoundResult;
import org.rlhfbounds.bounds.Bounds;
import org.rlhfbounds.bounds.Enclosure;
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
 * The tightness tables: every theorem of {@link Bounds#evaluate} on three fixed instance families
 * (SPHERE, GAUSSIAN, SPARSE), after GA and SGA from {@code w_ref}, as bound / measured at the
 * best-gradient iterate; then, per family of the config, one table of bound / measured for the
 * optimisation error and the excess risk after GA for each T of the config, every applicable
 * registered theorem's ratio with the tightest marked. A bound whose assumptions fail is listed as
 * not applicable with the failed assumption. Adds no claim row.
 *
 * <p>Thread-safe: immutable.
 *
 * @param config the step counts of the runs, the families and the T of the per-family tables
 */
record TightnessExperiment(Config config) implements Experiment {

  /**
   * The step counts of the tightness runs and the per-family tables.
   *
   * @param gaSteps steps T of GA
   * @param sgaSteps steps T of SGA
   * @param families the families of the per-family tables (empty: none)
   * @param steps the T of the per-family tables
   * @param seed the section's seed, or empty for the master seed
   * @param delta the failure probability of the bounds, in {@code (0, 1)}
   */
  record Config(
      int gaSteps, int sgaSteps, List<Family> families, Sizes steps, OptionalLong seed,
      double delta) {
    /** The default families of the per-family tables. */
    static final List<Family> FAMILIES =
        List.of(Family.SPHERE, Family.GAUSSIAN, Family.DEFICIENT, Family.NEAR_DEGENERATE,
            Family.SPARSE);

    /** The default T of the per-family tables. */
    static final Sizes STEPS = Sizes.of(50, 200, 800, 3200);

    static final Config FULL = new Config(200, 2000, FAMILIES, STEPS);
    // the smoke preset: one family, two T, to keep --quick within its time
    static final Config QUICK = new Config(100, 500, List.of(Family.GAUSSIAN), Sizes.of(50, 200));
    static final Config TINY = new Config(20, 50, FAMILIES, Sizes.of(5, 20));

    /**
     * The config, with the families copied.
     *
     * @param gaSteps steps T of GA
     * @param sgaSteps steps T of SGA
     * @param families the families of the per-family tables
     * @param steps the T of the per-family tables
     * @param seed the section's seed, or empty for the master seed
     * @param delta the failure probability of the bounds, in {@code (0, 1)}
     */
    Config {
      families = List.copyOf(families);
    }

    /**
     * The step counts and tables with the master seed and the project's default delta.
     *
     * @param gaSteps steps T of GA
     * @param sgaSteps steps T of SGA
     * @param families the families of the per-family tables
     * @param steps the T of the per-family tables
     */
    Config(int gaSteps, int sgaSteps, List<Family> families, Sizes steps) {
      this(gaSteps, sgaSteps, families, steps, OptionalLong.empty(), StabilityBounds.DEFAULT_DELTA);
    }
  }

  /** Size of the per-family instances: M prompts, K candidates, d, n (beta = 1, ||w0 - w*|| = 2). */
  private static final int FAMILY_PROMPTS = 500;

  private static final int FAMILY_CANDIDATES = 4;
  private static final int FAMILY_DIM = 8;
  private static final int FAMILY_N = 64;

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

  /** No sweep: the assembly computes the tables, one unit of work, where the report is assembled. */
  @Override
  public Plan plan(Context master) {
    return new Plan(List.of(), rs -> tables(master));
  }

  /** The section: the tightness table and the per-family tables. */
  private Outcome tables(Context master) {
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
    Section.Builder section =
        Section.builder("Tightness of the bounds")
            .paragraph(
                "Each bound is evaluated with upward rounding on the run's own sample and start;"
                    + " `measured` is the quantity the bound controls at the selected iterate (gap,"
                    + " optimisation error, excess; '-' where the run does not measure it, e.g. the"
                    + " expected gap of T-BE)."
                    + (config.delta() == StabilityBounds.DEFAULT_DELTA ? ""
                        : " Failure probability delta = "
                            + ExperimentSupport.deltaText(config.delta()) + "."))
            .table(t.build());
    if (!config.families().isEmpty()) {
      section.paragraph(
          "Per family: GA with the default step 1/L(D0) from w_ref on M = " + FAMILY_PROMPTS
              + " prompts, K = " + FAMILY_CANDIDATES + ", d = " + FAMILY_DIM + ", beta = 1,"
              + " ||w0 - w*|| = 2, a small sample n = " + FAMILY_N + " (to keep the section cheap),"
              + " the best-gradient iterate among t = 0..T. Each cell is bound / measured for the"
              + " optimisation error F_S(w*) - F_S(w) or the excess risk F(w*) - F(w); '*' marks"
              + " the tightest applicable bound on that quantity, 'n/a' a bound whose assumptions"
              + " fail. The measured value is an enclosure of the exact one (MEASURE); at large T it"
              + " reaches the rounding floor, where every certificate is dominated by rounding"
              + " allowances.");
      for (int i = 0; i < config.families().size(); i++) {
        section.table(familyTable(config.families().get(i), config.steps().values(),
            Seeds.stream(seed, 100 + i), Seeds.stream(seed, 120 + i)));
      }
    }
    ctx.progress().advance(1);
    return new Outcome(section.build(), List.of());
  }

  /** The per-family table: one row per (quantity, theorem), one column per T. */
  private Table familyTable(Family family, int[] steps, long instSeed, long sampleSeed) {
    Instance inst =
        InstanceSpec.of(family, FAMILY_PROMPTS, FAMILY_CANDIDATES, FAMILY_DIM, 1.0, instSeed)
            .withNorms(1, 2, 0.5)
            .finite();
    FiniteDistribution pop = population(inst);
    Sample s = pop.sample(FAMILY_N, new SplittableRandom(sampleSeed));
    // row key -> [quantity, theorem, one cell per T]
    Map<String, List<Object>> rows = new LinkedHashMap<>();
    List<String> parts = List.of("opt", "excess");
    for (String part : parts) {
      row(rows, part, "measured", steps.length);
    }
    int c = 0;
    for (int t : steps) {
      TrainResult tr = Learners.train(inst, s, TrainOptions.of(Algorithm.GA).steps(t).trace(false));
      Trajectory traj = tr.trajectory();
      if (traj == null) {
        throw new IllegalStateException("GA returned no trajectory");
      }
      double[] w = traj.selected(Selection.BEST_GRADIENT);
      Measured m = Measured.at(inst, s, w, traj.bestGradientNorm());
      Bounds.Run run =
          Bounds.Run.ga(t, Reals.positiveProbability(config.delta(), "delta"), inst.wRef(), null);
      List<BoundResult> results = Bounds.evaluate(inst, s, run, m);
      for (String part : parts) {
        Enclosure e = part.equals("opt") ? m.optError() : m.excess();
        row(rows, part, "measured", steps.length).set(c + 2, e == null ? "-" : cell(e.mid()));
        for (BoundResult br : results) {
          Double mv = br.measured();
          if (!br.part().equals(part) || e == null || mv == null || mv != e.mid()) {
            continue; // another quantity, or the same part at another point (the GA limit)
          }
          Double ratio = br.ratio();
          String v = !br.applicable() ? "n/a"
              : (ratio == null ? "-" : Cells.number(ratio)) + (br.tightest() ? " *" : "");
          row(rows, part, br.key(), steps.length).set(c + 2, v);
        }
      }
      c++;
    }
    List<String> columns = new ArrayList<>(List.of("quantity", "theorem"));
    for (int t : steps) {
      columns.add("T = " + t);
    }
    Table.Builder tb =
        Table.builder(
            family + ": bound / measured after GA (M = " + FAMILY_PROMPTS + ", K = "
                + FAMILY_CANDIDATES + ", d = " + FAMILY_DIM + ", n = " + FAMILY_N
                + ", beta = 1, ||w0 - w*|| = 2); '*' = tightest applicable",
            columns.toArray(new String[0]));
    for (List<Object> r : rows.values()) {
      tb.row(r.toArray());
    }
    return tb.build();
  }

  /** The row of a (part, theorem), created with '-' cells on first use. */
  private static List<Object> row(
      Map<String, List<Object>> rows, String part, String theorem, int columns) {
    return rows.computeIfAbsent(part + "|" + theorem, k -> {
      List<Object> r = new ArrayList<>();
      r.add(part.equals("opt") ? "optimisation error" : "excess risk");
      r.add(theorem);
      for (int c = 0; c < columns; c++) {
        r.add("-");
      }
      return r;
    });
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
    TrainResult tr = Learners.train(inst, s, TrainOptions.of(alg).steps(steps).seed(trainSeed).trace(false));
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
