package org.rlhfbounds.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;

class ObjectiveSmokeTest {
  @Test
  void gradientFormsAgreeAndOptimumIsStationary() {
    Instance inst = InstanceSpec.of(Family.SPHERE, 50, 4, 5, 0.7, 3).finite();
    Objective o = Objective.of(inst);
    FiniteDistribution d = inst.finiteDistribution();
    double[] w = inst.wRef();
    double[] g1 = o.gradient(d, w);
    double[] g2 = o.gradientClosedForm(d, w);
    for (int j = 0; j < g1.length; j++) {
      assertEquals(g2[j], g1[j], 1e-12 * (1 + Math.abs(g2[j])));
    }
    double[] gs = o.gradient(d, inst.wStar());
    for (double v : gs) {
      assertEquals(0, v, 1e-12);
    }
    double fStar = o.value(d, inst.wStar());
    assertEquals(o.gibbsValue(d), fStar, 1e-12);
    assertEquals(fStar - o.value(d, w), o.excess(d, w), 1e-12);
    assertTrue(o.excess(d, w) > 0);
  }
}
