package org.rlhfbounds.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reproduce pipeline cut into cells ({@link ReproducePlan}), as a cluster runs it: every cell
 * evaluated alone on a plan rebuilt from the configuration's text (a worker), in an order other
 * than the local one and some of them twice (a retried task), and the results assembled on the
 * driver's plan, give the report of the local run ({@link Reproduce#run}) byte for byte, the run
 * block apart. The cells are those the local sweeps evaluate: one per replicate and grid point.
 */
class ReproducePlanTest {

  /** The Markdown of a report up to its run block. */
  static String markdownLessRun(Report r) {
    String md = ReportWriter.markdown(r);
    int i = md.indexOf("\n## Run\n");
    assertTrue(i > 0, "the report has a run block");
    return md.substring(0, i + 1);
  }

  /** The JSON of a report without its run block (the last member, "run"). */
  static String jsonLessRun(Report r) {
    String js = ReportWriter.json(r);
    int i = js.indexOf(",\n  \"run\" : {");
    assertTrue(i > 0, "the report's JSON has a run block");
    return js.substring(0, i) + "\n}\n";
  }

  @Test
  void cellsRunAloneInAnyOrderGiveTheLocalReport() throws Exception {
    long seed = 11;
    Reproduce.Config tiny = Reproduce.Config.tiny();
    Report local = Reproduce.run(seed, tiny, 2);

    ReproducePlan driver = ReproducePlan.of(seed, tiny);
    ReproducePlan worker = ReproducePlan.ofText(seed, driver.configurationText(), ".");
    List<ReproducePlan.Cell> cells = driver.cells();
    assertEquals(cells, worker.cells(), "the worker's plan has the driver's cells");
    double[][] results = new double[cells.size()][];
    // last cell first, and every third cell evaluated again (a retried task)
    for (int k = cells.size() - 1; k >= 0; k--) {
      results[k] = worker.run(cells.get(k));
      if (k % 3 == 0) {
        assertArrayEquals(results[k], worker.run(cells.get(k)), "cell " + cells.get(k));
      }
    }
    Report distributed = driver.report(Arrays.asList(results), RunInfo.of(Map.of()));
    assertEquals(markdownLessRun(local), markdownLessRun(distributed));
    assertEquals(jsonLessRun(local), jsonLessRun(distributed));
  }

  @Test
  void theCellsAreTheReplicatesAndGridPointsOfTheSweeps() {
    Reproduce.Config tiny = Reproduce.Config.tiny();
    // gap: n x R; optimisation: one cell per replicate and algorithm (it runs every T);
    // coverage: dims x n x R; tightness: none; preferences: n x R
    long expected =
        (long) tiny.gap().ns().values().length * tiny.gap().replicates()
            + 2L * tiny.optimisation().replicates()
            + (long) tiny.coverage().dims().values().length
                * tiny.coverage().ns().values().length * tiny.coverage().replicates()
            + (long) tiny.preferences().ns().values().length * tiny.preferences().replicates();
    List<ReproducePlan.Cell> cells = ReproducePlan.of(5, tiny).cells();
    assertEquals(expected, cells.size());
    assertEquals(cells.size(), cells.stream().distinct().count(), "no cell twice");
  }

  @Test
  void aWrongNumberOfResultsOrABadAddressIsRefused() {
    ReproducePlan p = ReproducePlan.of(5, Reproduce.Config.tiny());
    List<double[]> none = new ArrayList<>();
    assertThrows(
        IllegalArgumentException.class, () -> p.report(none, RunInfo.of(Map.of())));
    assertThrows(
        IndexOutOfBoundsException.class, () -> p.run(new ReproducePlan.Cell(9, 0, 0, 0)));
    assertThrows(
        IndexOutOfBoundsException.class, () -> p.run(new ReproducePlan.Cell(0, 0, 0, 999)));
    assertThrows(
        IndexOutOfBoundsException.class, () -> p.run(new ReproducePlan.Cell(0, 0, 999, 0)));
  }
}
