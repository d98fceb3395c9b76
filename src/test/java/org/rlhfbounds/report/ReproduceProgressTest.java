package org.rlhfbounds.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.model.ProgressListener;
import org.rlhfbounds.rates.Sweep;

/**
 * The progress {@code reproduce} reports: the total it announces up front is the number of cells
 * of its sweeps (replicates times grid points, summed over the sections, the tightness table one
 * unit), counted here from the configuration's sizes, and the units it advances add up to exactly
 * that total whatever the thread count; a sweep advances once per cell.
 */
class ReproduceProgressTest {

  /** Counts what it is told; records whether any advance came before the first announcement. */
  private static final class Counter implements ProgressListener {
    final AtomicLong expected = new AtomicLong();
    final AtomicLong done = new AtomicLong();
    final AtomicLong early = new AtomicLong();

    @Override
    public void expect(long units) {
      expected.addAndGet(units);
    }

    @Override
    public void advance(long units) {
      if (expected.get() == 0) {
        early.incrementAndGet();
      }
      done.addAndGet(units);
    }
  }

  /** The cells of a configuration, from its sizes. */
  private static long cells(Reproduce.Config c) {
    long u = 0;
    GapExperiment.Config g = c.gap();
    if (g != null) {
      u += (long) g.ns().values().length * g.replicates();
    }
    OptimisationExperiment.Config o = c.optimisation();
    if (o != null) {
      for (Algorithm a : o.algorithms()) {
        u += (long) o.steps(a).values().length * o.replicates();
      }
    }
    CoverageExperiment.Config v = c.coverage();
    if (v != null) {
      u += (long) v.dims().values().length * v.ns().values().length * v.replicates();
    }
    if (c.tightness() != null) {
      u += 1;
    }
    PreferenceExperiment.Config p = c.preferences();
    if (p != null) {
      u += (long) p.ns().values().length * p.replicates();
    }
    return u;
  }

  @Test
  void theTicksAddUpToTheAnnouncedTotal() {
    Reproduce.Config tiny = Reproduce.Config.tiny();
    long cells = cells(tiny);
    assertTrue(cells > 100, "the tiny run has many cells: " + cells);
    for (int threads : new int[] {1, 3}) {
      Counter c = new Counter();
      Reproduce.run(3, tiny, threads, c);
      assertEquals(cells, c.expected.get(), "announced, threads " + threads);
      assertEquals(cells, c.done.get(), "advanced, threads " + threads);
      assertEquals(0, c.early.get(), "announced before the first tick");
    }
  }

  @Test
  void aSweepTicksOncePerCell() {
    for (int threads : new int[] {1, 2}) {
      Counter c = new Counter();
      c.expect(1);
      Sweep.run(List.of(1, 2, 3), 5, 7L, (p, s) -> new double[] {p}, threads, c);
      assertEquals(15, c.done.get(), "3 params x 5 replicates, threads " + threads);
    }
  }
}
