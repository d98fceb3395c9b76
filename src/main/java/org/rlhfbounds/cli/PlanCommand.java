package org.rlhfbounds.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.bounds.BoundInputs;
import org.rlhfbounds.bounds.PlanConstants;
import org.rlhfbounds.bounds.Planner;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.model.io.InstanceFile;
import org.rlhfbounds.model.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rlhf-bounds plan}: planning by bound inversion (proofs/PLAN.md, {@link Planner}). For a
 * target epsilon and a failure probability delta, the smallest number of prompts n (and, for GA
 * and SGA, the smallest number of steps T at that n) for which the tightest applicable bound on the
 * chosen quantity, evaluated from the instance's population constants (the sample's coverage
 * replaced by its matrix-Chernoff lower bound), is at most epsilon; the bound at the predecessors
 * (n - 1, T - 1), which shows minimality; and the cheapest (n, T) in per-prompt gradient
 * evaluations. When no n and T within the search limits reach epsilon, the reason, never a number.
 * The output is deterministic.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Find the smallest n (and T) for which the tightest bound on a quantity, from the"
          + " population's constants, is <= epsilon with probability >= 1 - delta; prints JSON."
    })
final class PlanCommand extends CommandBase {
  @Option(names = "--instance", paramLabel = "FILE", description = "instance.json whose finite population is planned for (give this or --audit)")
  private @Nullable Path instance;

  @Option(names = "--audit", paramLabel = "FILE", description = "audit.json of an audit with the reward model: its audited prompts, uniformly weighted, are the population (give this or --instance)")
  private @Nullable Path audit;

  @Option(names = "--epsilon", required = true, paramLabel = "E", description = "target value of the bound, finite and > 0")
  private double epsilon;

  @Mixin private Confidence confidence = new Confidence();

  @Option(names = "--algorithm", required = true, paramLabel = "ga|sga|optimum", description = "the learner: ga, sga or optimum (the exact empirical optimum)")
  private String algorithm = "";

  @Option(names = "--quantity", defaultValue = "gap", paramLabel = "gap|excess|optimisation", description = "the quantity bounded (default: ${DEFAULT-VALUE})")
  private String quantity = "gap";

  @Option(names = "--max-steps", paramLabel = "T", description = "largest T searched (default: 2^30 for ga, 2^16 for sga; sga at most 2^22; not for optimum)")
  private @Nullable Integer maxSteps;

  /** Creates the command (picocli instantiates it). */
  PlanCommand() {}

  @Override
  public Integer call() throws IOException {
    @PositiveReal double eps = Reals.positive(Check.positive(epsilon, "--epsilon"), "--epsilon");
    @PositiveProbability double delta = Reals.positiveProbability(confidence.value(), "--delta");
    Planner.Learner learner;
    Planner.Quantity q;
    try {
      learner = Planner.Learner.parse(algorithm);
      q = Planner.Quantity.parse(quantity);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(String.valueOf(e.getMessage()));
    }
    Integer ms = maxSteps;
    int stepsMax = Planner.defaultStepsMax(learner);
    if (learner == Planner.Learner.OPTIMUM) {
      rejectIfGiven("--max-steps", "the exact optimum takes no steps");
    } else if (ms != null) {
      int limit = learner == Planner.Learner.GA ? Planner.GA_STEPS_MAX : Planner.SGA_STEPS_LIMIT;
      if (ms < 0 || ms > limit) {
        throw BadInputException.option(
            "--max-steps", "must lie in [0, " + limit + "] for " + learner.label() + ", got " + ms);
      }
      stepsMax = ms;
    }
    Path in = instance;
    Path au = audit;
    if ((in == null) == (au == null)) {
      throw new BadInputException(
          "give exactly one of --instance FILE and --audit FILE, got "
              + (in == null ? "neither" : "both"));
    }
    ObjectNode r = Json.object();
    PlanConstants pc;
    if (in != null) {
      r.put("instance", in.toString());
      pc = PlanConstants.of(InstanceFile.read(in));
    } else {
      r.put("audit", String.valueOf(au));
      pc = au == null ? null : AuditSource.read(au);
    }
    r.put("algorithm", learner.label());
    r.put("quantity", q.label());
    r.put("epsilon", eps);
    r.put("delta", delta);
    if (pc == null) {
      // an audit without the reward model: no population constant is known, so no plan
      AuditSource.unplannable(r, learner, stepsMax);
      printJson("plan", r);
      return ExitCode.OK;
    }
    Planner.Plan plan = Planner.plan(pc, learner, q, eps, delta, stepsMax);
    ObjectNode split = r.putObject("deltaSplit");
    split.put("coverage", plan.split().coverage());
    split.put("bound", plan.split().bound());
    ObjectNode pop = r.putObject("population");
    BoundInputs base = pc.population();
    pop.put("prompts", pc.prompts());
    pop.put("dim", base.dim());
    pop.put("beta", base.beta());
    pop.put("featureBound", base.bound());
    pop.put("diameter", base.diameter());
    pop.put("thetaNorm", base.thetaNorm());
    pop.put("coveredDim", pc.rank());
    putNullable(pop, "kappaPlus", pc.kappaPopulation());
    pop.put("kappaDetail", pc.kappaDetail());
    pop.put("promptLambdaMax", pc.promptCeiling());
    pop.put("leakage", base.leakage());
    Double residual = base.epsN();
    pop.put("residual", residual == null ? 0.0 : residual.doubleValue());
    pop.put("startDistance", base.d0());
    pop.put("startCovered", base.dPerp());
    pop.put("startUncovered", base.pKernel());
    pop.put("smoothness", pc.smoothness());
    r.put("reachable", plan.reachable());
    r.put("summary", summary(plan, learner));
    Planner.Point p = plan.point();
    if (p == null) {
      r.putNull("plan");
    } else {
      r.set("plan", point(p, learner));
    }
    ArrayNode checks = r.putArray("predecessors");
    for (Planner.Point c : plan.checks()) {
      checks.add(point(c, learner));
    }
    Planner.Point c = plan.cheapest();
    if (c == null) {
      r.putNull("cheapest");
    } else {
      ObjectNode cn = point(c, learner);
      cn.put("cost", plan.cheapestCost());
      cn.put("exact", plan.cheapestExact());
      r.set("cheapest", cn);
    }
    r.put("cost", costDefinition(learner));
    r.put("monotoneInSteps", plan.monotoneInSteps());
    ObjectNode lim = r.putObject("searchLimits");
    lim.put("n", Planner.N_MAX);
    lim.put("steps", learner == Planner.Learner.OPTIMUM ? 0 : stepsMax);
    r.set("atLimits", point(plan.limit(), learner));
    String why = plan.reason();
    if (why == null) {
      r.putNull("reason");
    } else {
      r.put("reason", why);
    }
    printJson("plan", r);
    return ExitCode.OK;
  }

  static String costDefinition(Planner.Learner l) {
    switch (l) {
      case GA:
        return "per-prompt gradient evaluations (T + 1) n: the T + 1 full gradients GA computes,"
            + " reused by the best-gradient selection";
      case SGA:
        return "per-prompt gradient evaluations T (n + 1) + n: T one-prompt steps and a full"
            + " gradient at each of the T + 1 iterates for the best-full-gradient selection";
      default:
        return "none: the exact optimum is computed in closed form, not by gradient steps";
    }
  }

  private static String summary(Planner.Plan plan, Planner.Learner l) {
    String target =
        String.format(Locale.ROOT, "to reach %s <= %s with probability >= 1 - %s",
            plan.quantity().label(), plan.epsilon(), plan.delta());
    Planner.Point p = plan.point();
    if (!plan.reachable() || p == null) {
      return target + ": no plan within the search limits (see reason)";
    }
    String steps = l == Planner.Learner.OPTIMUM ? "" : " and T = " + p.steps() + " " + l.label() + " steps";
    return target + " you need n = " + p.n() + " prompts" + steps + " (" + p.theorem() + ")";
  }

  private static ObjectNode point(Planner.Point p, Planner.Learner l) {
    ObjectNode o = Json.object();
    o.put("n", p.n());
    if (l == Planner.Learner.OPTIMUM) {
      o.putNull("steps");
    } else {
      o.put("steps", p.steps());
    }
    putNullable(o, "value", p.value());
    String t = p.theorem();
    if (t == null) {
      o.putNull("theorem");
    } else {
      o.put("theorem", t);
    }
    String why = p.reason();
    if (why == null) {
      o.putNull("reason");
    } else {
      o.put("reason", why);
    }
    return o;
  }

  private static void putNullable(ObjectNode n, String key, @Nullable Double v) {
    if (v == null) {
      n.putNull(key);
    } else {
      n.put(key, v.doubleValue());
    }
  }
}
