package org.rlhfbounds.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Features#ofOwned} takes its arrays over (no copy) and checks them as {@link Features#of}
 * does, with the same messages.
 */
class FeaturesOwnedTest {
  @Test
  void takesTheArrayOverAndEqualsTheCopyingFactory() {
    double[] data = {1, 0, 0, 1, 0.5, 0.5, -1, 0, 0, -1};
    int[] off = {0, 2, 5};
    Features copied = Features.of(data, off, 2, "f");
    Features owned = Features.ofOwned(data, off, 2, "f");
    assertSame(data, owned.data(), "no copy of the features");
    assertEquals(copied, owned);
    assertEquals(copied.maxNorm(), owned.maxNorm());
    assertEquals(copied.maxCandidates(), owned.maxCandidates());
  }

  @Test
  void rejectsWhatTheCopyingFactoryRejects() {
    double[][] datas = {{1, 0, Double.NaN, 1}, {1, 0, 0, 1, 2}, {1, 0, 0, 1}};
    int[][] offs = {{0, 2}, {0, 2}, {0, 1, 2}};
    for (int c = 0; c < datas.length; c++) {
      double[] d = datas[c];
      int[] o = offs[c];
      IllegalArgumentException a =
          assertThrows(IllegalArgumentException.class, () -> Features.of(d, o, 2, "f"));
      IllegalArgumentException b =
          assertThrows(IllegalArgumentException.class, () -> Features.ofOwned(d, o, 2, "f"));
      assertEquals(a.getMessage(), b.getMessage(), "case " + c);
    }
  }

  @Test
  void normCheckPassesAtTheLargestNormAndNamesTheFirstRowAbove() {
    // rows of norm 5, 13 and 1 (prompt 1, candidate 0 is the largest); a view reverses the prompts
    double[] data = {3, 4, 0, 1, 12, 5, 1, 0};
    Features f = Features.of(data, new int[] {0, 2, 4}, 2, "f");
    Features view = f.select(new int[] {1, 0});
    for (Features g : new Features[] {f, view}) {
      assertEquals(13.0, g.maxNorm());
      g.requireNormAtMost(13.0, "f");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> g.requireNormAtMost(12.5, "f"));
      String where = g == f ? "prompt 1, candidate 0" : "prompt 0, candidate 0";
      assertTrue(e.getMessage().contains(where + " has norm 13.0"), e.getMessage());
    }
  }
}
