package org.rlhfbounds.rates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The sweep runner: same bytes whatever the thread count, cells in their place, clear errors. */
class SweepProperties {

  /**
   * A toy experiment: a seeded random walk whose length depends on the seed (so cells finish in
   * a scrambled order on several threads); returns the parameter, the seed (as an exact double)
   * and two random statistics.
   */
  static final BiFunction<Integer, Long, double[]> WALK =
      (p, seed) -> {
        SplittableRandom rng = new SplittableRandom(seed);
        int steps = 200 + rng.nextInt(5000);
        double s = 0;
        double m = 0;
        for (int t = 0; t < steps; t++) {
          s += rng.nextGaussian();
          m = Math.max(m, Math.abs(s));
        }
        return new double[] {p, (double) (seed >>> 11), s / Math.sqrt(steps), m};
      };

  static byte[] bytes(SweepResult<Integer> r) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      for (int i = 0; i < r.params().size(); i++) {
        for (int j = 0; j < r.replicates(); j++) {
          double[] v = r.get(i, j);
          out.writeInt(v.length);
          for (double d : v) {
            out.writeLong(Double.doubleToRawLongBits(d));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  static List<Integer> params(int n) {
    List<Integer> p = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      p.add(10 * (i + 1));
    }
    return p;
  }

  @Test
  void bytesDoNotDependOnTheThreadCount() {
    List<Integer> ps = params(8);
    byte[] one = bytes(Sweep.run(ps, 12, 2026L, WALK, 1));
    assertArrayEquals(one, bytes(Sweep.run(ps, 12, 2026L, WALK, 2)));
    assertArrayEquals(one, bytes(Sweep.run(ps, 12, 2026L, WALK, 4)));
    assertArrayEquals(one, bytes(Sweep.run(ps, 12, 2026L, WALK)));
  }

  @Test
  void bytesDoNotDependOnTheThreadCountProperty() {
    qt().withExamples(1000)
        .withFixedSeed(20260103L)
        .forAll(integers().between(1, 5), integers().between(1, 4), longs().all(),
            integers().between(2, 4))
        .checkAssert(
            (n, reps, seed, threads) -> {
              List<Integer> ps = params(n);
              assertArrayEquals(
                  bytes(Sweep.run(ps, reps, seed, WALK, 1)),
                  bytes(Sweep.run(ps, reps, seed, WALK, threads)));
            });
  }

  @Test
  void cellsHoldTheirParameterAndSeed() {
    List<Integer> ps = params(5);
    SweepResult<Integer> r = Sweep.run(ps, 3, 99L, WALK, 3);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 3; j++) {
        double[] v = r.get(i, j);
        assertEquals(ps.get(i), (int) v[0]);
        assertEquals((double) (Seeds.derive(99L, i, j) >>> 11), v[1]);
        assertEquals(Seeds.derive(99L, i, j), r.cellSeed(i, j));
      }
    }
    assertEquals(3, r.column(2, 3).length);
  }

  @Test
  void differentSeedsGiveDifferentResults() {
    List<Integer> ps = params(3);
    assertTrue(
        !java.util.Arrays.equals(
            bytes(Sweep.run(ps, 4, 1L, WALK, 1)), bytes(Sweep.run(ps, 4, 2L, WALK, 1))));
  }

  @Test
  void toRateDataTakesAColumn() {
    List<Integer> ps = params(4);
    SweepResult<Integer> r = Sweep.run(ps, 3, 5L, WALK, 2);
    RateData d = r.toRateData("max", p -> p, 3);
    assertArrayEquals(new double[] {10, 20, 30, 40}, d.x());
    assertArrayEquals(r.column(1, 3), d.y(1));
  }

  @Test
  void failuresNameTheCell() {
    List<Integer> ps = params(4);
    BiFunction<Integer, Long, double[]> bad =
        (p, s) -> {
          if (p == 30) {
            throw new ArithmeticException("boom");
          }
          return new double[] {p};
        };
    for (int threads : new int[] {1, 3}) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> Sweep.run(ps, 2, 1L, bad, threads));
      assertTrue(e.getMessage().contains("param #2 = 30"), e.getMessage());
      assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }
    IllegalStateException nan =
        assertThrows(
            IllegalStateException.class,
            () -> Sweep.run(ps, 2, 1L, (p, s) -> new double[] {Double.NaN}, 2));
    assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
    assertThrows(IllegalStateException.class, () -> Sweep.run(ps, 2, 1L, (p, s) -> null, 1));
    assertThrows(IllegalArgumentException.class, () -> Sweep.run(List.of(), 2, 1L, WALK, 1));
    assertThrows(IllegalArgumentException.class, () -> Sweep.run(ps, 0, 1L, WALK, 1));
    assertThrows(IllegalArgumentException.class, () -> Sweep.run(ps, 2, 1L, WALK, 0));
  }

  @Test
  void defaultThreadsAreTheCores() {
    assertEquals(Runtime.getRuntime().availableProcessors(), Sweep.defaultThreads());
  }
}
