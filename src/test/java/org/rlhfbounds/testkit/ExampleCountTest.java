package org.rlhfbounds.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.rlhfbounds.testkit.quicktheories.Gens;
import org.junit.jupiter.api.Test;

/** The project's QuickTheories configuration really runs {@link Gens#EXAMPLES} examples. */
class ExampleCountTest {
  @Test
  void runsTheConfiguredNumberOfExamples() {
    AtomicInteger n = new AtomicInteger();
    Gens.qt(1).forAll(Gens.seeds()).check(s -> n.incrementAndGet() > 0);
    assertEquals(Gens.EXAMPLES, n.get());
  }
}
