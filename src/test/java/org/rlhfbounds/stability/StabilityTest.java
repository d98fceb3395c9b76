package org.rlhfbounds.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.learners.Selection;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;

/** Unit tests of the stability facade: determinism, fields, quantiles, bounds. */
class StabilityTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sameSeedSameBytesWhateverTheThreadCount() throws Exception {
    Instance inst = InstanceSpec.of(Family.SPARSE, 60, 3, 5, 0.8, 4).finite();
    for (Algorithm a : new Algorithm[] {Algorithm.GA, Algorithm.SGA, Algorithm.EXACT}) {
      for (ReplaceOne.Mode mode : ReplaceOne.Mode.values()) {
        StabilityOptions o = StabilityOptions.defaults().replacement(mode, 4).positions(6);
        String one = JSON.writeValueAsString(Stability.run(inst, 10, a, 200, 3, 77, o.threads(1)).toMap());
        String four = JSON.writeValueAsString(Stability.run(inst, 10, a, 200, 3, 77, o.threads(4)).toMap());
        assertEquals(one, four, a + " " + mode);
      }
    }
  }

  @Test
  void reportHasTheDocumentedFieldsAndBoundsHold() {
    Instance inst = InstanceSpec.of(Family.SPHERE, 80, 4, 5, 0.6, 2).finite();
    StabilityReport r =
        Stability.run(inst, 20, Algorithm.GA, 400, 4, 5, StabilityOptions.defaults().threads(2));
    Map<String, Object> m = r.toMap();
    for (String k :
        new String[] {
          "settings", "argumentStability", "argumentStabilityBound", "argumentStabilityBoundCoverage",
          "lossStability", "lossStabilityBound", "expectedGeneralizationGap", "replaceOneEstimate",
          "selections", "hoeffdingMiddleTerm", "coverage", "compute"
        }) {
      assertTrue(m.containsKey(k), k);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> b = (Map<String, Object>) m.get("argumentStabilityBound");
    assertEquals(true, b.get("applicable"));
    assertTrue(r.argumentStability() <= (double) b.get("value") + 1e-12);
    @SuppressWarnings("unchecked")
    Map<String, Object> lb = (Map<String, Object>) m.get("lossStabilityBound");
    assertTrue(r.lossStability() <= (double) lb.get("value") + 1e-12);
    double[] ci = r.gapInterval();
    assertTrue(ci[0] <= r.meanGeneralizationGap() && r.meanGeneralizationGap() <= ci[1]);
  }

  @Test
  void adversarialReplacementIsAtLeastAsUnstableAsRandom() {
    Instance inst = InstanceSpec.of(Family.SPARSE, 40, 3, 6, 0.8, 9).finite();
    StabilityOptions base = StabilityOptions.defaults().positions(5).includePopulation(false);
    StabilityReport rnd = Stability.run(inst, 8, Algorithm.EXACT, 0, 2, 3, base);
    StabilityReport adv =
        Stability.run(inst, 8, Algorithm.EXACT, 0, 2, 3, base.replacement(ReplaceOne.Mode.ADVERSARIAL, 0));
    assertTrue(adv.argumentStability() >= rnd.argumentStability());
    assertTrue(adv.argumentStability() > 0, "a sparse sample misses axes: replacements move the limit");
  }

  @Test
  void boundsThatDoNotApplySayWhy() {
    BoundValue b =
        StabilityBounds.argumentStabilityCoverage(1.0, 1.0, 1.0, 1.0, 0.0, 0.5, 10);
    assertFalse(b.applicable());
    assertTrue(b.note().contains("coverage"), b.note());
    BoundValue c = StabilityBounds.contraction(3.0, 1.0, 1.0, 1.0, 0.5);
    assertFalse(c.applicable());
    assertTrue(c.note().contains("eta beta B^2 <= 1"), c.note());
    assertFalse(WeylCoverage.of(0.01, 1.0, 10).applicable());
    assertTrue(WeylCoverage.of(0.5, 1.0, 10).value() <= 0.4);
  }

  @Test
  void upwardRoundedBoundsAreAtLeastTheirFormulas() {
    double eta = 0.3;
    double beta = 1.7;
    double bnd = 0.6;
    double d0 = 1.3;
    double k = 0.02;
    double rho = 1 - eta * beta * Math.exp(-2 * bnd * d0) * k;
    assertTrue(StabilityBounds.contraction(eta, beta, bnd, d0, k).value() >= rho);
    assertTrue(
        StabilityBounds.argumentStabilityCoverage(eta, beta, bnd, d0, k, k, 50).value()
            >= 2 * Math.pow(rho, 50) * d0);
    assertTrue(
        StabilityBounds.bousquetElisseeff(0.01, 2.0, 100, 0.05)
            >= 0.01 + (199 * 0.01 + 2) * Math.sqrt(Math.log(2 / 0.05) / 200));
    assertTrue(StabilityBounds.lossRange(bnd, 2.0, beta, d0) >= 2 * bnd * 2 + beta * bnd * bnd * d0 * d0 / 2);
  }

  @Test
  void quantilesMatchTables() {
    // closed forms for 1 and 2 degrees of freedom; the others from scipy.stats (t.ppf, norm.ppf)
    assertEquals(1.959963984540054, Quantiles.normal(0.975), 1e-12);
    assertEquals(2.326347874040841, Quantiles.normal(0.99), 1e-12);
    assertEquals(-3.090232306167814, Quantiles.normal(0.001), 1e-11);
    assertEquals(Math.tan(Math.PI * 0.475), Quantiles.student(0.975, 1), 1e-9);
    assertEquals(0.95 / Math.sqrt(2 * 0.975 * 0.025), Quantiles.student(0.975, 2), 1e-10);
    assertEquals(2.228138851986274, Quantiles.student(0.975, 10), 1e-10);
    assertEquals(2.0422724563012373, Quantiles.student(0.975, 30), 1e-10);
    assertEquals(-2.7637694581126966, Quantiles.student(0.01, 10), 1e-10);
  }

  @Test
  void selectionsAreReported() {
    Instance inst = InstanceSpec.of(Family.DEFICIENT, 60, 4, 6, 0.6, 2).finite();
    StabilityReport r =
        Stability.run(
            inst, 10, Algorithm.SGA, 100, 3, 5,
            StabilityOptions.defaults().selection(Selection.AVERAGE).positions(3));
    @SuppressWarnings("unchecked")
    Map<String, Object> sel = (Map<String, Object>) r.toMap().get("selections");
    assertTrue(sel.containsKey("last") && sel.containsKey("bestGradient") && sel.containsKey("average"));
  }
}
