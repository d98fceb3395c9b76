package org.rlhfbounds.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;

/**
 * A selection ({@link Features#select}, a sample's prompts) is a view on the block it selects
 * from: it must behave exactly as the contiguous copy of the selected rows. Compared bit for bit,
 * on float64 and float32 blocks, on selections of selections, with repeated indices and with
 * prompts of different sizes: the objective, its gradient, {@code Sigma_mu(w) v}, the assembled
 * covariance and the KL (the kernels read the view's storage), and the block's own accessors
 * (equality, hash, largest norm, rows, {@code data()} and {@code replace}). The objective values are
 * computed on a view before anything materialises its contiguous copy.
 */
class SampleViewTest {
  @Test
  void aSelectionComputesExactlyAsItsContiguousCopy() {
    SplittableRandom r = new SplittableRandom(20261202L);
    for (int c = 0; c < 24; c++) {
      Instance inst = draw(r, c, 40, 1, 100 + c);
      Objective o = Objective.of(inst).withThreads(1 + c % 3);
      FiniteDistribution pop = inst.finiteDistribution();
      Features all = c % 2 == 0 ? pop.prompts() : uneven(pop.prompts(), r);
      if (c % 4 == 1) {
        all = float32(all);
      }
      int n = 1 + r.nextInt(3 * all.size());
      int[] idx = new int[n];
      for (int s = 0; s < n; s++) {
        idx[s] = r.nextInt(all.size());
      }
      Features base = all;
      if (c % 3 == 2) { // a view of a view
        int[] outer = new int[all.size() + 5];
        for (int s = 0; s < outer.length; s++) {
          outer[s] = r.nextInt(all.size());
        }
        base = all.select(outer);
        for (int s = 0; s < n; s++) {
          idx[s] = r.nextInt(base.size());
        }
      }
      Features view = base.select(idx);
      Features copy = contiguousCopy(base, idx);
      String where = "case " + c;
      assertComputesAs(o, r, copy, view, where);
      int i = r.nextInt(view.size());
      Features one = all.select(new int[] {r.nextInt(all.size())});
      assertEquals(copy.replace(i, one), view.replace(i, one), where + ": replace");
      int[] again = {r.nextInt(view.size()), r.nextInt(view.size())};
      assertEquals(copy.select(again), view.select(again), where + ": select of the view");
    }
  }

  /**
   * A replacement ({@link Features#replace}, a replace-one sample) of a block by a prompt of the
   * same precision is a view on both storages; it must behave exactly as the contiguous copy with
   * the replaced prompt's rows swapped: on contiguous blocks and on views, float64 and float32, with
   * replacements of another size (the later offsets shift), replacements that hold the largest
   * norm, replacements of replacements, selections of them, and replacements of the other
   * precision (a float64 copy).
   */
  @Test
  void aReplacementComputesExactlyAsItsContiguousCopy() {
    SplittableRandom r = new SplittableRandom(20261203L);
    for (int c = 0; c < 32; c++) {
      Instance inst = draw(r, c, 30, 2, 300 + c);
      Objective o = Objective.of(inst).withThreads(1 + c % 3);
      Features all = uneven(inst.finiteDistribution().prompts(), r);
      boolean single = c % 4 == 1 || c % 4 == 2;
      if (single) {
        all = float32(all);
      }
      int n = 1 + r.nextInt(2 * all.size());
      int[] idx = new int[n];
      for (int s = 0; s < n; s++) {
        idx[s] = r.nextInt(all.size());
      }
      Features base = c % 2 == 0 ? all.select(idx) : all.select(idx).contiguous();
      int i = r.nextInt(n);
      Features one;
      switch (c % 8 / 2) {
        case 0 -> one = all.select(new int[] {r.nextInt(all.size())}); // a view of one prompt
        case 1 -> one = scaled(all.select(new int[] {r.nextInt(all.size())})); // largest norm
        case 2 -> one = base.select(new int[] {r.nextInt(n)}).contiguous();
        default -> { // the other precision
          Features p = all.select(new int[] {r.nextInt(all.size())});
          one = single ? Features.of(p.data(), p.offsets(), p.dim(), "float64") : float32(p);
        }
      }
      String where = "case " + c;
      Features replaced = base.replace(i, one);
      Features copy = swapped(base, i, one);
      assertComputesAs(o, r, copy, replaced, where);
      if (c % 8 / 2 == 1) {
        assertEquals(bits(one.maxNorm()), bits(replaced.maxNorm()), where + ": the largest norm");
      }
      double[] rows = new double[replaced.maxCandidates() * replaced.dim()];
      double[] expected = new double[rows.length];
      replaced.widenRows(i, rows);
      copy.widenRows(i, expected);
      assertArrayEquals(expected, rows, where + ": the replaced prompt's rows");
      int j = r.nextInt(n);
      Features two = all.select(new int[] {r.nextInt(all.size())});
      assertComputesAs(o, r, swapped(copy, j, two), replaced.replace(j, two), where + ", twice");
      int[] again = {i, r.nextInt(n), i};
      assertEquals(copy.select(again), replaced.select(again), where + ": select of it");
      double below = Math.nextDown(copy.maxNorm());
      String expectedMessage =
          org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
              () -> copy.requireNormAtMost(below, "f")).getMessage();
      assertEquals(expectedMessage,
          org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
              () -> replaced.requireNormAtMost(below, "f")).getMessage(), where + ": norm check");
    }
  }

  /**
   * Case {@code c}'s instance: family {@code c} mod 5, M in {@code [minPrompts, minPrompts + 40)},
   * K in [2, 6), d in {@code [minDim, 7)}, beta in [0.5, 1.5).
   */
  private static Instance draw(SplittableRandom r, int c, int minPrompts, int minDim, long seed) {
    return InstanceSpec.of(Family.values()[c % Family.values().length],
            minPrompts + r.nextInt(40), 2 + r.nextInt(4), minDim + r.nextInt(7 - minDim),
            0.5 + r.nextDouble(), seed)
        .finite();
  }

  /** Compares, bit for bit, the kernels and accessors of {@code view} against {@code copy}. */
  private static void assertComputesAs(
      Objective o, SplittableRandom r, Features copy, Features view, String where) {
    double[] w = vector(r, copy.dim());
    double[] v = vector(r, copy.dim());
    Sample sv = Sample.of(view);
    Sample sc = Sample.of(copy);
    assertEquals(bits(o.value(sc, w)), bits(o.value(sv, w)), where + ": F_S");
    assertArrayEquals(o.gradient(sc, w), o.gradient(sv, w), where + ": gradient");
    assertArrayEquals(
        o.covarianceApply(sc, w, v), o.covarianceApply(sv, w, v), where + ": Sigma v");
    DMatrixRMaj a = o.covariance(sc, w);
    DMatrixRMaj b = o.covariance(sv, w);
    assertArrayEquals(a.getData(), b.getData(), where + ": Sigma_S(w)");
    assertEquals(bits(o.kl(sc, w, v)), bits(o.kl(sv, w, v)), where + ": KL");
    assertEquals(bits(copy.maxNorm()), bits(view.maxNorm()), where + ": max norm");
    assertEquals(copy.rows(), view.rows(), where + ": rows");
    assertEquals(copy.maxCandidates(), view.maxCandidates(), where + ": max K");
    assertTrue(view.equals(copy) && copy.equals(view), where + ": equals");
    assertEquals(copy.hashCode(), view.hashCode(), where + ": hash");
    assertArrayEquals(copy.data(), view.data(), where + ": data()");
  }

  /**
   * The block {@code f} with prompt {@code i}'s rows swapped for {@code one}'s, copied row by row
   * through the contiguous accessors (float32 when both are).
   */
  private static Features swapped(Features f, int i, Features one) {
    int d = f.dim();
    double[] src = f.data();
    int[] off = new int[f.size() + 1];
    for (int s = 0; s < f.size(); s++) {
      off[s + 1] = off[s] + (s == i ? one.candidates(0) : f.candidates(s));
    }
    double[] out = new double[off[f.size()] * d];
    for (int s = 0; s < f.size(); s++) {
      if (s == i) {
        System.arraycopy(one.data(), 0, out, off[s] * d, one.candidates(0) * d);
      } else {
        System.arraycopy(src, f.rowOffset(s) * d, out, off[s] * d, f.candidates(s) * d);
      }
    }
    Features c = Features.of(out, off, d, "copy");
    return f.isFloat32() && one.isFloat32() ? float32(c) : c;
  }

  /** One prompt's features times 4, above every norm of its block (float32 values stay exact). */
  private static Features scaled(Features one) {
    double[] x = one.data().clone();
    for (int p = 0; p < x.length; p++) {
      x[p] *= 4;
    }
    Features f = Features.of(x, one.offsets(), one.dim(), "scaled");
    return one.isFloat32() ? float32(f) : f;
  }

  /** The selected prompts copied row by row through the contiguous accessors. */
  private static Features contiguousCopy(Features f, int[] idx) {
    int d = f.dim();
    double[] src = f.data();
    int[] off = new int[idx.length + 1];
    for (int s = 0; s < idx.length; s++) {
      off[s + 1] = off[s] + f.candidates(idx[s]);
    }
    double[] out = new double[off[idx.length] * d];
    for (int s = 0; s < idx.length; s++) {
      int i = idx[s];
      System.arraycopy(src, f.rowOffset(i) * d, out, off[s] * d, f.candidates(i) * d);
    }
    return f.isFloat32() ? float32(Features.of(out, off, d, "copy")) : Features.of(out, off, d, "copy");
  }

  /** The same values (each exactly a float) in float32 storage. */
  private static Features float32(Features f) {
    double[] x = f.data();
    float[] y = new float[x.length];
    for (int p = 0; p < x.length; p++) {
      y[p] = (float) x[p];
    }
    return Features.ofFloats(y, f.offsets(), f.dim(), "float32");
  }

  /** The block with every other prompt cut to its first two candidates (prompts of two sizes). */
  private static Features uneven(Features f, SplittableRandom r) {
    int d = f.dim();
    double[] x = f.data();
    int[] off = new int[f.size() + 1];
    double[] out = new double[f.rows() * d];
    int at = 0;
    for (int i = 0; i < f.size(); i++) {
      int k = i % 2 == 0 ? f.candidates(i) : 2;
      System.arraycopy(x, f.rowOffset(i) * d, out, at * d, k * d);
      at += k;
      off[i + 1] = at;
    }
    return Features.of(java.util.Arrays.copyOf(out, at * d), off, d, "uneven");
  }

  private static double[] vector(SplittableRandom r, int d) {
    double[] v = new double[d];
    for (int j = 0; j < d; j++) {
      v[j] = r.nextDouble(-1, 1);
    }
    return v;
  }

  private static long bits(double x) {
    return Double.doubleToLongBits(x);
  }
}
