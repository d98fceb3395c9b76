package org.rlhfbounds.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preference section renders (Markdown, JSON, PNG and SVG of its figure), is deterministic
 * whatever the thread count, and its table shows the stability bound above the measured gaps.
 */
class PreferenceExperimentTest {
  private static Report report(int threads) {
    Experiment e = new PreferenceExperiment(PreferenceExperiment.Config.TINY);
    Experiment.Outcome o = e.run(new Experiment.Context(5, 50, threads));
    return Report.builder("preferences").section(o.section()).build();
  }

  @Test
  void sectionRendersAndIsDeterministic(@TempDir Path dir) {
    Report a = report(1);
    String md = ReportWriter.markdown(a);
    assertTrue(md.contains("## Preference data: the MLE/DPO policy, MLE consistency and stability"),
        md);
    assertTrue(md.contains("(figures/preference-gap-vs-n.png)"), md);
    assertTrue(md.contains("T-PREF-MLE is cited, not evaluated"), md);
    assertEquals(md, ReportWriter.markdown(report(3)));
    List<Path> files = ReportWriter.write(a, dir);
    assertTrue(files.stream().anyMatch(p -> p.toString().endsWith("preference-gap-vs-n.svg")));
    assertTrue(Files.isRegularFile(dir.resolve("figures/preference-gap-vs-n.png")));
  }

  /**
   * The cells of the TINY sweep (fixed seeds): the loss-gap bound of T-PREF-STAB holds on each data
   * set (it may fail with probability delta = 0.05 per data set; at these sizes it exceeds the
   * measured gap by orders of magnitude, so a failure here means a broken cell, not bad luck), and
   * the policy bound is a positive number.
   */
  @Test
  void measuredGapsLieBelowTheStabilityBounds() {
    PreferenceExperiment.Config c = PreferenceExperiment.Config.TINY;
    for (int n : c.ns().values()) {
      for (long s = 0; s < c.replicates(); s++) {
        double[] v =
            PreferenceExperiment.cell(
                org.rlhfbounds.model.InstanceSpec.of(org.rlhfbounds.model.Family.SPHERE,
                    c.population().prompts(), c.population().candidates(),
                    c.population().dim(), 1.0, 3L).finite(),
                c.lambda(), n, 100 + s, c.delta());
        assertTrue(v[4] <= v[5], () -> "loss gap " + v[4] + " > bound " + v[5]);
        assertTrue(v[3] > 0 && Double.isFinite(v[3]));
      }
    }
  }
}
