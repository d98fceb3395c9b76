package org.rlhfbounds.learners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.ProgressListener;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/** Unit tests of the learners: agreement between routes, exact shortcuts, costs, the facade. */
class LearnersTest {
  static Instance sphere() {
    return InstanceSpec.of(Family.SPHERE, 120, 4, 6, 0.7, 3).finite();
  }

  static Instance deficient() {
    return InstanceSpec.of(Family.DEFICIENT, 120, 4, 6, 0.7, 3).finite();
  }

  static Sample sample(Instance inst, int n, long seed) {
    FiniteDistribution fd = inst.finiteDistribution();
    assertNotNull(fd);
    return fd.sample(n, new SplittableRandom(seed));
  }

  @Test
  void aRunWithoutItsTraceSelectsTheSameIterates() {
    for (Instance inst : new Instance[] {sphere(), deficient()}) {
      Sample s = sample(inst, 30, 4);
      for (Algorithm alg : new Algorithm[] {Algorithm.GA, Algorithm.SGA}) {
        TrainOptions op = TrainOptions.of(alg).steps(25).seed(8);
        Trajectory full = java.util.Objects.requireNonNull(Learners.train(inst, s, op).trajectory());
        Trajectory lean =
            java.util.Objects.requireNonNull(Learners.train(inst, s, op.trace(false)).trajectory());
        for (Selection sel : Selection.values()) {
          assertArrayEquals(full.selected(sel), lean.selected(sel), alg + " " + sel);
        }
        assertArrayEquals(full.gradientNorms(), lean.gradientNorms(), alg + " gradient norms");
        assertEquals(full.stepEvaluations(), lean.stepEvaluations(), alg + " step cost");
        assertEquals(full.selectionEvaluations(), lean.selectionEvaluations(), alg + " selection");
        double[] fo = full.empiricalObjective();
        assertTrue(fo != null && fo.length == 26, alg + ": the full run records F_S at every step");
        double[] lo = lean.empiricalObjective();
        assertTrue(lo == null || lo.length == 0, alg + ": the lean run records no F_S");
      }
    }
  }

  @Test
  void gaRecordsTheObjectiveOfEachIterateFromItsGradientPass() {
    // the trace's F_S(w_t) comes from the gradient pass at w_t: the same bits as value(S, w_t)
    // at the iterates of the same run, replayed step by step; with and without a final gradient
    for (Instance inst : new Instance[] {sphere(), deficient()}) {
      Objective o = Objective.of(inst);
      Sample s = sample(inst, 30, 4);
      double[] w0 = inst.wRef();
      double eta = GradientAscent.defaultStep(inst, w0);
      int steps = 12;
      Recording[] recs = {Recording.full(1), Recording.full(1).withFullGradients(false)};
      for (Recording rec : recs) {
        Trajectory tr = GradientAscent.run(o, s, eta, w0, steps, rec);
        double[] trace = java.util.Objects.requireNonNull(tr.empiricalObjective());
        assertEquals(steps + 1, trace.length);
        double[] w = w0.clone();
        double[] u = new double[w.length];
        double[] g = new double[w.length];
        for (int t = 0; t <= steps; t++) {
          assertEquals(
              Double.doubleToRawLongBits(o.value(s, w)),
              Double.doubleToRawLongBits(trace[t]),
              "F_S(w_" + t + ")");
          for (int j = 0; j < w.length; j++) {
            u[j] = inst.beta() * (inst.wStar()[j] - w[j]);
          }
          o.covarianceApply(s, w, u, g);
          for (int j = 0; j < w.length; j++) {
            w[j] = w[j] + eta * g[j];
          }
        }
      }
    }
  }

  @Test
  void equalPointsAreMeasuredOnceAndDistinctPointsEachOnTheirOwn() {
    Instance inst = sphere();
    Objective o = Objective.of(inst);
    Sample s = sample(inst, 40, 9);
    double[] a = new double[inst.dim()];
    double[] b = a.clone();
    b[0] = 0.25;
    double[] a2 = a.clone();
    IterateEvaluation[] each = IterateEvaluation.ofEach(o, s, new double[][] {a, b, a2, b}, 2, 5);
    assertEquals(4, each.length);
    assertTrue(each[2] == each[0] && each[3] == each[1], "equal points share one measurement");
    double[][] points = {a, b};
    for (int k = 0; k < 2; k++) {
      IterateEvaluation one = IterateEvaluation.of(o, s, points[k], 2, 5);
      assertArrayEquals(numbers(one), numbers(each[k]), "point " + k);
    }
    assertFalse(
        java.util.Arrays.equals(numbers(each[0]), numbers(each[1])),
        "distinct points, distinct measurements");
  }

  private static double[] numbers(IterateEvaluation e) {
    return new double[] {
      e.population().value(), e.empirical(), e.generalizationGap().value(),
      e.excessRisk().value(), e.gradientNorm(), e.distance()
    };
  }

  @Test
  void gradientAscentConvergesToTheExactOptimumAndNewtonAgrees() {
    Instance[] insts = {sphere(), deficient()};
    for (int q = 0; q < 2; q++) {
      Instance inst = insts[q];
      Sample s = sample(inst, 25, 1);
      Objective o = Objective.of(inst);
      double[] w0 = inst.wRef();
      OptimumResult ex = EmpiricalOptimum.exact(o, s, w0);
      OptimumResult nw = EmpiricalOptimum.newton(o, s, w0);
      assertTrue(ex.converged(), ex.reason());
      assertTrue(nw.converged(), nw.reason());
      Trajectory tr =
          GradientAscent.run(o, s, GradientAscent.defaultStep(inst, w0), w0, 20000, Recording.lean());
      assertTrue(tr.fixedPointStep() >= 0, "GA should reach a floating-point fixed point");
      double[] a = ex.w();
      double[] b = nw.w();
      double[] c = tr.last();
      for (int j = 0; j < a.length; j++) {
        assertEquals(a[j], b[j], 1e-9, "Newton vs exact");
        assertEquals(a[j], c[j], 1e-9, "GA limit vs exact");
      }
      assertEquals(q == 0 ? 0 : 3, ex.kernelDim());
    }
  }

  @Test
  void deficientSampleHasAKernelAndTheExactOptimumKeepsItsComponent() {
    Instance inst = deficient();
    Sample s = sample(inst, 25, 1);
    Objective o = Objective.of(inst);
    OptimumResult ex = EmpiricalOptimum.exact(o, s, inst.wRef());
    assertEquals(3, ex.kernelDim(), "rank 3 of 6: a 3-dimensional kernel");
    assertTrue(ex.rankTolerance() > 0);
    Kernels k = Kernels.of(o, s);
    double[] e0 = Cases.minus(inst.wRef(), inst.wStar());
    double[] e = Cases.minus(ex.w(), inst.wStar());
    assertArrayEquals(k.kernelPart(e0), e, 1e-12);
  }

  @Test
  void newtonReportsNonConvergence() {
    Instance inst = sphere();
    Sample s = sample(inst, 25, 1);
    OptimumResult r = EmpiricalOptimum.newton(Objective.of(inst), s, inst.wRef(), 0, 2);
    assertFalse(r.converged());
    assertTrue(r.reason().contains("iteration limit 2"), r.reason());
  }

  @Test
  void fixedPointShortcutIsExact() {
    Instance inst = sphere();
    Sample s = sample(inst, 20, 2);
    Objective o = Objective.of(inst);
    double[] w0 = inst.wRef();
    double eta = GradientAscent.defaultStep(inst, w0);
    Trajectory fast = GradientAscent.run(o, s, eta, w0, 8000, Recording.full(500));
    Trajectory slow =
        GradientAscent.run(o, s, eta, w0, 8000, Recording.full(500).withShortcuts(false));
    assertTrue(fast.fixedPointStep() > 0 && fast.fixedPointStep() < 8000);
    assertTrue(fast.performedEvaluations() < slow.performedEvaluations());
    assertArrayEquals(slow.last(), fast.last(), 0.0);
    assertArrayEquals(slow.average(), fast.average(), 0.0);
    assertArrayEquals(slow.gradientNorms(), fast.gradientNorms(), 0.0);
    assertArrayEquals(slow.empiricalObjective(), fast.empiricalObjective(), 0.0);
    assertArrayEquals(slow.distances(), fast.distances(), 0.0);
    assertEquals(slow.bestGradientIndex(), fast.bestGradientIndex());
  }

  @Test
  void costsAreCountedAsSpecified() {
    Instance inst = sphere();
    Sample s = sample(inst, 10, 2);
    Objective o = Objective.of(inst);
    double[] w0 = inst.wRef();
    Trajectory ga =
        GradientAscent.run(
            o, s, GradientAscent.defaultStep(inst, w0), w0, 7, Recording.full(0).withShortcuts(false));
    assertEquals(70, ga.stepEvaluations());
    assertEquals(10, ga.selectionEvaluations());
    assertEquals(80, ga.performedEvaluations());
    assertEquals(80, ga.instrumentationEvaluations());
    Trajectory sga =
        StochasticGradientAscent.run(
            o, s, StochasticGradientAscent.defaultSchedule(inst, w0), w0, 7, 5L, Recording.full(0));
    assertEquals(7, sga.stepEvaluations());
    assertEquals(80, sga.selectionEvaluations());
    assertEquals(87, sga.performedEvaluations());
    Trajectory lean =
        StochasticGradientAscent.run(
            o,
            s,
            StochasticGradientAscent.defaultSchedule(inst, w0),
            w0,
            StochasticGradientAscent.uniformOrder(10, 7, 5L),
            Recording.lean().withFullGradients(false),
            null);
    assertEquals(0, lean.selectionEvaluations());
    assertEquals(7, lean.performedEvaluations());
    assertArrayEquals(sga.last(), lean.last(), 0.0);
    assertThrows(IllegalStateException.class, () -> lean.selected(Selection.BEST_GRADIENT));
  }

  @Test
  void selectionRulesAreWhatTheyClaim() {
    Instance inst = deficient();
    Sample s = sample(inst, 10, 4);
    Objective o = Objective.of(inst);
    double[] w0 = inst.wRef();
    Trajectory tr =
        StochasticGradientAscent.run(
            o, s, StochasticGradientAscent.defaultSchedule(inst, w0), w0, 30, 9L, Recording.full(1));
    double[] g = tr.gradientNorms();
    int best = 0;
    for (int t = 1; t < g.length; t++) {
      if (g[t] < g[best]) {
        best = t;
      }
    }
    assertEquals(best, tr.bestGradientIndex());
    assertArrayEquals(tr.iterate(best), tr.bestGradient(), 0.0);
    double[] avg = new double[w0.length];
    for (int t = 1; t <= 30; t++) {
      double[] w = tr.iterate(t);
      for (int j = 0; j < avg.length; j++) {
        avg[j] += w[j];
      }
    }
    for (int j = 0; j < avg.length; j++) {
      avg[j] /= 30;
    }
    assertArrayEquals(avg, tr.average(), 0.0);
    // the full gradient norms are those of F_S, computed independently with the general formula
    for (int t = 0; t <= 30; t += 7) {
      assertEquals(Cases.norm(o.gradient(s, tr.iterate(t))), g[t], 1e-12);
    }
  }

  @Test
  void hotLoopsAllocateNothingPerStep() {
    Instance inst = sphere();
    Sample s = sample(inst, 10, 2);
    Objective o = Objective.of(inst);
    double[] w0 = inst.wRef();
    double eta = GradientAscent.defaultStep(inst, w0);
    Recording lean = Recording.lean().withFullGradients(false).withShortcuts(false);
    StepSchedule sched = StochasticGradientAscent.defaultSchedule(inst, w0);
    int[] shortOrder = StochasticGradientAscent.uniformOrder(10, 100, 1);
    int[] longOrder = StochasticGradientAscent.uniformOrder(10, 20100, 1);
    for (int warm = 0; warm < 3; warm++) {
      GradientAscent.run(o, s, eta, w0, 20100, lean);
      StochasticGradientAscent.run(o, s, sched, w0, longOrder, lean, null);
    }
    long ga1 = allocated(() -> GradientAscent.run(o, s, eta, w0, 100, lean));
    long ga2 = allocated(() -> GradientAscent.run(o, s, eta, w0, 20100, lean));
    long sga1 = allocated(() -> StochasticGradientAscent.run(o, s, sched, w0, shortOrder, lean, null));
    long sga2 = allocated(() -> StochasticGradientAscent.run(o, s, sched, w0, longOrder, lean, null));
    // 20000 more steps; the order array itself is 80 kB longer and is copied into the trajectory
    assertTrue(ga2 - ga1 < 4096, "GA allocates per step: " + (ga2 - ga1) + " bytes");
    assertTrue(
        sga2 - sga1 < 2 * 4 * 20000 + 4096, "SGA allocates per step: " + (sga2 - sga1) + " bytes");
  }

  static long allocated(Runnable r) {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(id);
    r.run();
    return mx.getThreadAllocatedBytes(id) - before;
  }

  @Test
  void retrainingShortcutsAreBitIdenticalToFreshRuns() {
    for (Instance inst : new Instance[] {sphere(), deficient()}) {
      Sample s = sample(inst, 12, 7);
      FiniteDistribution fd = inst.finiteDistribution();
      assertNotNull(fd);
      int[] pos = new int[12];
      Features[] repl = new Features[12];
      SplittableRandom r = new SplittableRandom(3);
      for (int i = 0; i < 12; i++) {
        pos[i] = i;
        repl[i] = fd.prompts().select(new int[] {r.nextInt(fd.prompts().size())});
      }
      repl[3] = s.prompts().select(new int[] {3}); // an identical replacement
      double[] w0 = inst.wRef();
      double eta = GradientAscent.defaultStep(inst, w0);
      for (Selection sel : Selection.values()) {
        Retraining.Result fast = Retraining.ga(inst, s, pos, repl, eta, w0, 6000, sel, true, 2, ProgressListener.NONE);
        Retraining.Result slow = Retraining.ga(inst, s, pos, repl, eta, w0, 6000, sel, false, 1, ProgressListener.NONE);
        for (int k = 0; k < 12; k++) {
          assertArrayEquals(slow.output(k), fast.output(k), 0.0, "GA " + sel + " task " + k);
          Trajectory fresh =
              GradientAscent.run(
                  Objective.of(inst), s.replace(k, repl[k], -1), eta, w0, 6000,
                  Recording.lean().withShortcuts(false));
          assertArrayEquals(fresh.selected(sel), fast.output(k), 0.0);
        }
        assertTrue(fast.performedEvaluations() < fast.naiveEvaluations());
        assertEquals(1, fast.identicalReplacements());
        StepSchedule sched = StochasticGradientAscent.defaultSchedule(inst, w0);
        int[] order = StochasticGradientAscent.uniformOrder(12, 300, 11);
        Retraining.Result sf = Retraining.sga(inst, s, pos, repl, sched, w0, order, sel, true, 3, ProgressListener.NONE);
        Retraining.Result ss = Retraining.sga(inst, s, pos, repl, sched, w0, order, sel, false, 1, ProgressListener.NONE);
        Trajectory base =
            StochasticGradientAscent.run(
                Objective.of(inst), s, sched, w0, order, Recording.lean(), null);
        assertArrayEquals(base.selected(sel), sf.base(), 0.0);
        for (int k = 0; k < 12; k++) {
          assertArrayEquals(ss.output(k), sf.output(k), 0.0, "SGA " + sel + " task " + k);
          Trajectory fresh =
              StochasticGradientAscent.run(
                  Objective.of(inst), s.replace(k, repl[k], -1), sched, w0, order,
                  Recording.lean(), null);
          assertArrayEquals(fresh.selected(sel), sf.output(k), 0.0);
        }
        if (sel != Selection.BEST_GRADIENT) {
          assertTrue(sf.sharedSteps() > 0);
        }
      }
    }
  }

  /**
   * "Not given" is an empty OptionalDouble: a NaN step or tolerance (a caller's bug) is rejected,
   * never read as "use the default".
   */
  @Test
  void nanStepOrToleranceIsRejectedNotDefaulted() {
    Instance inst = sphere();
    Sample s = sample(inst, 15, 2);
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 0.0, -1.0}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Learners.train(inst, s, Algorithm.GA, 5, OptionalDouble.of(bad), null, 3, null, 0));
      assertTrue(e.getMessage().contains("eta") && e.getMessage().contains(String.valueOf(bad)));
      assertThrows(IllegalArgumentException.class, () -> TrainOptions.of(Algorithm.SGA).eta(bad));
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> TrainOptions.of(Algorithm.NEWTON).newton(Double.NaN, 5));
    assertThrows(
        IllegalArgumentException.class,
        () -> TrainOptions.of(Algorithm.NEWTON).newton(OptionalDouble.of(-1.0), 5));
    // the default is still reachable, explicitly
    Learners.train(inst, s, TrainOptions.of(Algorithm.NEWTON).newton(OptionalDouble.empty(), 5));
  }

  @Test
  void facadeMapHasTheDocumentedFields() {
    Instance inst = sphere();
    Sample s = sample(inst, 15, 2);
    for (Algorithm a : Algorithm.values()) {
      TrainResult r = Learners.train(inst, s, a, 50, OptionalDouble.empty(), null, 3, null, 10);
      Map<String, Object> m = r.toMap();
      assertTrue(m.containsKey("final"));
      assertTrue(m.containsKey("settings"));
      assertTrue(m.containsKey("cost"));
      @SuppressWarnings("unchecked")
      Map<String, Object> sel = (Map<String, Object>) m.get("selected");
      assertTrue(sel.containsKey("last"));
      @SuppressWarnings("unchecked")
      Map<String, Object> last = (Map<String, Object>) sel.get("last");
      assertTrue(last.containsKey("generalizationGap"));
      assertTrue(last.containsKey("excessRisk"));
      if (a == Algorithm.GA || a == Algorithm.SGA) {
        assertTrue(sel.containsKey("bestGradient"));
        assertTrue(sel.containsKey("average"));
        @SuppressWarnings("unchecked")
        Map<String, Object> bg = (Map<String, Object>) sel.get("bestGradient");
        assertTrue(bg.containsKey("index") && bg.containsKey("w"));
        assertEquals(51, ((double[]) m.get("gradientNorms")).length);
        assertEquals(51, ((double[]) m.get("empiricalObjective")).length);
        assertEquals(6, ((java.util.List<?>) m.get("iterates")).size());
      } else {
        assertTrue(m.containsKey("optimum"));
      }
    }
  }

  @Test
  void generativeMeasurementsAreMonteCarloWithAnInterval() {
    Instance inst = InstanceSpec.of(Family.GAUSSIAN, 10, 3, 4, 1.0, 5).generative();
    Sample s = inst.distribution().sample(20, new SplittableRandom(1));
    IterateEvaluation ev =
        IterateEvaluation.of(Objective.of(inst), s, inst.wRef(), 4000, 9L);
    assertFalse(ev.generalizationGap().exact());
    assertTrue(ev.generalizationGap().standardError() > 0);
    assertEquals(4000, ev.generalizationGap().draws());
    assertTrue(ev.excessRisk().value() > 0);
  }

  @Test
  void badInputsAreRejectedWithTheField() {
    Instance inst = sphere();
    Sample s = sample(inst, 5, 1);
    Objective o = Objective.of(inst);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GradientAscent.run(o, s, 0.1, new double[3], 5, Recording.lean()));
    assertTrue(e.getMessage().contains("w0"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StochasticGradientAscent.run(
                o, s, StepSchedule.constant(0.1), inst.wRef(), new int[] {0, 9}, Recording.lean(), null));
    assertTrue(e.getMessage().contains("order[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StepSchedule.of(new double[] {0.1, -1}));
    assertTrue(e.getMessage().contains("schedule[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Algorithm.parse("adam"));
    assertTrue(e.getMessage().contains("adam"), e.getMessage());
  }
}
