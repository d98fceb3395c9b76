package org.rlhfbounds.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;

/**
 * Measures the saving of the exact replace-one shortcuts ({@link
 * org.rlhfbounds.learners.Retraining}) against the naive route (every retraining a fresh full
 * run), in the same JVM session, and checks that both routes report the same bytes. Long: tagged
 * {@code sweep}.
 */
@Tag("sweep")
class RetrainingSavingSweep {
  static final ObjectMapper JSON = new ObjectMapper();

  static void measure(String label, Instance inst, int n, Algorithm a, int steps, int reps) throws Exception {
    StabilityOptions fast = StabilityOptions.defaults().threads(1).includePopulation(false);
    StabilityOptions slow = fast.shortcuts(false);
    // warm-up of both routes
    Stability.run(inst, n, a, steps, 2, 99, fast.positions(4));
    Stability.run(inst, n, a, steps, 2, 99, slow.positions(4));
    long t0 = System.nanoTime();
    StabilityReport f = Stability.run(inst, n, a, steps, reps, 5, fast);
    long t1 = System.nanoTime();
    StabilityReport s = Stability.run(inst, n, a, steps, reps, 5, slow);
    long t2 = System.nanoTime();
    Map<String, Object> fm = f.toMap();
    Map<String, Object> sm = s.toMap();
    fm.remove("settings");
    sm.remove("settings");
    fm.remove("compute");
    sm.remove("compute");
    assertEquals(JSON.writeValueAsString(sm), JSON.writeValueAsString(fm), label);
    double work = (double) f.retrainEvaluations() / s.retrainEvaluations();
    double time = (double) (t1 - t0) / (t2 - t1);
    System.out.printf(
        Locale.ROOT,
        "%s: retraining evaluations %d (shortcuts) vs %d (naive), ratio %.4f; wall %.0f ms vs %.0f ms, ratio %.3f; compute %s%n",
        label, f.retrainEvaluations(), s.retrainEvaluations(), work, (t1 - t0) / 1e6,
        (t2 - t1) / 1e6, time, f.toMap().get("compute"));
    assertTrue(work <= 1.0);
  }

  @Test
  void savingOfTheExactShortcuts() throws Exception {
    Instance sphere32 = InstanceSpec.of(Family.SPHERE, 500, 8, 32, 0.5, 2026).finite();
    Instance deficient32 = InstanceSpec.of(Family.DEFICIENT, 500, 8, 32, 0.5, 2026).finite();
    Instance sphere8 = InstanceSpec.of(Family.SPHERE, 200, 4, 8, 0.5, 2026).finite();
    measure("GA sphere d=32 n=100 T=2000", sphere32, 100, Algorithm.GA, 2000, 2);
    measure("GA deficient d=32 n=100 T=2000", deficient32, 100, Algorithm.GA, 2000, 2);
    measure("GA sphere d=8 n=50 T=20000", sphere8, 50, Algorithm.GA, 20000, 2);
    measure("SGA sphere d=32 n=100 T=300", sphere32, 100, Algorithm.SGA, 300, 2);
    measure("SGA sphere d=32 n=100 T=3000", sphere32, 100, Algorithm.SGA, 3000, 2);
    // parallel replicates of the same work: wall time with 1 and 2 threads, same bytes
    StabilityOptions o = StabilityOptions.defaults().includePopulation(false);
    Stability.run(sphere8, 50, Algorithm.GA, 20000, 2, 99, o.positions(4));
    long t0 = System.nanoTime();
    StabilityReport one = Stability.run(sphere8, 50, Algorithm.GA, 20000, 2, 5, o.threads(1));
    long t1 = System.nanoTime();
    StabilityReport two = Stability.run(sphere8, 50, Algorithm.GA, 20000, 2, 5, o.threads(2));
    long t2 = System.nanoTime();
    assertEquals(JSON.writeValueAsString(one.toMap()), JSON.writeValueAsString(two.toMap()));
    System.out.printf(
        Locale.ROOT, "threads: 1 thread %.0f ms, 2 threads %.0f ms, ratio %.3f (%d cores)%n",
        (t1 - t0) / 1e6, (t2 - t1) / 1e6, (double) (t2 - t1) / (t1 - t0),
        Runtime.getRuntime().availableProcessors());
  }
}
