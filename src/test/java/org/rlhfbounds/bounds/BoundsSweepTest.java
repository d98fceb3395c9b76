package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.bounds.BoundCases.Case;
import org.rlhfbounds.bounds.BoundCases.Run;
import org.rlhfbounds.bounds.Frequencies.Tightness;
import org.rlhfbounds.objective.Objective;

/**
 * The long sweep (tag "sweep", excluded from the default run; {@code mvn verify -Psweeps}): 10^4
 * random finite instances of every family (with and without coverage, near-degenerate), GA with
 * the seed's step and SGA (one order per example) through the facade; prints the minimum and the
 * median ratio bound / measured per theorem, and asserts the deterministic bounds on every
 * example (the minimum of their ratios must be at least 1 up to the measurement tolerance).
 * SGA ratios compare an expectation bound with a single order: informative only.
 */
@Tag("sweep")
class BoundsSweepTest {
  @Test
  void tenThousandExamples() {
    Tightness tight = new Tightness("sweep, 10^4 random finite instances");
    int failures = 0;
    for (long i = 0; i < 10_000; i++) {
      long seed = 0x5EEDL * 1_000_003L + i;
      Case c = BoundCases.random(seed, 200, i % 3 == 0);
      Objective o = Objective.of(c.inst());
      boolean ga = i % 2 == 0;
      Bounds.Run run = ga ? Bounds.Run.ga(c.steps(), 0.05, c.w0(), null)
          : Bounds.Run.sga(c.steps(), 0.05, c.w0(), null);
      BoundInputs in = Bounds.inputs(c.inst(), c.sample(), c.w0(), 0.05);
      double step = Bounds.step(c.inst(), in, run);
      Run r = ga ? BoundCases.ga(o, c.sample(), c.w0(), step, c.steps())
          : BoundCases.sga(o, c.sample(), c.w0(), step, c.steps(), new SplittableRandom(seed));
      double gap = Math.abs(o.value(c.pop(), r.best()) - o.value(c.sample(), r.best()));
      Measured m = Measured.of(gap, o.excess(c.sample(), r.best()), o.excess(c.pop(), r.best()),
          r.bestGradNorm());
      List<BoundResult> res = Bounds.evaluate(c.inst(), c.sample(), run, m);
      double tol = BoundCases.tolerance(c, r.best());
      for (BoundResult b : res) {
        Double v = b.value();
        Double mm = b.measured();
        if (v == null || mm == null) {
          continue;
        }
        if (b.qualifier().equals(BoundResult.DETERMINISTIC) && mm > v + tol) {
          failures++;
          System.out.println("VIOLATION " + b + " at " + c);
        }
        tight.add((ga ? "GA " : "SGA ") + b.key(), v, mm, 1e-10);
      }
    }
    System.out.println(tight.table());
    assertTrue(failures == 0, failures + " deterministic violations");
  }
}
