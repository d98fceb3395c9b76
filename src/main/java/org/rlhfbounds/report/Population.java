package org.rlhfbounds.report;

import static org.rlhfbounds.report.ExperimentSupport.fmt;

import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;

/**
 * The finite population one experiment of {@code reproduce} runs on: either a generator family
 * with its sizes ({@code M} prompts, {@code K} candidates, dimension {@code d}, KL weight {@code
 * beta}, feature bound {@code B}; {@code ||theta*|| = 1} and {@code ||w_ref|| = 0.5}, the defaults
 * of {@link InstanceSpec#of}), drawn afresh from the seed the experiment derives, or an instance
 * file read once when the configuration is read (then the sizes are the file's).
 *
 * <p>Thread-safe: immutable ({@link Instance} is immutable).
 *
 * @param family the generator family (for a file: unused, {@link Family#SPHERE})
 * @param prompts M
 * @param candidates K
 * @param dim d
 * @param beta the KL weight, {@code > 0}
 * @param featureBound B, {@code > 0}
 * @param file the instance file as given, or null for a generated population
 * @param instance the instance read from {@code file}, or null for a generated population
 */
record Population(
    Family family,
    int prompts,
    int candidates,
    int dim,
    double beta,
    double featureBound,
    @Nullable String file,
    @Nullable Instance instance) {

  /**
   * A generated population.
   *
   * @param family the family
   * @param prompts M
   * @param candidates K
   * @param dim d
   * @param beta the KL weight
   * @param featureBound B
   * @return the population
   */
  static Population generated(
      Family family, int prompts, int candidates, int dim, double beta, double featureBound) {
    return new Population(family, prompts, candidates, dim, beta, featureBound, null, null);
  }

  /**
   * The population of an instance file.
   *
   * @param file the path as given (recorded in the report)
   * @param inst the instance read from it (finite)
   * @return the population, its sizes those of the instance
   * @throws IllegalArgumentException if the instance has no finite population
   */
  static Population of(String file, Instance inst) {
    Features f = ExperimentSupport.population(inst).prompts();
    return new Population(
        Family.SPHERE, f.size(), f.maxCandidates(), inst.dim(), inst.beta(), inst.featureBound(),
        file, inst);
  }

  /**
   * Whether the population is drawn from a family (not read from a file).
   *
   * @return true for a generated population
   */
  boolean isGenerated() {
    return instance == null;
  }

  /**
   * This population with another dimension (a generated one; a file keeps its own).
   *
   * @param d the dimension
   * @return the population
   */
  Population withDim(int d) {
    return isGenerated() ? generated(family, prompts, candidates, d, beta, featureBound) : this;
  }

  /**
   * The instance: the file's, or the family's first {@code M} prompts drawn with {@code seed}.
   *
   * @param seed the seed of the generator (ignored for a file)
   * @return the finite instance
   */
  Instance instance(long seed) {
    Instance inst = instance;
    if (inst != null) {
      return inst;
    }
    return InstanceSpec.of(family, prompts, candidates, dim, beta, seed)
        .withNorms(featureBound, 1.0, 0.5)
        .finite();
  }

  /**
   * The population in words for the settings of a section, e.g. {@code SPHERE, M = 2000, K = 4, d
   * = 8, beta = 1} or {@code instance inst.json, M = 300, K = 6, d = 10, beta = 0.5}; the feature
   * bound is left to the caller.
   *
   * @return the text
   */
  String head() {
    String what = isGenerated() ? family.name() : "instance " + file;
    return String.format(
        Locale.ROOT, "%s, M = %d, K = %d, d = %d, beta = %s", what, prompts, candidates, dim,
        fmt(beta));
  }
}
