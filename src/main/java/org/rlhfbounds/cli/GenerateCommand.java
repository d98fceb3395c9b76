package org.rlhfbounds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Preferences;
import org.rlhfbounds.model.io.InstanceFile;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.model.io.PreferenceFile;
import org.rlhfbounds.model.io.Ranges;
import org.rlhfbounds.model.io.SampleFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rlhf-bounds generate}: writes a generated finite instance ({@link InstanceSpec#finite()})
 * as {@code DIR/instance.json} + {@code DIR/features.npy}, and optionally a sample of it as {@code
 * DIR/sample.json}. The output is a pure function of the options: the same options give the same
 * bytes.
 *
 * <p>The sample, when asked for, is {@code n} prompt indices drawn iid from the instance's (uniform)
 * weights by {@link FiniteDistribution#sampleIndices} with {@code new SplittableRandom(sampleSeed)}.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Generate a finite instance (uniform over M prompts of a feature family) and optionally a"
          + " sample of it.",
      "Writes DIR/instance.json, DIR/features.npy and, with --sample-size, DIR/sample.json."
    })
final class GenerateCommand extends CommandBase {
  @Option(names = "--family", required = true, converter = FamilyConverter.class, paramLabel = "FAMILY", description = "sphere, gaussian, deficient, near-degenerate or sparse")
  private Family family = Family.SPHERE;

  @Option(names = "--prompts", required = true, paramLabel = "M", description = "number of prompts")
  private int prompts;

  @Option(names = "--candidates", required = true, paramLabel = "K", description = "candidates per prompt (the largest K with --min-candidates)")
  private int candidates;

  @Option(names = "--min-candidates", paramLabel = "KMIN", description = "smallest K: each prompt's K is uniform in [KMIN, K] (default: K)")
  private @Nullable Integer minCandidates;

  @Option(names = "--dim", required = true, paramLabel = "d", description = "feature dimension")
  private int dim;

  @Option(names = "--beta", required = true, paramLabel = "BETA", description = "KL weight > 0")
  private double beta;

  @Option(names = "--seed", required = true, paramLabel = "SEED", description = "generator seed")
  private long seed;

  @Option(names = "--param", paramLabel = "P", description = "family parameter: the rank r in [1, d) of deficient (default: max(1, d/2)), the scale s in (0, 1] of near-degenerate (default: 0.01); other families have none")
  private @Nullable Double param;

  @Option(names = "--feature-bound", paramLabel = "B", defaultValue = "1.0", description = "feature bound B: every ||phi(x,a)|| <= B (default: ${DEFAULT-VALUE})")
  private double featureBound = 1.0;

  @Option(names = "--theta-norm", paramLabel = "T", defaultValue = "1.0", description = "||theta*||, direction uniform on the sphere (default: ${DEFAULT-VALUE})")
  private double thetaNorm = 1.0;

  @Option(names = "--wref-norm", paramLabel = "R", defaultValue = "0.5", description = "||w_ref||, direction uniform on the sphere (default: ${DEFAULT-VALUE})")
  private double wRefNorm = 0.5;

  @Option(names = "--sample-size", paramLabel = "N", description = "also write DIR/sample.json with N prompt indices drawn iid (needs --sample-seed; default: no sample)")
  private @Nullable Integer sampleSize;

  @Option(names = "--sample-seed", paramLabel = "SEED2", description = "seed of the sample (required with --sample-size; no default)")
  private @Nullable Long sampleSeed;

  @Option(names = "--preferences", paramLabel = "NP", description = "also write DIR/preferences.json with NP Bradley-Terry comparisons (needs --preferences-seed; default: none)")
  private @Nullable Integer preferenceCount;

  @Option(names = "--preferences-seed", paramLabel = "SEED3", description = "seed of the preference data (required with --preferences; no default)")
  private @Nullable Long preferenceSeed;

  @Option(names = "--pairs", paramLabel = "P", description = "pair policy of the preference data, uniform or reference (default: uniform)")
  private @Nullable String pairs;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
  private Path out = Path.of("");

  @Mixin private Overwrite overwrite = new Overwrite();

  /** Creates the command (picocli instantiates it). */
  GenerateCommand() {}

  @Override
  public Integer call() throws IOException {
    Check.atLeast(prompts, 1, "--prompts");
    Check.atLeast(candidates, 2, "--candidates");
    int kMin = minCandidates == null ? candidates : minCandidates;
    Check.atLeast(kMin, 2, "--min-candidates");
    if (kMin > candidates) {
      throw BadInputException.option(
          "--min-candidates", "must be <= --candidates = " + candidates + ", got " + kMin);
    }
    Check.atLeast(dim, 1, "--dim");
    if ((long) prompts * candidates * dim > Integer.MAX_VALUE - 8) {
      throw BadInputException.option(
          "--prompts",
          "M * K * d = " + (long) prompts * candidates * dim
              + " feature values do not fit in one array (at most 2^31 - 9)");
    }
    Check.positive(beta, "--beta");
    Check.positive(featureBound, "--feature-bound");
    Check.nonNegative(thetaNorm, "--theta-norm");
    Check.nonNegative(wRefNorm, "--wref-norm");
    OptionalDouble p = OptionalDouble.empty();
    Double par = param;
    if (par != null) {
      if (family != Family.DEFICIENT && family != Family.NEAR_DEGENERATE) {
        throw BadInputException.option(
            "--param",
            "the " + familyName(family) + " family has no parameter, got " + par);
      }
      if (!Double.isFinite(par)) {
        throw BadInputException.option("--param", "must be finite, got " + par);
      }
      p = OptionalDouble.of(par);
    }
    Integer n = sampleSize;
    Long seed2 = sampleSeed;
    if (n != null && seed2 == null) {
      throw BadInputException.option("--sample-size", "needs --sample-seed");
    }
    if (n == null && seed2 != null) {
      throw BadInputException.option("--sample-seed", "only makes sense with --sample-size");
    }
    if (n != null) {
      Check.atLeast(n, 1, "--sample-size");
    }
    Integer np = preferenceCount;
    Long seed3 = preferenceSeed;
    if ((np == null) != (seed3 == null)) {
      throw BadInputException.option(np == null ? "--preferences-seed" : "--preferences",
          np == null ? "only makes sense with --preferences" : "needs --preferences-seed");
    }
    Preferences.PairPolicy pairPolicy = Preferences.PairPolicy.UNIFORM;
    String pp = pairs;
    if (pp != null) {
      if (np == null) {
        throw BadInputException.option("--pairs", "only makes sense with --preferences");
      }
      try {
        pairPolicy = Preferences.PairPolicy.parse(pp);
      } catch (IllegalArgumentException e) {
        throw BadInputException.option("--pairs", "expected uniform or reference, got \"" + pp + "\"");
      }
    }
    if (np != null) {
      Check.atLeast(np, 1, "--preferences");
      Check.fitsInMemory(200L * np, "--preferences", np + " comparisons");
    }
    // the features are held about three times (generation, instance, file buffer), the sample's
    // indices about ten times their int size (array, JSON tree and text)
    Check.fitsInMemory(24L * prompts * candidates * dim, "--prompts",
        "M * K * d = " + (long) prompts * candidates * dim + " feature values");
    if (n != null) {
      Check.fitsInMemory(40L * n, "--sample-size", n + " sample indices");
    }

    InstanceSpec spec0 =
        InstanceSpec.of(family, prompts, candidates, dim, beta, seed)
            .withK(kMin, candidates)
            .withNorms(featureBound, thetaNorm, wRefNorm)
            .withParameter(p);
    Instance instance;
    try {
      instance = spec0.finite();
    } catch (IllegalArgumentException e) {
      // InstanceSpec validates the family parameter (deficient rank, near-degenerate scale)
      String m = String.valueOf(e.getMessage());
      throw new BadInputException(m.startsWith("parameter:") ? "--param" + m.substring(9) : m);
    }
    FiniteDistribution dist = instance.finiteDistribution();
    if (dist == null) {
      throw new IllegalStateException("InstanceSpec.finite() returned a generative instance");
    }
    String range =
        Ranges.check(instance.beta(), instance.theta(), instance.wRef(), instance.featureBound());
    if (range != null) {
      throw new BadInputException(
          "--beta, --feature-bound, --theta-norm, --wref-norm: the generated instance's " + range);
    }

    Path json = out.resolve("instance.json");
    Path npy = out.resolve("features.npy");
    Path sampleJson = out.resolve("sample.json");
    List<Path> targets = new ArrayList<>(List.of(json, npy));
    if (n != null) {
      targets.add(sampleJson);
    }
    Path prefJson = out.resolve("preferences.json");
    if (np != null) {
      targets.add(prefJson);
    }
    Check.outputs(out, targets, overwrite.force, "--out");

    // InstanceFile.write writes features.npy before instance.json, each atomically
    int @Nullable [] indices = null;
    if (n != null && seed2 != null) {
      indices = dist.sampleIndices(n, new SplittableRandom(seed2));
    }
    @Nullable Preferences prefs =
        np != null && seed3 != null
            ? Preferences.generate(instance, np, pairPolicy, seed3)
            : null;
    InstanceFile.write(json, instance, "features.npy");
    if (prefs != null) {
      PreferenceFile.write(prefJson, prefs);
    }
    if (indices != null) {
      SampleFile.write(sampleJson, indices);
    } else if (Files.exists(sampleJson)) {
      spec().commandLine()
          .getErr()
          .println(
              "rlhf-bounds generate: warning: "
                  + sampleJson
                  + " was left unchanged and may not match the new instance");
    }

    ObjectNode r = Json.object();
    r.put("instance", json.toString());
    r.put("features", npy.toString());
    if (indices != null) {
      r.put("sample", sampleJson.toString());
    } else {
      r.putNull("sample");
    }
    if (prefs != null) {
      r.put("preferences", prefJson.toString());
    }
    r.put("spec", spec0.toString());
    r.put("prompts", dist.prompts().size());
    r.put("rows", dist.prompts().rows());
    r.put("dim", dist.prompts().dim());
    printJson("generate", r);
    return ExitCode.OK;
  }

  private static String familyName(Family f) {
    return f.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** Parses a family name for picocli. */
  static final class FamilyConverter implements CommandLine.ITypeConverter<Family> {
    @Override
    public Family convert(String value) {
      try {
        return Family.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(String.valueOf(e.getMessage()));
      }
    }
  }
}
