package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;

/**
 * The certificates of {@code bound} (the measured enclosures, T-POST's certificate, the covariance
 * enclosures and every theorem's value) read a float32 block one prompt at a time ({@link
 * PromptRows}): on a float32 instance they are the same bits as on a float64 instance holding the
 * same values, and neither the population's nor the sample's float32 block is widened as a whole
 * (the block's kept double copy, made by {@link Features#data()}, stays unmade).
 */
class Float32CertificatesTest {
  @Test
  void certificatesOfAFloat32BlockAreTheBitsOfItsValuesAndWidenNothingWhole() throws Exception {
    long seed = 11;
    for (Family family : new Family[] {Family.GAUSSIAN, Family.SPHERE, Family.DEFICIENT}) {
      Instance base = InstanceSpec.of(family, 120, 5, 4, 0.8, seed).withK(2, 5).finite();
      Features[] both = storages(base);
      // rounding to float32 can lift a norm just above B
      double bound = base.featureBound() * (1 + 1e-6);
      Instance i32 = with(base, bound, both[0]);
      Instance i64 = with(base, bound, both[1]);
      FiniteDistribution p32 = (FiniteDistribution) i32.distribution();
      FiniteDistribution p64 = (FiniteDistribution) i64.distribution();
      int[] idx = p64.sampleIndices(40, new SplittableRandom(seed));
      Sample s32 = Sample.ofIndices(p32, idx);
      Sample s64 = Sample.ofIndices(p64, idx);
      assertTrue(p32.prompts().isFloat32() && s32.prompts().isFloat32());
      double[] w0 = BoundCases.startTowardsReference(i64, 1.5);
      double[] w = BoundCases.startTowardsReference(i64, 0.3);
      String where = family + ", seed " + seed;
      Measured m32 = Measured.at(i32, s32, w, 0.01);
      Measured m64 = Measured.at(i64, s64, w, 0.01);
      assertEquals(ends(m64.optError()), ends(m32.optError()), where + ": optimisation error");
      assertEquals(ends(m64.excess()), ends(m32.excess()), where + ": excess");
      assertEquals(ends(m64.gap()), ends(m32.gap()), where + ": gap");
      for (Bounds.Run run : List.of(Bounds.Run.ga(40, 0.05, w0, null), Bounds.Run.sga(40, 0.05, w0, null))) {
        Object j32 = Bounds.toJson(Bounds.evaluate(i32, s32, run, m32));
        Object j64 = Bounds.toJson(Bounds.evaluate(i64, s64, run, m64));
        assertEquals(j64.toString(), j32.toString(), where + ": every theorem");
      }
      assertEquals(CovarianceEnclosure.of(s64, w, 2).radius(),
          CovarianceEnclosure.of(s32, w, 2).radius(), where + ": Sigma_S enclosure");
      assertEquals(CovarianceEnclosure.of(p64, w, 2).radius(),
          CovarianceEnclosure.of(p32, w, 2).radius(), where + ": Sigma_D enclosure");
      assertNull(widened(p32.prompts()), where + ": the population was widened whole");
      assertNull(widened(s32.prompts()), where + ": the sample was widened whole");
      seed++;
    }
  }

  /** The ends of an enclosure, exactly ("null" for none). */
  private static String ends(Enclosure e) {
    return e == null ? "null" : Double.toHexString(e.lo()) + " " + Double.toHexString(e.hi());
  }

  /**
   * The covariance enclosure of a float32 population large enough that its prompts are written by
   * two threads at once (each widening into its own scratch rows): the same bits as float64, and no
   * whole-block widening.
   */
  @Test
  void aFloat32EnclosureWrittenByTwoThreadsIsTheBitsOfItsValues() throws Exception {
    Instance base = InstanceSpec.of(Family.GAUSSIAN, 3000, 8, 16, 1.0, 5).finite();
    Features[] both = storages(base);
    double bound = base.featureBound() * (1 + 1e-6);
    FiniteDistribution p32 = (FiniteDistribution) with(base, bound, both[0]).distribution();
    FiniteDistribution p64 = (FiniteDistribution) with(base, bound, both[1]).distribution();
    double[] w = BoundCases.startTowardsReference(base, 0.7);
    for (int threads : new int[] {1, 2, 3}) {
      CovarianceEnclosure a = CovarianceEnclosure.of(p32, w, threads);
      CovarianceEnclosure b = CovarianceEnclosure.of(p64, w, threads);
      assertEquals(java.util.Arrays.toString(b.midpoint().getData()),
          java.util.Arrays.toString(a.midpoint().getData()), threads + " threads: midpoint");
      assertEquals(Double.toHexString(b.radius()), Double.toHexString(a.radius()),
          threads + " threads: radius");
    }
    assertNull(widened(p32.prompts()), "the population was widened whole");
  }

  /**
   * The population of {@code base} rounded to float32, as a float32 block and as a float64 block of
   * the same (widened) values.
   */
  private static Features[] storages(Instance base) {
    Features f = ((FiniteDistribution) base.distribution()).prompts();
    double[] x = f.data();
    float[] single = new float[x.length];
    double[] back = new double[x.length];
    for (int p = 0; p < x.length; p++) {
      single[p] = (float) x[p];
      back[p] = single[p];
    }
    return new Features[] {
      Features.ofFloats(single, f.offsets(), f.dim(), "f32"),
      Features.of(back, f.offsets(), f.dim(), "f64")
    };
  }

  private static Instance with(Instance like, double bound, Features f) {
    return Instance.of(
        like.beta(), like.theta(), like.wRef(), bound, FiniteDistribution.uniform(f));
  }

  /** The block's kept double copy, or null when nothing made it (read by reflection). */
  private static Object widened(Features f) throws ReflectiveOperationException {
    Field w = Features.class.getDeclaredField("widened");
    w.setAccessible(true);
    Object own = w.get(f);
    Field c = Features.class.getDeclaredField("compact");
    c.setAccessible(true);
    Object compact = c.get(f);
    return own != null ? own : compact == null ? null : w.get(compact);
  }
}
