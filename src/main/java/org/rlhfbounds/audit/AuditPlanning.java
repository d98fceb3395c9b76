package org.rlhfbounds.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.bounds.PlanConstants;
import org.rlhfbounds.bounds.Planner;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.io.Json;

/**
 * The planning part of an audit (proofs/PLAN.md, "An audit as the population"): the audited
 * prompts with the uniform distribution on them are taken as the population, its planning
 * constants ({@link PlanConstants#of(Instance)}, computed once, every real rounded in the safe
 * direction) are written to {@code audit.json} as {@code planning.constants}, from which {@code
 * plan --audit} plans exactly as {@code plan --instance} would on that population, and a table of
 * plans for the gap at epsilon in {@link #EPSILONS} is evaluated from them (a scalar search; the
 * features are not read again).
 *
 * <p>Thread-safe: immutable.
 */
public final class AuditPlanning {
  /** The targets of the audit's planning table. */
  static final double[] EPSILONS = {0.1, 0.05, 0.01};

  /** The learners of the audit's planning table. */
  static final Planner.Learner[] LEARNERS = {Planner.Learner.GA, Planner.Learner.OPTIMUM};

  private static final String[] REALS = {
    "beta", "bound", "diameter", "thetaNorm", "promptCeiling", "leakage", "residual", "d0",
    "dPerp", "pKernel", "smoothness"
  };

  private final PlanConstants constants;
  private final double delta;
  private final List<Planner.Plan> plans;

  private AuditPlanning(PlanConstants constants, double delta, List<Planner.Plan> plans) {
    this.constants = constants;
    this.delta = delta;
    this.plans = plans;
  }

  /**
   * Computes the planning constants of the audited prompts as the population and the table.
   *
   * @param all every prompt of the export
   * @param s the audit's settings (theta*, beta, w_ref, B, delta)
   * @return the planning part
   * @throws IllegalArgumentException if a setting is out of its range
   */
  static AuditPlanning of(Features all, TheoremAudit.Settings s) {
    @PositiveReal double beta = Reals.positive(s.beta(), "beta");
    @PositiveReal double bound = Reals.positive(s.featureBound(), "featureBound");
    @PositiveProbability double delta = Reals.positiveProbability(s.delta(), "delta");
    Instance inst =
        Instance.of(beta, s.theta(), s.wRef(), bound, FiniteDistribution.uniform(all));
    PlanConstants pc = PlanConstants.of(inst);
    List<Planner.Plan> plans = new ArrayList<>();
    for (double eps : EPSILONS) {
      for (Planner.Learner l : LEARNERS) {
        plans.add(
            Planner.plan(pc, l, Planner.Quantity.GAP, Reals.positive(eps, "epsilon"), delta));
      }
    }
    return new AuditPlanning(pc, delta, plans);
  }

  /**
   * Returns the planning constants.
   *
   * @return the constants
   */
  public PlanConstants constants() {
    return constants;
  }

  /** Adds {@code planning} to an audit's JSON. */
  void putInto(ObjectNode root) {
    ObjectNode p = root.putObject("planning");
    p.put(
        "population",
        "the " + constants.prompts() + " audited prompts with the uniform distribution on them");
    ObjectNode c = p.putObject("constants");
    PlanConstants.Values v = constants.values();
    c.put("dim", v.dim());
    c.put("prompts", v.prompts());
    c.put("rank", v.rank());
    c.put("kernelDim", v.kernelDim());
    Double k = v.kappaPopulation();
    if (k == null) {
      c.putNull("kappaPopulation");
    } else {
      c.put("kappaPopulation", k.doubleValue());
    }
    c.put("kappaDetail", v.kappaDetail());
    double[] reals = {
      v.beta(), v.bound(), v.diameter(), v.thetaNorm(), v.promptCeiling(), v.leakage(),
      v.residual(), v.d0(), v.dPerp(), v.pKernel(), v.smoothness()
    };
    for (int i = 0; i < REALS.length && i < reals.length; i++) {
      c.put(REALS[i], reals[i]);
    }
    p.put("quantity", Planner.Quantity.GAP.label());
    p.put("delta", delta);
    ArrayNode t = p.putArray("table");
    for (Planner.Plan plan : plans) {
      ObjectNode o = t.addObject();
      o.put("algorithm", plan.learner().label());
      o.put("epsilon", plan.epsilon());
      o.put("reachable", plan.reachable());
      Planner.Point pt = plan.point();
      Planner.Point ch = plan.cheapest();
      putInt(o, "n", pt == null ? null : pt.n());
      putInt(o, "steps", pt == null || plan.learner() == Planner.Learner.OPTIMUM ? null : pt.steps());
      Audit.putNullable(o, "value", pt == null ? null : pt.value());
      putText(o, "theorem", pt == null ? null : pt.theorem());
      putInt(o, "cheapestN", ch == null ? null : ch.n());
      putInt(o, "cheapestSteps", ch == null ? null : ch.steps());
      if (ch == null) {
        o.putNull("cheapestCost");
      } else {
        o.put("cheapestCost", plan.cheapestCost());
      }
      putText(o, "reason", plan.reason());
    }
  }

  private static void putText(ObjectNode o, String key, @Nullable String v) {
    if (v == null) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
  }

  private static void putInt(ObjectNode o, String key, @Nullable Integer v) {
    if (v == null) {
      o.putNull(key);
    } else {
      o.put(key, v.intValue());
    }
  }

  /** The Markdown section: the planning table. */
  String toMarkdown() {
    StringBuilder b = new StringBuilder("\n## Planning\n\n");
    b.append("The ").append(constants.prompts())
        .append(" audited prompts, uniformly weighted, taken as the population (proofs/PLAN.md):")
        .append(" to reach gap <= epsilon with probability >= 1 - ").append(delta)
        .append(" you need (`rlhf-bounds plan --audit` for other targets):\n\n")
        .append("| epsilon | learner | n | T | bound (theorem) | cheapest (n, T, cost) |\n")
        .append("| --- | --- | --- | --- | --- | --- |\n");
    for (Planner.Plan plan : plans) {
      b.append("| ").append(plan.epsilon()).append(" | ").append(plan.learner().label())
          .append(" | ");
      Planner.Point pt = plan.point();
      if (pt == null) {
        b.append("not reachable: ")
            .append(String.valueOf(plan.reason()).replace('|', '/'))
            .append(" | - | - | - |\n");
        continue;
      }
      boolean opt = plan.learner() == Planner.Learner.OPTIMUM;
      Planner.Point ch = plan.cheapest();
      b.append(pt.n()).append(" | ").append(opt ? "-" : String.valueOf(pt.steps())).append(" | ")
          .append(Audit.fmt(pt.value())).append(" (").append(pt.theorem()).append(") | ")
          .append(ch == null ? "-" : ch.n() + ", " + ch.steps() + ", " + plan.cheapestCost())
          .append(" |\n");
    }
    return b.toString();
  }

  /**
   * Reads {@code planning.constants} of an audit back (the inverse of the audit's writing): every
   * field must be present with its type.
   *
   * @param c the object
   * @return the constants
   * @throws IllegalArgumentException naming the field and its value when a field is missing, of
   *     the wrong type or out of its range
   */
  @Theorem("PLAN")
  public static PlanConstants.Values readConstants(JsonNode c) {
    JsonNode k = c.get("kappaPopulation");
    if (k == null || !(k.isNull() || k.isNumber())) {
      throw new IllegalArgumentException("kappaPopulation: expected a number or null, got " + k);
    }
    JsonNode detail = c.get("kappaDetail");
    if (detail == null || !detail.isTextual()) {
      throw new IllegalArgumentException("kappaDetail: expected a string, got " + detail);
    }
    return new PlanConstants.Values(
        integer(c, "dim"),
        integer(c, "prompts"),
        integer(c, "rank"),
        integer(c, "kernelDim"),
        k.isNull() ? null : k.doubleValue(),
        detail.asText(),
        Reals.positive(real(c, "beta"), "beta"),
        Reals.positive(real(c, "bound"), "bound"),
        Reals.nonNegative(real(c, "diameter"), "diameter"),
        Reals.nonNegative(real(c, "thetaNorm"), "thetaNorm"),
        Reals.nonNegative(real(c, "promptCeiling"), "promptCeiling"),
        Reals.nonNegative(real(c, "leakage"), "leakage"),
        Reals.nonNegative(real(c, "residual"), "residual"),
        Reals.nonNegative(real(c, "d0"), "d0"),
        Reals.nonNegative(real(c, "dPerp"), "dPerp"),
        Reals.nonNegative(real(c, "pKernel"), "pKernel"),
        Reals.positive(real(c, "smoothness"), "smoothness"));
  }

  private static int integer(JsonNode c, String key) {
    JsonNode n = c.get(key);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new IllegalArgumentException(key + ": expected an integer, got " + n);
    }
    return n.intValue();
  }

  private static double real(JsonNode c, String key) {
    JsonNode n = c.get(key);
    if (n == null || !n.isNumber()) {
      throw new IllegalArgumentException(key + ": expected a number, got " + n);
    }
    return n.doubleValue();
  }
}
