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
 * The blocked kernel of the covariance assembly, {@link UpperGram#add}: within the
 * rounding bound of recursive summation of the exact (BigDecimal) upper triangle of {@code (P
 * C)^T C}, the same bits as one rank-one update at a time (whatever the row tiles and however the
 * rows are cut into blocks), the lower triangle untouched; its row tiles ({@link
 * UpperGram#tiles}) cover the triangle; the assembled {@code Sigma} the same bits for one and
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

  /** The rows of a row-major {@code count x d} block, one array each. */
  static double[][] rows(double[] x, int count, int d) {
    double[][] rows = new double[count][];
    for (int q = 0; q < count; q++) {
      rows[q] = java.util.Arrays.copyOfRange(x, q * d, q * d + d);
    }
    return rows;
  }

  /** The row-major array of a {@code d x d} accumulator held as rows. */
  static double[] flat(double[][] acc, int d) {
    double[] out = new double[d * d];
    for (int a = 0; a < d; a++) {
      System.arraycopy(acc[a], 0, out, a * d, d);
    }
    return out;
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
      double[][] acc = new double[d][d];
      UpperGram.add(rows(x, count, d), p, count, d, 0, d, acc);
      double[] out = flat(acc, d);
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
      double[][] acc = new double[d][d];
      for (int a = 0; a < d; a++) {
        for (int c = 0; c < a; c++) {
          acc[a][c] = Double.NaN;
          want[a * d + c] = Double.NaN;
        }
      }
      int cut = count / 3 + 1;
      double[][] x1 = rows(x, cut, d);
      double[][] x2 = rows(java.util.Arrays.copyOfRange(x, cut * d, count * d), count - cut, d);
      double[] p2 = java.util.Arrays.copyOfRange(p, cut, count);
      int[] tiles = {0, d / 5, d / 2, d - 1, d};
      for (int t = 0; t + 1 < tiles.length; t++) {
        UpperGram.add(x1, p, cut, d, tiles[t], tiles[t + 1], acc);
      }
      for (int t = tiles.length - 2; t >= 0; t--) {
        UpperGram.add(x2, p2, count - cut, d, tiles[t], tiles[t + 1], acc);
      }
      assertArrayEquals(
          ParallelSumTest.bits(want), ParallelSumTest.bits(flat(acc, d)), count + " x " + d);
      // stored as a matrix: the upper triangle, mirrored or with the lower one left as it was
      double[] upper = flat(acc, d);
      UpperGram.store(acc, d, false, upper);
      assertArrayEquals(ParallelSumTest.bits(want), ParallelSumTest.bits(upper));
      double[] sym = new double[d * d];
      UpperGram.store(acc, d, true, sym);
      for (int a = 0; a < d; a++) {
        for (int c = a; c < d; c++) {
          assertEquals(
              Double.doubleToRawLongBits(want[a * d + c]),
              Double.doubleToRawLongBits(sym[c * d + a]),
              "mirrored (" + c + ", " + a + ")");
        }
      }
    }
  }

  @Test
  void rowTilesCoverTheUpperTriangleInBalancedPieces() {
    for (int d : new int[] {0, 1, 2, 5, 64, 128, 500}) {
      for (int target : new int[] {1, 7, 2048}) {
        int[] b = UpperGram.tiles(d, target);
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
  void sigmaOfSeveralBlocksAndTilesIsTheSameBitsForOneToThreeThreads() {
    // d = 100: 4 or 5 row tiles; 800 prompts of 2..9 candidates: several blocks of 1024 rows
    Instance inst = InstanceSpec.of(Family.GAUSSIAN, 800, 9, 100, 0.7, 3).withK(2, 9).finite();
    FiniteDistribution pop = (FiniteDistribution) inst.distribution();
    double[] w = ParallelSumTest.vector(100, 5, 1.5);
    double[] one = Objective.of(inst).withThreads(1).covariance(pop, w).data;
    double[] two = Objective.of(inst).withThreads(2).covariance(pop, w).data;
    double[] three = Objective.of(inst).withThreads(3).covariance(pop, w).data;
    assertArrayEquals(ParallelSumTest.bits(one), ParallelSumTest.bits(two));
    assertArrayEquals(ParallelSumTest.bits(one), ParallelSumTest.bits(three));
    // and the same bits as the textbook loop over every prompt's centred rows in order
    double[] want = new double[100 * 100];
    for (int i = 0; i < pop.prompts().size(); i++) {
      int k = pop.prompts().candidates(i);
      double[] phi = new double[k * 100];
      pop.prompts().widenRows(i, phi);
      double[] c = new double[k * 100];
      double[] pi = new double[k];
      double[][] cRows = new double[k][100];
      PromptKernels.centredRows(
          phi, 0, k, 100, w, pop.weight(i), cRows, pi, 0, new Workspace(k, 100));
      for (int a = 0; a < k; a++) {
        System.arraycopy(cRows[a], 0, c, a * 100, 100);
      }
      rankOneUpdates(c, pi, k, 100, want);
    }
    for (int a = 0; a < 100; a++) {
      for (int b = a; b < 100; b++) {
        assertEquals(
            Double.doubleToRawLongBits(want[a * 100 + b]),
            Double.doubleToRawLongBits(one[a * 100 + b]),
            "(" + a + ", " + b + ")");
      }
    }
    for (int a = 0; a < 100; a++) {
      for (int c = 0; c < a; c++) {
        assertEquals(one[c * 100 + a], one[a * 100 + c], "symmetric");
      }
    }
  }
}
