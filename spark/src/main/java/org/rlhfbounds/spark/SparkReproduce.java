package org.rlhfbounds.spark;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.rlhfbounds.model.io.FormatException;
import org.rlhfbounds.report.Report;
import org.rlhfbounds.report.ReproducePlan;
import org.rlhfbounds.report.RunInfo;

/**
 * The {@code reproduce} pipeline on Spark, equal to the single-machine run byte for byte but for
 * the report's run block.
 *
 * <p>The library's {@link ReproducePlan} lists the cells of every sweep of every experiment
 * (replicates times grid points) as small serializable addresses. Each cell is one Spark task, a
 * pure function of the master seed, the configuration's text and the address: the task rebuilds
 * the plan from the text (once per executor JVM and run, {@link Plans}), and evaluates the cell
 * with the library's code and the local run's cell seed ({@code Seeds.derive} of the sweep's seed
 * and the cell's coordinates). A retried task computes the same bits. The driver collects the
 * results in the order of the cells (partition order, not completion order) and assembles the
 * report with the local run's code ({@link ReproducePlan#report}): fits, tables, figures, and the
 * tightness tables, which have no sweep and so run on the driver.
 *
 * <p>Thread-safe: stateless.
 */
final class SparkReproduce {
  private SparkReproduce() {}

  /**
   * Runs the plan's cells on Spark and assembles the report.
   *
   * @param sc the Spark context
   * @param plan the run (master seed and configuration)
   * @param base the folder the configuration's instance files are relative to, readable by every
   *     executor
   * @param machine the machine entries of the run block
   * @return the report
   */
  static Report run(
      JavaSparkContext sc, ReproducePlan plan, String base, Map<String, String> machine) {
    long t0 = System.nanoTime();
    List<ReproducePlan.Cell> cells = plan.cells();
    long t1 = System.nanoTime();
    long seed = plan.seed();
    String text = plan.configurationText();
    List<double[]> results =
        cells.isEmpty()
            ? List.of()
            // one task per cell; collect() returns the results in partition order
            : sc.parallelize(cells, cells.size())
                .map(c -> Plans.of(seed, text, base).run(c))
                .collect();
    long t2 = System.nanoTime();
    RunInfo info =
        RunInfo.of(machine)
            .withTiming("plan (driver)", seconds(t0, t1))
            .withTiming("cells (Spark, " + cells.size() + " tasks)", seconds(t1, t2));
    return plan.report(results, info);
  }

  private static double seconds(long a, long b) {
    return Math.max(0, (b - a) / 1e9);
  }

  /**
   * The plan of the current run on an executor: rebuilt from the configuration's text by the
   * first task of the run in this JVM, then shared by its tasks (a pure cache: the plan is a
   * function of its key).
   */
  static final class Plans {
    private static Key key;
    private static ReproducePlan plan;

    private Plans() {}

    /** What a plan is a function of. */
    private record Key(long seed, String text, String base) {}

    static synchronized ReproducePlan of(long seed, String text, String base)
        throws FormatException {
      Key k = new Key(seed, text, base);
      ReproducePlan p = plan;
      if (p == null || !k.equals(key)) {
        p = ReproducePlan.ofText(seed, text, base);
        plan = p;
        key = k;
      }
      return p;
    }
  }
}
