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
import org.rlhfbounds.model.PromptMeasure;
import org.rlhfbounds.model.Sample;

/**
 * The parallel sums of {@link Objective}: the same bits for 1, 2 and 3 threads; the blocked
 * covariance assembly the same bits as the per-prompt accumulation in index order; the fused
 * per-prompt kernels the same bits as their textbook loops; and the chunked sums within rounding
 * of the plain sequential sums (equal to them when the block is one chunk).
 */
class ParallelSumTest {
  /** A ragged instance (K in [2, 9]: groups of four rows and remainders) of several chunks. */
  private static Instance ragged(int m, int d, long seed) {
    return InstanceSpec.of(Family.GAUSSIAN, m, 9, d, 0.7, seed).withK(2, 9).finite();
  }

  static double[] vector(int d, long seed, double scale) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[d];
    for (int j = 0; j < d; j++) {
      v[j] = scale * (2 * r.nextDouble() - 1);
    }
    return v;
  }

  static long[] bits(double[] v) {
    long[] b = new long[v.length];
    for (int j = 0; j < v.length; j++) {
      b[j] = Double.doubleToRawLongBits(v[j]);
    }
    return b;
  }

  /**
   * Four measures on a ragged instance of d = 24: a sample of 2500 prompts read as a view, a
   * sample of 40 (one chunk), the population, and the population stored as float32.
   */
  private static PromptMeasure[] measures(Instance inst) {
    FiniteDistribution pop = (FiniteDistribution) inst.distribution();
    Sample view = Sample.ofIndices(pop, pop.sampleIndices(2500, new SplittableRandom(3)));
    Sample small = Sample.ofIndices(pop, pop.sampleIndices(40, new SplittableRandom(4)));
    double[] x = pop.prompts().data();
    float[] y = new float[x.length];
    for (int p = 0; p < x.length; p++) {
      y[p] = (float) x[p];
    }
    FiniteDistribution pop32 =
        FiniteDistribution.uniform(
            Features.ofFloats(y, pop.prompts().offsets(), 24, "float32 copy"));
    return new PromptMeasure[] {view, small, pop, pop32};
  }

  @Test
  void everySumIsTheSameBitsForOneTwoAndThreeThreads() {
    Instance inst = ragged(3000, 24, 5);
    FiniteDistribution pop = (FiniteDistribution) inst.distribution();
    Sample s = Sample.ofIndices(pop, pop.sampleIndices(2500, new SplittableRandom(3)));
    Features f = s.prompts();
    int chunks = Chunks.count(f.size(), Chunks.size(f.size(), f.maxCandidates(), 24));
    assertTrue(chunks >= 4, "the test needs several chunks, got " + chunks);
    double[] w = vector(24, 11, 0.8);
    double[] v = vector(24, 12, 1.0);
    Objective one = Objective.of(inst).withThreads(1);
    for (int t : new int[] {2, 3}) {
      Objective o = Objective.of(inst).withThreads(t);
      for (PromptMeasure m : new PromptMeasure[] {s, pop}) {
        assertEquals(bits1(one.value(m, w)), bits1(o.value(m, w)), t + " threads: F");
        assertEquals(bits1(one.gibbsValue(m)), bits1(o.gibbsValue(m)), t + " threads: F(w*)");
        assertEquals(bits1(one.kl(m, w, v)), bits1(o.kl(m, w, v)), t + " threads: KL");
        assertArrayEquals(bits(one.gradient(m, w)), bits(o.gradient(m, w)), t + " threads: grad");
        assertArrayEquals(
            bits(one.covarianceApply(m, w, v)), bits(o.covarianceApply(m, w, v)), t + ": Sigma v");
        assertArrayEquals(
            bits(one.hessianVector(m, w, v)), bits(o.hessianVector(m, w, v)), t + ": H v");
        assertArrayEquals(
            bits(one.covariance(m, w).data), bits(o.covariance(m, w).data), t + ": Sigma");
      }
    }
  }

  @Test
  void gradientAndValueInOnePassAreTheSameBitsAsApart() {
    // one chunk (a small sample) and several (the ragged population), float64 and float32, a
    // sample read as a view, 1 to 3 threads: Sigma v and F from one pass equal the two passes
    Instance inst = ragged(3000, 24, 5);
    PromptMeasure[] measures = measures(inst);
    for (int t : new int[] {1, 2, 3}) {
      Objective o = Objective.of(inst).withThreads(t);
      for (int trial = 0; trial < 6; trial++) {
        double[] w = vector(24, 11 + trial, 0.5 * (trial + 1));
        double[] v = vector(24, 12 + trial, 1.0);
        for (PromptMeasure m : measures) {
          double[] apart = new double[24];
          o.covarianceApply(m, w, v, apart);
          double value = o.value(m, w);
          double[] fused = new double[24];
          java.util.Arrays.fill(fused, 7.0); // overwritten, not added to
          double both = o.covarianceApplyAndValue(m, w, v, fused);
          String what = t + " threads, " + m.prompts().size() + " prompts, trial " + trial;
          assertArrayEquals(bits(apart), bits(fused), what + ": Sigma v");
          assertEquals(bits1(value), bits1(both), what + ": F");
        }
      }
    }
  }

  @Test
  void theReferenceTableGivesTheSameBits() {
    // from the second evaluation on the same prompts, F and the fused pass read log pi_ref and
    // r* from a table: the same bits as a fresh objective computing them, for 1 to 3 threads,
    // float64 and float32, a view, one chunk and several; other prompts in between drop nothing
    // they should not and use no table that is not theirs
    Instance inst = ragged(3000, 24, 5);
    PromptMeasure[] measures = measures(inst);
    PromptMeasure view = measures[0];
    PromptMeasure small = measures[1];
    for (int t : new int[] {1, 2, 3}) {
      for (PromptMeasure m : measures) {
        Objective o = Objective.of(inst).withThreads(t);
        Features f = m.prompts();
        String what = t + " threads, " + f.size() + " prompts";
        for (int trial = 0; trial < 4; trial++) {
          double[] w = vector(24, 31 + trial, 0.6 * (trial + 1));
          double[] v = vector(24, 41 + trial, 1.0);
          double fresh = Objective.of(inst).withThreads(t).value(m, w);
          assertEquals(bits1(fresh), bits1(o.value(m, w)), what + ", trial " + trial + ": F");
          assertEquals(trial > 0, o.holdsReferenceOf(f), what + ": the table after call 1");
          double[] apart = Objective.of(inst).withThreads(t).covarianceApply(m, w, v);
          double[] fused = new double[24];
          double both = o.covarianceApplyAndValue(m, w, v, fused);
          assertTrue(o.holdsReferenceOf(f), what + ": the table after the fused pass");
          assertEquals(bits1(fresh), bits1(both), what + ", trial " + trial + ": fused F");
          assertArrayEquals(bits(apart), bits(fused), what + ", trial " + trial + ": Sigma v");
        }
        // other prompts in between: their first call computes in full, and the table stays
        // with the prompts it belongs to until the other prompts are evaluated twice
        double[] w = vector(24, 51, 0.9);
        PromptMeasure other = m == small ? view : small;
        double otherFresh = Objective.of(inst).withThreads(t).value(other, w);
        assertEquals(bits1(otherFresh), bits1(o.value(other, w)), what + ": other prompts");
        assertTrue(o.holdsReferenceOf(f), what + ": the table kept");
        assertEquals(bits1(otherFresh), bits1(o.value(other, w)), what + ": other, again");
        assertTrue(o.holdsReferenceOf(other.prompts()), what + ": the other table");
        assertEquals(
            bits1(Objective.of(inst).withThreads(t).value(m, w)),
            bits1(o.value(m, w)),
            what + ": back to the first prompts");
      }
    }
  }

  @Test
  void workerWorkspacesFollowTheSizesOfEachSum() {
    // worker threads keep a workspace between sums (Workspace.ofThread): sums of other sizes in
    // the same threads, few candidates in a large dimension after many in a small one and back,
    // each too large for the other's workspace, give the same bits in every round and for one and
    // two threads
    Instance wide = ragged(1500, 40, 6);
    Instance tall = InstanceSpec.of(Family.GAUSSIAN, 600, 30, 5, 0.7, 7).withK(20, 30).finite();
    double[] w40 = vector(40, 13, 0.8);
    double[] w5 = vector(5, 14, 0.8);
    double[][] first = new double[2][];
    for (int round = 0; round < 2; round++) {
      for (int t : new int[] {1, 2}) {
        Objective ow = Objective.of(wide).withThreads(t);
        Objective ot = Objective.of(tall).withThreads(t);
        double[] g = ow.gradient((FiniteDistribution) wide.distribution(), w40);
        double[] h = ot.gradient((FiniteDistribution) tall.distribution(), w5);
        if (round == 0 && t == 1) {
          first[0] = g;
          first[1] = h;
        }
        assertArrayEquals(bits(first[0]), bits(g), "d = 40, " + t + " threads, round " + round);
        assertArrayEquals(bits(first[1]), bits(h), "K = 30, " + t + " threads, round " + round);
      }
    }
  }

  private static long bits1(double x) {
    return Double.doubleToRawLongBits(x);
  }

  /** One prompt's {@code weight Sigma_w(x)}, one rank-one update per candidate, both triangles. */
  private static void covarianceAccumulate(
      double[] data, int row0, int k, int d, double[] w, double weight, double[] out, Workspace ws) {
    ws.require(k, d);
    PromptKernels.centre(data, row0, k, d, w, ws);
    int base0 = row0 * d;
    for (int a = 0; a < k; a++) {
      int base = (row0 + a) * d;
      double p = weight * Math.exp(ws.logP[a]);
      for (int r = 0; r < d; r++) {
        double cr = p * (data[base + r] - data[base0 + r] - ws.mu[r]);
        for (int c = 0; c < d; c++) {
          out[r * d + c] += cr * (data[base + c] - data[base0 + c] - ws.mu[c]);
        }
      }
    }
  }

  /** The per-prompt accumulation of Sigma in index order, its upper triangle mirrored. */
  private static double[] sequentialCovariance(Instance inst, PromptMeasure m, double[] w) {
    Features f = m.prompts();
    int d = inst.dim();
    double[] out = new double[d * d];
    Workspace ws = new Workspace(f.maxCandidates(), d);
    for (int i = 0; i < f.size(); i++) {
      covarianceAccumulate(f.data(), f.rowOffset(i), f.candidates(i), d, w, m.weight(i), out, ws);
    }
    for (int r = 0; r < d; r++) {
      for (int c = r + 1; c < d; c++) {
        out[c * d + r] = out[r * d + c];
      }
    }
    return out;
  }

  @Test
  void blockedCovarianceIsThePerPromptAccumulationBitForBit() {
    for (int d : new int[] {3, 24, 200}) {
      Instance inst = ragged(d == 200 ? 300 : 1500, d, d);
      FiniteDistribution pop = (FiniteDistribution) inst.distribution();
      double[] w = vector(d, 21, 2.0);
      DMatrixRMaj got = Objective.of(inst).withThreads(3).covariance(pop, w);
      assertArrayEquals(bits(sequentialCovariance(inst, pop, w)), bits(got.data), "d = " + d);
    }
  }

  @Test
  void fusedCovarianceApplyIsTheTextbookLoopBitForBit() {
    Instance inst = ragged(400, 17, 9);
    Features f = ((FiniteDistribution) inst.distribution()).prompts();
    double[] w = vector(17, 31, 3.0);
    double[] v = vector(17, 32, 1.0);
    Workspace ws = new Workspace(f.maxCandidates(), 17);
    for (int i = 0; i < f.size(); i++) {
      double[] got = vector(17, 40 + i, 1.0);
      double[] want = got.clone();
      PromptKernels.covarianceApply(
          f.data(), f.rowOffset(i), f.candidates(i), 17, w, v, 0.3, got, ws);
      // the plain loops of the formula (PromptKernelsTest), on prompts of 1 to 9 candidates
      PromptKernelsTest.covarianceApply(
          f.data(), f.rowOffset(i), f.candidates(i), 17, w, v, 0.3, want);
      assertArrayEquals(bits(want), bits(got), "prompt " + i + ", K = " + f.candidates(i));
    }
  }

  @Test
  void chunkedSumsAreTheSequentialSumsUpToRoundingAndExactlyForOneChunk() {
    Instance small = ragged(40, 6, 2);
    FiniteDistribution sp = (FiniteDistribution) small.distribution();
    Features sf = sp.prompts();
    assertEquals(1, Chunks.count(sf.size(), Chunks.size(sf.size(), sf.maxCandidates(), 6)));
    double[] w6 = vector(6, 3, 1.0);
    assertEquals(bits1(sequentialValue(small, sp, w6)), bits1(Objective.of(small).value(sp, w6)));
    Instance big = ragged(3000, 24, 5);
    FiniteDistribution bp = (FiniteDistribution) big.distribution();
    double[] w = vector(24, 4, 1.0);
    double seq = sequentialValue(big, bp, w);
    double got = Objective.of(big).value(bp, w);
    double scale = 0;
    Features bf = bp.prompts();
    Workspace ws = new Workspace(bf.maxCandidates(), 24);
    for (int i = 0; i < bf.size(); i++) {
      scale +=
          bp.weight(i)
              * Math.abs(
                  PromptKernels.value(
                      bf.data(), bf.rowOffset(i), bf.candidates(i), 24, big.theta(), big.wRef(),
                      big.beta(), w, ws));
    }
    // two orders of summation of the same M terms differ by at most 2 M u sum |terms|
    assertTrue(
        Math.abs(got - seq) <= 2 * bf.size() * 0x1p-53 * scale,
        "chunked " + got + " vs sequential " + seq);
  }

  private static double sequentialValue(Instance inst, FiniteDistribution m, double[] w) {
    Features f = m.prompts();
    int d = inst.dim();
    Workspace ws = new Workspace(f.maxCandidates(), d);
    double sum = 0;
    for (int i = 0; i < f.size(); i++) {
      sum +=
          m.weight(i)
              * PromptKernels.value(
                  f.data(), f.rowOffset(i), f.candidates(i), d, inst.theta(), inst.wRef(),
                  inst.beta(), w, ws);
    }
    return sum;
  }
}
