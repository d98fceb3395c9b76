package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.cli.Main;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * An adversarial search for a deterministic bound below its measured quantity (proofs/LEMMA-K.md,
 * proofs/LEMMA-DRIFT.md, proofs/MEASURE.md): tiny instances whose feature differences have
 * components from 1e-3 down to 1e-12 along some directions (near-kernel directions that the kernel
 * policy may call covered or uncovered), starts far along those directions, the largest steps the
 * theorems allow, and T up to 10^5. Every deterministic bound must be at least the lower end of its
 * measured quantity's enclosure on every example; the deterministic core of every gap bound
 * ({@code gen_S - mid} between {@code -lowerCore} and {@code upperCore}) is checked too, and for
 * SGA the sure radius of LEMMA-DRIFT ({@code beta (diam Dbar + mu Q)^2 / 8} bounds the
 * optimisation error on every draw). The a-posteriori certificates of T-POST are checked after GA and
 * SGA alike.
 */
class AdversarialBoundSearch {
  /** The deterministic parts checked on every GA example. */
  private static final List<String> GA_DETERMINISTIC =
      List.of("T-GA-SHARP#opt", "T-GA-SHARP#excess", "T-GA-ADAPT#opt", "T-GA-ADAPT#excess",
          "T-GA-SEED#opt", "T-RES#excess");

  @Test
  void everyDeterministicBoundHoldsOnAdversarialInputs() {
    SplittableRandom rng = new SplittableRandom(8_2026_12_01L);
    int examples = 0;
    int checks = 0;
    double minRatio = Double.POSITIVE_INFINITY;
    String minWhere = "";
    long start = System.nanoTime();
    List<String> failures = new ArrayList<>();
    for (int ex = 0; ex < 240; ex++) {
      Instance inst = instance(rng);
      FiniteDistribution pop = java.util.Objects.requireNonNull(inst.finiteDistribution());
      int n = 1 + rng.nextInt(4);
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) {
        idx[i] = rng.nextInt(pop.prompts().size());
      }
      Sample s = Sample.ofIndices(pop, idx);
      double[] w0 = start(inst, rng);
      boolean ga = rng.nextInt(3) > 0;
      int[] tGrid = ga ? new int[] {0, 7, 300, 100_000} : new int[] {5, 2_000};
      int steps = tGrid[rng.nextInt(tGrid.length)];
      Objective o = Objective.of(inst);
      BoundInputs in = Bounds.inputs(inst, s, w0, 0.05);
      double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
      // the largest step the theorems allow, or the seed's default
      Double step = rng.nextBoolean() ? null : (ga ? 1 / lambdaBar : lambdaBar / 2);
      double[] w;
      Double g;
      if (ga) {
        double eta = step != null ? step : 1 / Constants.smoothness(
            inst.beta(), inst.featureBound(), in.d0());
        BoundCases.Run r = BoundCases.ga(o, s, w0, eta, steps);
        w = r.best();
        g = r.bestGradNorm();
      } else {
        double l = step != null ? step : Constants.smoothness(
            inst.beta(), inst.featureBound(), in.d0());
        BoundCases.Run r = BoundCases.sga(o, s, w0, l, steps, new SplittableRandom(ex));
        w = r.best();
        g = r.bestGradNorm();
      }
      Bounds.Run run = ga ? Bounds.Run.ga(steps, 0.05, w0, step) : Bounds.Run.sga(steps, 0.05, w0, step);
      Measured m = Measured.at(inst, s, w, g);
      List<BoundResult> results = Bounds.evaluate(inst, s, run, m);
      Enclosure mid = MeasuredQuantities.at(inst, s, inst.wStar()).gap();
      Enclosure gen = MeasuredQuantities.at(inst, s, w).gap();
      examples++;
      String where = "example " + ex + (ga ? " GA" : " SGA") + " T=" + steps + " step=" + step
          + " n=" + n + " inputs=" + in;
      for (BoundResult r : results) {
        Double v = r.value();
        if (v == null) {
          continue;
        }
        if ((ga && GA_DETERMINISTIC.contains(r.key()) || r.id().equals("T-POST"))
            && r.measured() != null) {
          checks++;
          if (r.belowMeasured()) {
            failures.add(r.key() + " " + v + " < measured " + r.measured() + " +- "
                + r.measuredError() + " at " + where);
          }
          double lo = r.measured() - r.measuredError();
          if (lo > 0 && v / lo < minRatio) {
            minRatio = v / lo;
            minWhere = r.key() + " " + where;
          }
        }
        Map<String, Double> c = r.constants();
        Double upper = c.get("upperCore");
        Double lower = c.get("lowerCore");
        if (ga && upper != null && lower != null && (r.id().equals("T-GA-SHARP")
            || r.id().equals("T-HP-EB") || r.id().equals("T-RES") && r.part().equals(BoundResult.MAIN))) {
          Enclosure atPoint = r.id().equals("T-RES") ? null : gen;
          if (atPoint != null) {
            checks++;
            Enclosure dev = atPoint.sub(mid);
            if (dev.lo() > upper || dev.hi() < -lower) {
              failures.add(r.key() + " core: gen - mid " + dev + " outside [-" + lower + ", "
                  + upper + "] at " + where);
            }
          }
        }
        if (!ga && r.key().equals("T-SGA-SHARP#opt") && m.optError() != null) {
          checks++;
          double sure = LemmaK.upperCore(in.beta(), in.diameter(), c.get("Dbar"), in.leakage(),
              c.get("Q"));
          if (sure < m.optError().lo()) {
            failures.add("LEMMA-DRIFT sure radius: " + sure + " < " + m.optError() + " at "
                + where);
          }
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "adversarial bound search: %d examples, %d checks, %d failures, min bound/measured %.4g"
            + " (%s), %.1f s%n",
        examples, checks, failures.size(), minRatio, minWhere, seconds);
    assertTrue(failures.isEmpty(), failures.size() + " failures, first: "
        + (failures.isEmpty() ? "" : failures.get(0)));
    assertTrue(checks > 500, "too few checks: " + checks);
  }

  /** A tiny instance with near-kernel directions. */
  private static Instance instance(SplittableRandom rng) {
    int d = 2 + rng.nextInt(2);
    int k = 2 + rng.nextInt(2);
    int m = 2 + rng.nextInt(3);
    double tiny = Math.pow(10, -(3 + rng.nextInt(10))); // 1e-3 .. 1e-12
    int weak = 1 + rng.nextInt(d - 1); // the last `weak` coordinates are near-degenerate
    double[] data = new double[m * k * d];
    for (int i = 0; i < m; i++) {
      double[] base = new double[d];
      for (int j = d - weak; j < d; j++) {
        base[j] = rng.nextDouble() * 0.5 - 0.25; // shared within the prompt: no difference
      }
      for (int a = 0; a < k; a++) {
        for (int j = 0; j < d; j++) {
          double v = j < d - weak
              ? (rng.nextDouble() * 2 - 1) * 0.6
              : base[j] + (rng.nextInt(4) == 0 ? 0 : tiny * (rng.nextDouble() * 2 - 1));
          data[(i * k + a) * d + j] = v;
        }
      }
    }
    Features f = Features.uniform(data, m, k, d, "features");
    double[] theta = new double[d];
    double[] wRef = new double[d];
    for (int j = 0; j < d; j++) {
      theta[j] = rng.nextDouble() * 4 - 2;
      wRef[j] = rng.nextDouble() * 0.4 - 0.2;
    }
    double beta = new double[] {0.1, 0.5, 2.0}[rng.nextInt(3)];
    return Instance.of(beta, theta, wRef, 1.5, FiniteDistribution.uniform(f));
  }

  /** A start far along the weak directions, or near w*. */
  private static double[] start(Instance inst, SplittableRandom rng) {
    double[] ws = inst.wStar();
    int d = ws.length;
    double scale = new double[] {0.3, 3, 1000}[rng.nextInt(3)];
    double[] w0 = ws.clone();
    for (int j = 0; j < d; j++) {
      double dir = j == d - 1 ? 1 : 0.05 * (rng.nextDouble() * 2 - 1);
      w0[j] += scale * dir;
    }
    return w0;
  }

  /**
   * The counterexample a review found (a direction with differences of size 1e-5 broke T-GA-SHARP
   * by three orders of magnitude) and a family of its variants, through the command line: no
   * bound below its measured value for GA and SGA.
   */
  @Test
  void nearKernelCounterexampleThroughTheCommandLine(@TempDir Path dir) throws Exception {
    ObjectMapper json = new ObjectMapper();
    int runs = 0;
    for (double tiny : new double[] {1e-5, 1e-3, 1e-8, 1e-11}) {
      for (double far : new double[] {1000, 10}) {
        for (String alg : new String[] {"ga", "sga"}) {
          Path inst = dir.resolve("instance.json");
          Files.writeString(inst, "{\"format\":\"rlhf-bounds.instance/1\",\"beta\":0.5,"
              + "\"theta\":[1.0,0.0],\"wRef\":[0.0,0.0],\"featureBound\":1.0,\"prompts\":["
              + "{\"weight\":1.0,\"features\":[[0.9," + tiny + "],[-0.9," + (-tiny) + "]]},"
              + "{\"weight\":1.0,\"features\":[[0.5," + (0.6 * tiny) + "],[-0.7,0.0]]}]}");
          Path sample = dir.resolve("sample.json");
          Files.writeString(sample, "{\"indices\":[0,1,0]}");
          Path w0 = dir.resolve("w0.json");
          Files.writeString(w0, "{\"w\":[2.0," + far + "]}");
          String steps = alg.equals("ga") ? "100000" : "3000";
          String out = run("bound", "--instance", inst.toString(), "--sample", sample.toString(),
              "--algorithm", alg, "--steps", steps, "--w0", w0.toString());
          JsonNode root = json.readTree(out);
          runs++;
          for (JsonNode t : root.get("theorems")) {
            if (!t.get("applicable").asBoolean() || t.get("measured").isNull()) {
              continue;
            }
            String qualifier = t.get("qualifier").asText();
            if (!qualifier.equals(BoundResult.DETERMINISTIC)) {
              continue;
            }
            double v = t.get("value").asDouble();
            double meas = t.get("measured").asDouble();
            double err = t.has("measuredError") ? t.get("measuredError").asDouble() : 0;
            String key = t.get("key").asText();
            if (alg.equals("sga") && key.startsWith("T-SGA")) {
              continue; // expectations over the order: tested by frequency elsewhere
            }
            assertTrue(v >= meas - err, key + " = " + v + " below measured " + meas + " +- " + err
                + " (tiny " + tiny + ", far " + far + ", " + alg + ")");
          }
        }
      }
    }
    assertEquals(16, runs);
  }

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, code, "exit code of " + String.join(" ", args) + ": " + err);
    return out.toString();
  }
}
