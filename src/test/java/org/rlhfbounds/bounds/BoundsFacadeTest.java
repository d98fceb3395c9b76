package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.bounds.BoundCases.Run;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/** The facade: structure of the result list and its JSON, and not-applicable reporting. */
class BoundsFacadeTest {
  static List<BoundResult> gaOn(Instance inst, int n, int steps) {
    FiniteDistribution pop = inst.finiteDistribution();
    Sample s = pop.sample(n, new SplittableRandom(11));
    Objective o = Objective.of(inst);
    double[] w0 = inst.wRef();
    BoundInputs in = Bounds.inputs(inst, s, w0, 0.05);
    Bounds.Run run = Bounds.Run.ga(steps, 0.05, w0, null);
    double eta = Bounds.step(inst, in, run);
    Run r = BoundCases.ga(o, s, w0, eta, steps);
    double gap = Math.abs(o.value(pop, r.best()) - o.value(s, r.best()));
    Measured m = Measured.of(gap, o.excess(s, r.best()), o.excess(pop, r.best()), r.bestGradNorm())
        .withStability(1e-3, null);
    return Bounds.evaluate(inst, s, run, m);
  }

  @Test
  void everyTheoremIsReportedWithMeasuredAndRatio() throws Exception {
    Instance inst = InstanceSpec.of(Family.SPHERE, 30, 4, 3, 1.0, 5).finite();
    List<BoundResult> res = gaOn(inst, 20, 50);
    List<String> keys = new ArrayList<>();
    for (BoundResult r : res) {
      keys.add(r.key());
    }
    assertEquals(
        List.of("T-OPT", "T-GA-SHARP", "T-GA-SHARP#opt", "T-GA-SHARP#excess", "T-GA-SEED",
            "T-GA-SEED#opt", "T-RES", "T-RES#excess", "T-RES-EXP", "T-BE", "T-BE#stability",
            "T-HP", "T-HP#measured-stability"),
        keys);
    for (BoundResult r : res) {
      if (r.key().equals("T-HP#measured-stability")) {
        assertFalse(r.applicable());
        assertNull(r.value());
        assertTrue(r.constants().containsKey("wouldBeValue"));
        assertEquals("measured on this sample only", r.failedAssumptions().get(0).detail());
        continue;
      }
      assertTrue(r.applicable(), r::toString);
      if (r.measured() != null && r.measured() > 0) {
        assertNotNull(r.ratio());
        assertEquals(r.requireValue() / r.measured(), r.ratio(), 0);
      }
    }
    String json = new ObjectMapper().writeValueAsString(Bounds.toJson(res));
    @SuppressWarnings("unchecked")
    Map<String, Object> back = new ObjectMapper().readValue(json, Map.class);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> th = (List<Map<String, Object>>) back.get("theorems");
    assertEquals(res.size(), th.size());
    for (Map<String, Object> e : th) {
      for (String k : List.of("id", "applicable", "measured", "ratio", "assumptions", "constants")) {
        assertTrue(e.containsKey(k), k + " missing in " + e);
      }
      assertEquals(Boolean.TRUE.equals(e.get("applicable")), e.containsKey("value"));
    }
  }

  @Test
  void aFailedAssumptionMeansNoNumber() {
    BoundInputs in =
        BoundInputs.builder(1.0, 1.0, 2.0, 1.0, 10, 0.05, 3)
            .coverage(1, 0.1, false, 1.0)
            .start(1.0, 0.8, 0.6)
            .build(); // kernel present, eps_n unknown
    BoundResult res = ResidualTheorem.gap(in);
    assertFalse(res.applicable());
    assertNull(res.value());
    assertEquals("residual", res.failedAssumptions().get(0).name());
    BoundResult big = GaSharpTheorem.gap(in, Reals.positive(10.0, "eta"), 5); // eta lambdaBar = 10
    assertFalse(big.applicable());
    assertTrue(big.failedAssumptions().stream().anyMatch(a -> a.name().equals("step")));
    BoundResult sga = HighProbabilityTheorem.gap(in, Algorithm.SGA, 5.0, 5);
    assertFalse(sga.applicable());
    assertTrue(sga.failedAssumptions().stream().anyMatch(a -> a.name().equals("deterministic")));
    assertTrue(sga.toMap().containsKey("assumptions"));
    assertFalse(sga.toMap().containsKey("value"));
  }

  @Test
  void generativeDeficientInstanceHasNoResidualNumber() {
    Instance inst = InstanceSpec.of(Family.DEFICIENT, 30, 3, 4, 1.0, 9).generative();
    Sample s = inst.distribution().sample(10, new SplittableRandom(3));
    BoundInputs in = Bounds.inputs(inst, s, inst.wRef(), 0.05);
    assertTrue(in.kernelDim() > 0);
    assertNull(in.epsN());
    assertFalse(ResidualTheorem.gap(in).applicable());
    assertEquals(2 * inst.featureBound(), in.diameter(), 0);
  }

  @Test
  void coveredSampleHasACertifiedKappa() {
    Instance inst = InstanceSpec.of(Family.SPHERE, 40, 4, 3, 1.0, 2).finite();
    Sample s = inst.finiteDistribution().sample(30, new SplittableRandom(1));
    BoundInputs in = Bounds.inputs(inst, s, inst.wRef(), 0.05);
    assertEquals(0, in.kernelDim());
    assertTrue(in.kappaCertified());
    double computed = Constants.kappa(Constants.coverage(Objective.of(inst), s, inst.wStar()));
    assertTrue(in.kappaPlus() <= computed && in.kappaPlus() >= computed * (1 - 1e-5));
  }
}
