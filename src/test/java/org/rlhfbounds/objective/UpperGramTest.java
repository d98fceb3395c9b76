package org.rlhfbounds.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;

/**
 * The blocked kernel of the covariance assembly, {@link PromptKernels#addUpperGram}: within the
 * rounding bound of recursive summation of the exact (BigDecimal) upper triangle of {@code (P
 * C)^T C}, the same bits as one rank-one update at a time (whatever the row tiles and however the
 * rows are cut into blocks), the lower triangle untouched; its row tiles ({@link
 * Objective#upperTiles}) cover the triangle; the assembled {@code Sigma} the same bits for one and
 * three threads.
 */
class UpperGramTest {
  private static final double U = 0x1p-53;

  /** A {@code count x d} block of values of mixed signs and magnitudes, and weights in (0, 1]. */
  private static double[] block(int count, int d, SplittableRandom r) {
    double[] x = new double[count * d];
    for (int p = 0; p < x.length; p++) {
      x[p] = (2 * r.nextDouble() - 1) * Math.pow(2, r.nextInt(-8, 9));
    }
    return x;
  }

  private static double[] weights(int count, SplittableRandom r) {
    double[] p = new double[count];
    for (int q = 0; q < count; q++) {
      p[q] = 1 - r.nextDouble();
    }
    return p;
  }

  /** {@code out[r][c] += (p_q x[q][r]) x[q][c]} for every q in order, r <= c: the textbook loop. */
  private static void rankOneUpdates(double[] x, double[] p, int count, int d, double[] out) {
    for (int q = 0; q < count; q++) {
      for (int r = 0; r < d; r++) {
        double a = p[q] * x[q * d + r];
        for (int c = r; c < d; c++) {
          out[r * d + c] += a * x[q * d + c];
        }
      }
    }
  }

  @Test
  void withinTheRoundingBoundOfTheExactUpperTriangle() {
    SplittableRandom r = new SplittableRandom(41);
    for (int[] size : new int[][] {{1, 1}, {7, 3}, {8, 5}, {29, 17}, {64, 40}}) {
      int count = size[0];
      int d = size[1];
      double[] x = block(count, d, r);
      double[] p = weights(count, r);
      double[] out = new double[d * d];
      PromptKernels.addUpperGram(x, p, count, d, 0, d, out);
      // each term is rounded twice (p x_r, then times x_c) and passes through count additions:
      // |computed - exact| <= gamma_{count + 2} sum_q |p_q x_qr x_qc| (Higham, Lemma 3.1)
      double gamma = (count + 2) * U / (1 - (count + 2) * U);
      for (int a = 0; a < d; a++) {
        for (int c = a; c < d; c++) {
          BigDecimal exact = BigDecimal.ZERO;
          BigDecimal abs = BigDecimal.ZERO;
          for (int q = 0; q < count; q++) {
            BigDecimal t =
                new BigDecimal(p[q])
                    .multiply(new BigDecimal(x[q * d + a]))
                    .multiply(new BigDecimal(x[q * d + c]));
            exact = exact.add(t);
            abs = abs.add(t.abs());
          }
          double err =
              new BigDecimal(out[a * d + c]).subtract(exact).abs().round(MathContext.DECIMAL64)
                  .doubleValue();
          double bound = gamma * abs.doubleValue() * (1 + 4 * U);
          assertTrue(
              err <= bound,
              "entry (" + a + ", " + c + ") of " + count + " x " + d + ": error " + err
                  + " above " + bound);
        }
      }
    }
  }

  @Test
  void theSameBitsAsOneRankOneUpdateAtATimeForAnyTilesAndBlocks() {
    SplittableRandom r = new SplittableRandom(7);
    for (int[] size : new int[][] {{5, 4}, {8, 9}, {37, 21}, {100, 64}}) {
      int count = size[0];
      int d = size[1];
      double[] x = block(count, d, r);
      double[] p = weights(count, r);
      double[] want = new double[d * d];
      rankOneUpdates(x, p, count, d, want);
      // the rows cut into blocks at a ragged point, the output rows into uneven tiles; the lower
      // triangle holds NaN, which the kernel must neither read nor write
      double[] got = new double[d * d];
      for (int a = 0; a < d; a++) {
        for (int c = 0; c < a; c++) {
          got[a * d + c] = Double.NaN;
          want[a * d + c] = Double.NaN;
        }
      }
      int cut = count / 3 + 1;
      double[] x2 = java.util.Arrays.copyOfRange(x, cut * d, count * d);
      double[] p2 = java.util.Arrays.copyOfRange(p, cut, count);
      int[] tiles = {0, d / 5, d / 2, d - 1, d};
      for (int t = 0; t + 1 < tiles.length; t++) {
        PromptKernels.addUpperGram(x, p, cut, d, tiles[t], tiles[t + 1], got);
      }
      for (int t = tiles.length - 2; t >= 0; t--) {
        PromptKernels.addUpperGram(x2, p2, count - cut, d, tiles[t], tiles[t + 1], got);
      }
      assertArrayEquals(
          ParallelSumTest.bits(want), ParallelSumTest.bits(got), count + " x " + d);
    }
  }

  @Test
  void rowTilesCoverTheUpperTriangleInBalancedPieces() {
    for (int d : new int[] {0, 1, 2, 5, 64, 128, 500}) {
      for (int target : new int[] {1, 7, 2048}) {
        int[] b = Objective.upperTiles(d, target);
        assertEquals(0, b[0], "d = " + d);
        assertEquals(d, b[b.length - 1], "d = " + d);
        long total = 0;
        for (int t = 0; t + 1 < b.length; t++) {
          assertTrue(b[t] < b[t + 1], "d = " + d + ": tile " + t + " is empty");
          long entries = 0;
          for (int row = b[t]; row < b[t + 1]; row++) {
            entries += d - row;
          }
          // every tile but the last reaches the target, and only its last row takes it past
          if (t + 2 < b.length) {
            assertTrue(entries >= target && entries - (d - (b[t + 1] - 1)) < target, "tile " + t);
          }
          total += entries;
        }
        assertEquals((long) d * (d + 1) / 2, total, "d = " + d);
      }
    }
  }

  @Test
  void sigmaOfSeveralBlocksAndTilesIsTheSameBitsForOneAndThreeThreads() {
    // d = 100: three row tiles; 400 prompts of 2..9 candidates: several blocks of 327 rows
    Instance inst = InstanceSpec.of(Family.GAUSSIAN, 400, 9, 100, 0.7, 3).withK(2, 9).finite();
    FiniteDistribution pop = (FiniteDistribution) inst.distribution();
    double[] w = ParallelSumTest.vector(100, 5, 1.5);
    double[] one = Objective.of(inst).withThreads(1).covariance(pop, w).data;
    double[] three = Objective.of(inst).withThreads(3).covariance(pop, w).data;
    assertArrayEquals(ParallelSumTest.bits(one), ParallelSumTest.bits(three));
    for (int a = 0; a < 100; a++) {
      for (int c = 0; c < a; c++) {
        assertEquals(one[c * 100 + a], one[a * 100 + c], "symmetric");
      }
    }
  }
}
