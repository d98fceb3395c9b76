package org.rlhfbounds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.model.io.SampleFile;
import org.rlhfbounds.model.io.VectorFile;
import org.rlhfbounds.learners.Kernels;
import org.rlhfbounds.objective.Objective;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rlhf-bounds evaluate}: the exact population and empirical quantities of an instance at a
 * policy parameter {@code w} (default {@code w_ref}), printed as one JSON object (proofs/MODEL.md#model,
 * proofs/F1.md, F2.md):
 *
 * <ul>
 *   <li>{@code wStar = w_ref + theta* / beta};
 *   <li>{@code populationObjective} {@code F(w)}, {@code empiricalObjective} {@code F_S(w)}, and
 *       both at {@code w*} ({@code populationOptimum}, {@code empiricalOptimum});
 *   <li>{@code excessRisk} {@code F(w*) - F(w)} and {@code empiricalExcess} {@code F_S(w*) -
 *       F_S(w)}, each computed as {@code beta E KL(pi_w || pi_{w*})} ({@link Objective#excess});
 *   <li>{@code generalizationGap} {@code F(w) - F_S(w)};
 *   <li>{@code populationGradient} and {@code empiricalGradient} (general covariance formula);
 *   <li>{@code coverage} of {@code Sigma_S(w*)}: {@code kappa}, {@code kappaPlus}, {@code
 *       lambdaMax}, {@code conditionNumber}, {@code kernelDim}, {@code tolerance}, {@code
 *       eigenvalues} ({@link Kernels}: the kernel {@code N_S} is decided on {@code Sigma_S(0)}, the
 *       same kernel for every w, with the tolerance {@code max(1e-10 lambda_max, 16 d (K + 2)
 *       2^-52 B^2)}, as the learners decide it; the eigenvalues are those of {@code
 *       Sigma_S(w*)}).
 * </ul>
 *
 * Without {@code --sample} the sample is the whole prompt list {@code 0..M-1}, each prompt once
 * (reported as {@code "sample": "all prompts"}). The output is deterministic.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Evaluate F, F_S, their gradients, the excess risk, the generalization gap and the"
          + " coverage of Sigma_S(w*) at w (default w_ref); prints JSON."
    })
final class EvaluateCommand extends CommandBase {
  @Mixin private InstanceOption instance = new InstanceOption();

  @Option(names = "--sample", paramLabel = "FILE", description = "sample.json (default: every prompt once, 0..M-1)")
  private @Nullable Path sampleFile;

  @Option(names = "--w", paramLabel = "FILE", description = "vector file {\"w\": [..]} (default: w_ref)")
  private @Nullable Path wFile;

  /** Creates the command (picocli instantiates it). */
  EvaluateCommand() {}

  @Override
  public Integer call() throws IOException {
    Instance inst = instance.read();
    FiniteDistribution dist = InstanceOption.population(inst);
    int m = dist.prompts().size();
    Path sf = sampleFile;
    Sample sample;
    if (sf != null) {
      sample = SampleFile.read(sf, dist);
    } else {
      int[] all = new int[m];
      for (int i = 0; i < m; i++) {
        all[i] = i;
      }
      sample = Sample.ofIndices(dist, all);
    }
    Path wf = wFile;
    double[] w = wf != null ? VectorFile.read(wf, inst) : inst.wRef();

    Objective o = Objective.of(inst);
    double[] wStar = inst.wStar();
    double fPop = o.value(dist, w);
    double fEmp = o.value(sample, w);
    Kernels cov = Kernels.of(o, sample);

    ObjectNode r = Json.object();
    r.put("instance", instance.file.toString());
    r.put("sample", sf != null ? sf.toString() : "all prompts");
    r.put("w", wf != null ? wf.toString() : "wRef");
    r.put("prompts", m);
    r.put("sampleSize", sample.size());
    r.put("dim", inst.dim());
    r.put("beta", inst.beta());
    r.put("featureBound", inst.featureBound());
    r.set("wStar", Json.array(wStar));
    r.put("populationObjective", fPop);
    r.put("empiricalObjective", fEmp);
    r.put("populationOptimum", o.value(dist, wStar));
    r.put("empiricalOptimum", o.value(sample, wStar));
    r.put("excessRisk", o.excess(dist, w));
    r.put("empiricalExcess", o.excess(sample, w));
    r.put("generalizationGap", fPop - fEmp);
    r.set("populationGradient", Json.array(o.gradient(dist, w)));
    r.set("empiricalGradient", Json.array(o.gradient(sample, w)));
    ObjectNode c = r.putObject("coverage");
    c.put("kappa", cov.kappa());
    putNullable(c, "kappaPlus", cov.kappaPlus());
    c.put("lambdaMax", cov.lambdaMax());
    Double kp = cov.kappaPlus();
    putNullable(c, "conditionNumber", kp == null ? null : cov.lambdaMax() / kp);
    c.put("kernelDim", cov.kernelDim());
    c.put("tolerance", cov.tolerance());
    c.set("eigenvalues", Json.array(cov.eigenvaluesAtOptimum()));
    printJson("evaluate", r);
    return ExitCode.OK;
  }

  private static void putNullable(ObjectNode n, String key, @Nullable Double v) {
    if (v == null) {
      n.putNull(key);
    } else {
      n.put(key, v.doubleValue());
    }
  }
}
