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
        List.of("T-OPT", "T-GA-SHARP", "T-GA-SHARP#opt", "T-GA-SHARP#excess", "T-GA-ADAPT#opt",
            "T-GA-ADAPT#excess", "T-GA-SEED",
            "T-GA-SEED#opt", "T-RES", "T-RES#excess", "T-RES-EXP", "T-BE", "T-BE#stability",
            "T-HP", "T-HP#measured-stability", "T-HP-EB"),
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
  void everyTheoremDeclaresItsKindAndTheSeedFormsAreLabelledSo() {
    List<String> seeds = new ArrayList<>();
    for (BoundTheorem t : TheoremRegistry.ALL) {
      assertNotNull(t.kind(), t.id());
      if (t.kind() == BoundTheorem.Kind.SEED_FORM) {
        seeds.add(t.id());
      }
    }
    assertEquals(List.of("T-GA-SEED", "T-SGA-SEED"), seeds);
    assertEquals(BoundTheorem.Kind.A_POSTERIORI, StationaryPointTheorem.INSTANCE.kind());
    assertEquals("seed form", BoundTheorem.Kind.SEED_FORM.label());
  }

  /**
   * On a generated Gaussian instance, every JSON entry carries its theorem's kind, and {@code
   * tightest} is true exactly for the applicable results whose value is the least among the
   * results with the same part compared with the same measurement (the minimum computed here).
   */
  @Test
  void theTightestApplicableBoundOfEachQuantityIsMarked() throws Exception {
    Instance inst = InstanceSpec.of(Family.GAUSSIAN, 200, 4, 5, 1.0, 7).finite();
    List<BoundResult> res = gaOn(inst, 64, 200);
    String json = new ObjectMapper().writeValueAsString(Bounds.toJson(res));
    @SuppressWarnings("unchecked")
    Map<String, Object> back = new ObjectMapper().readValue(json, Map.class);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> th = (List<Map<String, Object>>) back.get("theorems");
    Map<String, Double> least = new java.util.HashMap<>();
    for (Map<String, Object> e : th) {
      assertTrue(List.of("a priori", "a posteriori", "seed form").contains(e.get("kind")),
          () -> "kind of " + e.get("key") + ": " + e.get("kind"));
      String id = (String) e.get("id");
      assertEquals(id.contains("SEED") ? "seed form" : (id.equals("T-OPT") ? "a posteriori"
          : "a priori"), e.get("kind"), id);
      if (Boolean.TRUE.equals(e.get("applicable")) && e.get("measured") != null) {
        least.merge(e.get("part") + " " + e.get("measured"),
            ((Number) e.get("value")).doubleValue(), Math::min);
      }
    }
    int marked = 0;
    int gapGroupSize = 0;
    for (Map<String, Object> e : th) {
      Double min = least.get(e.get("part") + " " + e.get("measured"));
      boolean expected = Boolean.TRUE.equals(e.get("applicable")) && e.get("measured") != null
          && min != null && ((Number) e.get("value")).doubleValue() == min;
      assertEquals(expected, e.get("tightest"), () -> "tightest of " + e.get("key"));
      marked += expected ? 1 : 0;
      if (Boolean.TRUE.equals(e.get("applicable")) && "gap".equals(e.get("part"))
          && !((String) e.get("qualifier")).contains("expectation")) {
        gapGroupSize++;
      }
    }
    assertTrue(marked >= least.size(), "every group has a tightest bound");
    assertTrue(gapGroupSize >= 3, "several gap bounds compete: " + gapGroupSize);
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
