package org.rlhfbounds.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.objective.Coverage;
import org.rlhfbounds.objective.Objective;
import org.rlhfbounds.testkit.quicktheories.Gens;

/**
 * The test kit keeps its promises: every generated instance belongs to its declared class as the
 * library decides coverage ({@link Coverage#ofSample} on the population, independently of the
 * kit's cached answers), its exact answers agree with first principles, shrinking stays in the
 * class and ends, and the same seed gives the same instance whatever the thread and the JVM.
 */
class TestKitProperties {
  private static final int SHRINK_EXAMPLES = 40;

  /** The declared class, checked from scratch on a fresh objective of the instance. */
  static void assertDeclaredClass(KitInstance k) {
    Instance inst = k.instance();
    FiniteDistribution pop = k.population();
    Objective o = Objective.of(inst);
    int d = inst.dim();
    assertEquals(k.shape().dim(), d, k.toString());
    assertEquals(k.shape().prompts(), pop.prompts().size(), k.toString());
    for (int i = 0; i < pop.prompts().size(); i++) {
      int c = pop.prompts().candidates(i);
      assertTrue(c >= k.shape().kMin() && c <= k.shape().kMax(), "K = " + c + " in " + k);
    }
    assertTrue(pop.prompts().maxNorm() <= k.shape().featureBound(), k.toString());
    Coverage split = Coverage.ofSample(o, pop);
    assertEquals(d - k.rank(), split.kernelDim(), "dim N of " + k);
    if (k.coverage() == CoverageClass.NEAR_DEGENERATE) {
      double ratio = InstanceShape.kappaRatio(inst, pop);
      double target = k.shape().kappaRatio();
      assertTrue(ratio >= target / 2 && ratio <= 2 * target, "kappa ratio " + ratio + " of " + k);
    }
    // exact answers: grad F(w*) = 0 and F(w*) >= F(w0)
    double[] ws = k.wStar();
    double[] g = k.gradient(ws);
    double scale = inst.featureBound() * (norm(inst.theta()) + inst.beta() * inst.featureBound());
    assertTrue(norm(g) <= 1e-9 * scale, "|grad F(w*)| = " + norm(g) + " for " + k);
    double[] w0 = k.start(1 / inst.featureBound(), new SplittableRandom(1));
    assertTrue(k.optimum() >= k.value(w0) - 1e-12 * Math.abs(k.optimum()), k.toString());
    assertEquals(split.kernelDim() * d, k.kernelBasis().length, k.toString());
  }

  private static double norm(double[] v) {
    return RandomVectors.norm(v);
  }

  @ParameterizedTest
  @EnumSource(CoverageClass.class)
  void everyInstanceHasItsDeclaredClass(CoverageClass c) {
    Gens.qt(c.ordinal() + 141L).withExamples(300)
        .forAll(Gens.instances(c))
        .checkAssert(TestKitProperties::assertDeclaredClass);
  }

  @Test
  void samplesAndNeighboursDifferInOnePosition() {
    Gens.qt(151L).withExamples(300)
        .forAll(Gens.samples(InstanceGenerator.of(CoverageClass.FULL), 20))
        .checkAssert(
            s -> {
              int[] a = s.sample().indices();
              int[] b = s.neighbour().indices();
              assertEquals(a.length, b.length);
              for (int i = 0; i < a.length; i++) {
                if (i != s.position()) {
                  assertEquals(a[i], b[i], s.toString());
                }
              }
            });
  }

  @Test
  void startsLieAtTheirDistance() {
    KitInstance k = InstanceGenerator.of(CoverageClass.DEFICIENT).next(new SplittableRandom(5));
    Gens.qt(152L).withExamples(200)
        .forAll(Gens.starts(k, 3))
        .checkAssert(
            w -> assertTrue(RandomVectors.distance(w, k.wStar()) <= 3 * (1 + 1e-12), k.toString()));
  }

  @ParameterizedTest
  @EnumSource(CoverageClass.class)
  void shrinkingKeepsTheClassAndEnds(CoverageClass c) {
    InstanceGenerator gen = InstanceGenerator.of(c).dimension(InstanceShape.minDim(c), 6);
    SplittableRandom rng = new SplittableRandom(160 + c.ordinal());
    for (int e = 0; e < SHRINK_EXAMPLES; e++) {
      KitInstance k = gen.next(rng);
      int steps = 0;
      while (true) {
        List<KitInstance> next = k.shrink();
        for (KitInstance s : next) {
          assertEquals(c, s.coverage());
          assertDeclaredClass(s);
        }
        if (next.isEmpty()) {
          break;
        }
        // walk down a random candidate: every path must end
        k = next.get(rng.nextInt(next.size()));
        steps++;
        assertTrue(steps < 200, "shrinking does not end: " + k);
      }
      assertEquals(0L, k.shape().seed(), k.toString());
      assertEquals(k.shape().kMin(), k.shape().kMax(), k.toString());
    }
  }

  @Test
  void quickTheoriesShrinksToTheSmallestFailingInstanceOfTheClass() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                Gens.qt(170L).withExamples(200).withShrinkCycles(200)
                    .forAll(Gens.instances(CoverageClass.DEFICIENT))
                    .check(k -> k.dim() < 4));
    String msg = e.getMessage();
    assertTrue(msg.contains("DEFICIENT(d=4, M=1, K=2..2, rank=1, B=1.0, beta=1.0"), msg);
  }

  @Test
  void theSameSeedGivesTheSameInstanceOnEveryThread() throws Exception {
    List<InstanceGenerator> gens = new ArrayList<>();
    for (CoverageClass c : CoverageClass.values()) {
      gens.add(InstanceGenerator.of(c));
    }
    int n = 40;
    List<String> serial = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      serial.add(fingerprint(gens.get(i % gens.size()).next(new SplittableRandom(i))));
    }
    for (int threads : new int[] {1, 3, 8}) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<String>> parts = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
          int seed = i;
          InstanceGenerator g = gens.get(seed % gens.size());
          parts.add(pool.submit(() -> fingerprint(g.next(new SplittableRandom(seed)))));
        }
        for (int i = 0; i < n; i++) {
          assertEquals(serial.get(n - 1 - i), parts.get(i).get(), "threads " + threads);
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameInstanceInAnotherJvm() throws Exception {
    String here = KitFingerprints.digest(24);
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                KitFingerprints.class.getName(),
                "24")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the other JVM did not finish");
    assertEquals(0, p.exitValue(), out);
    assertEquals(here, out);
  }

  /** Every bit of the instance and of its exact answers, as text. */
  static String fingerprint(KitInstance k) {
    Instance inst = k.instance();
    StringBuilder b = new StringBuilder(k.toString());
    for (double[] v :
        List.of(
            k.population().prompts().data(),
            k.population().weights(),
            inst.theta(),
            inst.wRef(),
            k.kernelBasis(),
            k.gradient(inst.wRef()))) {
      for (double x : v) {
        b.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(x)));
      }
    }
    b.append(' ').append(k.optimum()).append(' ').append(k.kappa());
    return b.toString();
  }

  @Test
  void theTypicalInstanceHasItsSizeAndClass() {
    KitInstance k =
        InstanceGenerator.of(CoverageClass.FULL)
            .dimension(64, 64)
            .prompts(1000, 1000)
            .candidates(8, 8, false)
            .next(new SplittableRandom(3));
    assertEquals(64, k.dim());
    assertEquals(8000, k.population().prompts().rows());
    assertDeclaredClass(k);
    assertArrayEquals(new double[0], k.kernelBasis());
  }
}
