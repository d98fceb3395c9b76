package org.rlhfbounds.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.PromptMeasure;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.model.io.InstanceFile;
import org.rlhfbounds.model.io.Npy;
import org.rlhfbounds.model.io.NpyArray;

/**
 * Float32 storage of {@link Features}: a block that keeps float32 values gives every objective
 * quantity with the same bits as a float64 block holding the same values widened (float to double
 * is exact), for one and several threads and for one chunk and several; selecting and replacing
 * prompts keep the storage; a {@code '<f4'} file is read and kept as float32.
 */
class Float32FeaturesTest {
  @TempDir Path dir;

  /** The values of {@code f} rounded to float32, with a few ties and extremes mixed in. */
  private static float[] rounded(Features f, long seed) {
    double[] x = f.data();
    float[] out = new float[x.length];
    SplittableRandom r = new SplittableRandom(seed);
    for (int p = 0; p < x.length; p++) {
      out[p] = r.nextInt(50) == 0 ? 0f : (float) x[p];
    }
    return out;
  }

  private static double[] widened(float[] x) {
    double[] out = new double[x.length];
    for (int p = 0; p < x.length; p++) {
      out[p] = x[p];
    }
    return out;
  }

  private static Instance with(Instance like, Features f) {
    return Instance.of(
        like.beta(), like.theta(), like.wRef(), like.featureBound(),
        FiniteDistribution.uniform(f));
  }

  private static double[] vector(int d, long seed, double scale) {
    return ParallelSumTest.vector(d, seed, scale);
  }

  private static long[] bits(double[] v) {
    return ParallelSumTest.bits(v);
  }

  private static long bits(double x) {
    return Double.doubleToRawLongBits(x);
  }

  /** Every sum and per-prompt quantity of {@code a} has the bits of the same one of {@code b}. */
  private static void sameBits(
      Objective a, PromptMeasure ma, Objective b, PromptMeasure mb, int d, long seed, String what) {
    double[] w = vector(d, seed, 0.8);
    double[] v = vector(d, seed + 1, 1.0);
    assertEquals(bits(b.value(mb, w)), bits(a.value(ma, w)), what + ": F");
    assertEquals(bits(b.gibbsValue(mb)), bits(a.gibbsValue(ma)), what + ": F(w*)");
    assertEquals(bits(b.kl(mb, w, v)), bits(a.kl(ma, w, v)), what + ": KL");
    assertArrayEquals(bits(b.gradient(mb, w)), bits(a.gradient(ma, w)), what + ": gradient");
    assertArrayEquals(
        bits(b.covarianceApply(mb, w, v)), bits(a.covarianceApply(ma, w, v)), what + ": Sigma v");
    assertArrayEquals(
        bits(b.hessianVector(mb, w, v)), bits(a.hessianVector(ma, w, v)), what + ": H v");
    assertArrayEquals(
        bits(b.covariance(mb, w).data), bits(a.covariance(ma, w).data), what + ": Sigma");
    Features fa = ma.prompts();
    Features fb = mb.prompts();
    for (int i : new int[] {0, fa.size() / 2, fa.size() - 1}) {
      assertEquals(bits(b.promptValue(fb, i, w)), bits(a.promptValue(fa, i, w)), what + ": f_i");
      assertArrayEquals(
          bits(b.probabilities(fb, i, w)), bits(a.probabilities(fa, i, w)), what + ": pi_i");
      double[] ga = new double[d];
      double[] gb = new double[d];
      a.promptGradient(fa, i, w, ga);
      b.promptGradient(fb, i, w, gb);
      assertArrayEquals(bits(gb), bits(ga), what + ": grad f_i");
    }
  }

  @Test
  void float32BlocksGiveTheBitsOfTheirWidenedValues() {
    // (M, d) of one chunk, and of several chunks (M K d above 2^16 values); d = 100: several
    // blocks and row tiles of the covariance assembly
    int[][] sizes = {{40, 5}, {1500, 24}, {300, 100}};
    long seed = 1;
    for (int[] size : sizes) {
      int m = size[0];
      int d = size[1];
      Instance base = InstanceSpec.of(Family.GAUSSIAN, m, 9, d, 0.7, seed).withK(2, 9).finite();
      Features f = ((FiniteDistribution) base.distribution()).prompts();
      float[] single = rounded(f, seed + 7);
      Features f32 = Features.ofFloats(single, f.offsets(), d, "f32");
      Features f64 = Features.of(widened(single), f.offsets(), d, "f64");
      assertTrue(f32.isFloat32(), "kept as float32");
      assertFalse(f64.isFloat32());
      assertEquals(f64, f32, "same values, whatever the storage");
      assertEquals(f64.hashCode(), f32.hashCode());
      assertEquals(bits(f64.maxNorm()), bits(f32.maxNorm()), "max norm");
      assertEquals(f64.rows(), f32.rows());
      Instance i32 = with(base, f32);
      Instance i64 = with(base, f64);
      FiniteDistribution p32 = (FiniteDistribution) i32.distribution();
      FiniteDistribution p64 = (FiniteDistribution) i64.distribution();
      int[] idx = p64.sampleIndices(m, new SplittableRandom(seed + 3));
      Sample s32 = Sample.ofIndices(p32, idx);
      Sample s64 = Sample.ofIndices(p64, idx);
      assertTrue(s32.prompts().isFloat32(), "a sample of a float32 block stays float32");
      assertEquals(s64.prompts(), s32.prompts());
      for (int t : new int[] {1, 3}) {
        Objective o32 = Objective.of(i32).withThreads(t);
        Objective o64 = Objective.of(i64).withThreads(t);
        sameBits(o32, p32, o64, p64, d, seed, "M = " + m + ", " + t + " threads, population");
        sameBits(o32, s32, o64, s64, d, seed + 5, "M = " + m + ", " + t + " threads, sample");
      }
      double[] w = vector(d, seed + 9, 0.5);
      assertEquals(
          bits(Objective.of(i64).population(w, 2, 1).value()),
          bits(Objective.of(i32).population(w, 2, 1).value()),
          "population F(w)");
      Features one = f32.select(new int[] {m - 1});
      Features replaced = f32.replace(0, one);
      assertTrue(replaced.isFloat32(), "replacing a prompt keeps float32");
      assertEquals(f64.replace(0, f64.select(new int[] {m - 1})), replaced);
      seed++;
    }
  }

  @Test
  void widenRowsWritesOnePromptExactly() {
    float[] x = {1.5f, -0.25f, 3e-8f, 7f, 0.1f, -2f, 1e10f, 4f, 5f, 6f};
    Features f = Features.ofFloats(x, new int[] {0, 2, 5}, 2, "f");
    double[] out = new double[6];
    f.widenRows(1, out);
    assertArrayEquals(new double[] {0.1f, -2f, 1e10f, 4f, 5f, 6f}, out);
    f.widenRows(0, out);
    assertArrayEquals(new double[] {1.5f, -0.25f, 3e-8f, 7f}, java.util.Arrays.copyOf(out, 4));
  }

  @Test
  void aFloat32FileIsKeptAsFloat32() throws IOException {
    double[] values = {1, 0, 0, 1, 0.5, 0.5, -1, 0, 0, -1, 0.3, 0.4};
    Path npy = dir.resolve("f.npy");
    Npy.write(npy, values, Npy.DType.F4_LE, 3, 2, 2);
    NpyArray a = Npy.read(npy);
    float[] single = a.floats();
    assertNotNull(single, "float32 values kept");
    assertEquals(values.length, single.length);
    for (int p = 0; p < values.length; p++) {
      assertEquals(bits((float) values[p]), bits(a.data()[p]), "value " + p);
    }
    Npy.write(dir.resolve("g.npy"), values, Npy.DType.F8_LE, 3, 2, 2);
    assertEquals(null, Npy.read(dir.resolve("g.npy")).floats(), "float64 stays float64");
    Path json = dir.resolve("i.json");
    Files.writeString(
        json,
        "{\"format\": \"rlhf-bounds.instance/1\", \"beta\": 1, \"theta\": [1, 0],"
            + " \"wRef\": [0, 0], \"featureBound\": 1, \"features\": \"f.npy\","
            + " \"weights\": [1, 1, 1]}");
    Features f = InstanceFile.read(json).finiteDistribution().prompts();
    assertTrue(f.isFloat32(), "an instance of a float32 file keeps float32 features");
    assertEquals(Features.of(a.data(), new int[] {0, 2, 4, 6}, 2, "f"), f);
  }
}
