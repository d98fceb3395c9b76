package org.rlhfbounds.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.model.Family;

/**
 * The per-family tables of the tightness section: one table per configured family with one column
 * per T; the a-posteriori certificate T-POST is among the rows of both quantities; on every column
 * exactly the least applicable ratio of each quantity is marked tightest, and no ratio of T-POST is
 * below 1 (a certificate below its measured value).
 */
class TightnessExperimentTest {
  @Test
  void perFamilyTablesMarkTheTightestApplicableBound() {
    TightnessExperiment.Config c =
        new TightnessExperiment.Config(
            5, 10, List.of(Family.GAUSSIAN, Family.DEFICIENT), Sizes.of(50, 200));
    Section s = new TightnessExperiment(c).run(new Experiment.Context(3, 50, 1)).section();
    List<Table> tables = new ArrayList<>();
    for (Block b : s.blocks()) {
      if (b instanceof Table) {
        tables.add((Table) b);
      }
    }
    assertEquals(3, tables.size(), "the fixed table and one per family");
    for (int f = 0; f < 2; f++) {
      Table t = tables.get(f + 1);
      assertTrue(t.caption().startsWith(c.families().get(f).name()), t.caption());
      assertEquals(List.of("quantity", "theorem", "T = 50", "T = 200"), t.columns());
      for (String q : List.of("optimisation error", "excess risk")) {
        boolean post = false;
        for (int col = 2; col < 4; col++) {
          double least = Double.POSITIVE_INFINITY;
          List<Double> marked = new ArrayList<>();
          for (List<Object> row : t.rows()) {
            String cell = String.valueOf(row.get(col));
            if (!row.get(0).equals(q) || row.get(1).equals("measured") || cell.equals("n/a")
                || cell.equals("-")) {
              continue;
            }
            double v = Double.parseDouble(cell.replace(" *", ""));
            least = Math.min(least, v);
            if (cell.endsWith(" *")) {
              marked.add(v);
            }
            if (row.get(1).toString().startsWith("T-POST")) {
              post = true;
              assertTrue(v >= 1 - 1e-3, () -> "T-POST below its measured value: " + row);
            }
          }
          double l = least;
          assertTrue(!marked.isEmpty(), () -> "no tightest mark in " + q + " " + t.rows());
          for (double m : marked) {
            // ratios are printed to 4 digits: the marked one is the least of the column
            assertTrue(m <= l * (1 + 1e-3), () -> "marked " + m + " above the least " + l);
          }
        }
        assertTrue(post, () -> "T-POST has no row for " + q + " in " + t.rows());
      }
    }
  }
}
