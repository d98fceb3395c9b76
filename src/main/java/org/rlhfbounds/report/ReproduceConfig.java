package org.rlhfbounds.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.io.InstanceFile;
import org.rlhfbounds.model.io.FormatException;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.stability.StabilityBounds;

/**
 * The experiments of {@code rlhf-bounds reproduce} described by a JSON file (format {@code
 * rlhf-bounds.reproduce-config/1}, JSON Schema {@code schemas/reproduce-config.schema.json}):
 * which sections run, the population of each and its sizes. The presets {@code quick} and {@code
 * full} are two such files shipped in the jar ({@code org/rlhfbounds/report/presets/*.json}).
 *
 * <pre>{@code
 * {"format": "rlhf-bounds.reproduce-config/1", "name": "mine", "seed": 7, "resamples": 200,
 *  "sections": ["gap", "optimisation", "coverage", "tightness", "preferences"],
 *  "gap": {"family": "GAUSSIAN", "prompts": 400, "dim": 4, "candidates": 4, "beta": 0.5,
 *          "featureBound": 1, "n": [16, 32, 64], "replicates": 8, "seed": 3},
 *  "optimisation": {"instance": "inst.json", "n": 32, "algorithms": ["GA", "SGA"],
 *                   "gaSteps": [1, 2, 4], "sgaSteps": [4, 8, 16], "replicates": 3,
 *                   "gaStepRule": "auto", "delta": 0.1},
 *  "coverage": {"prompts": 300, "dims": [4, 8], "n": [4, 8, 16], "replicates": 6},
 *  "tightness": {"gaSteps": 20, "sgaSteps": 50, "families": ["SPHERE", "SPARSE"],
 *                "steps": [50, 200], "delta": 0.05},
 *  "preferences": {"prompts": 200, "dim": 4, "candidates": 5, "lambda": 0.05,
 *                  "n": [16, 32, 64], "replicates": 4}}
 * }</pre>
 *
 * <p>{@code format}, {@code name} and {@code resamples} are required; {@code seed} (the master
 * seed) and {@code sections} (the sections that run, each with its block; default every block
 * present) are optional; each of the five sections is optional, at least one runs. A section's
 * population is an {@code instance} file (resolved against the configuration file's folder; then
 * none of {@code family}, {@code prompts}, {@code dim}/{@code dims}, {@code candidates}, {@code
 * beta}, {@code featureBound}) or a generated one: {@code prompts} and {@code dim} ({@code dims} for
 * coverage) required, {@code family} (default SPARSE for coverage, SPHERE otherwise), {@code
 * candidates} (default 4; required for preferences), {@code beta} and {@code featureBound} (default
 * 1) optional. A section's {@code seed} replaces the master seed inside it; {@code delta} (where the
 * section evaluates bounds) defaults to {@link StabilityBounds#DEFAULT_DELTA}; {@code algorithms}
 * defaults to both, and only the algorithms that run take a step grid and GA's {@code gaStepRule}
 * ({@code "auto"}, the default, or a constant step). Every left-out field takes the value the
 * presets use, so a preset reads as it did before these fields existed.
 *
 * <p>Reading is strict: an unknown field (also a field the section does not use), a missing field,
 * a wrong JSON type, a non-integer where an integer is expected, a value out of range ({@code beta},
 * {@code featureBound} or {@code lambda} {@code <= 0}, {@code delta} outside {@code (0, 1)}, {@code
 * K < 2}, sizes below their minimum), an empty grid, a grid that is not strictly increasing, or
 * {@code instance} with a generator field is a {@link FormatException} naming the file, the field
 * (with its index) and the value.
 *
 * <p>Thread-safe: stateless.
 */
public final class ReproduceConfig {
  private ReproduceConfig() {}

  /** The value of the {@code format} field. */
  public static final String FORMAT = "rlhf-bounds.reproduce-config/1";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> SECTIONS =
      List.of("gap", "optimisation", "coverage", "tightness", "preferences");
  private static final List<String> TOP =
      List.of("format", "name", "seed", "resamples", "sections", "gap", "optimisation", "coverage",
          "tightness", "preferences");
  private static final List<String> POPULATION =
      List.of("instance", "family", "prompts", "dim", "candidates", "beta", "featureBound");
  private static final List<String> COVERAGE_POPULATION =
      List.of("instance", "family", "prompts", "candidates", "beta", "featureBound");
  private static final String FAMILIES =
      "one of SPHERE, GAUSSIAN, DEFICIENT, NEAR_DEGENERATE, SPARSE";
  private static final String AUTO = "auto";
  /** The fewest bootstrap resamples a fit accepts ({@link org.rlhfbounds.rates.FitOptions}). */
  private static final int MIN_RESAMPLES = 100;
  private static final int MAX_PROMPTS = 1_000_000;
  private static final int MAX_DIM = 1024;
  private static final int MAX_N = 1_000_000;
  private static final int MAX_STEPS = 10_000_000;
  private static final int MAX_REPLICATES = 100_000;
  private static final int MAX_CANDIDATES = 1024;

  /**
   * Reads a configuration file.
   *
   * @param file the JSON file
   * @return the configuration, its source the file's name
   * @throws FormatException if the file is not a valid configuration (naming file and field)
   * @throws IOException if it cannot be read
   */
  public static Reproduce.Config read(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    return parse(Json.readObject(file), file.toString(), dir == null ? Path.of("") : dir);
  }

  /**
   * One of the configurations shipped in the jar.
   *
   * @param name {@code quick} or {@code full}
   * @return the configuration
   * @throws IllegalArgumentException if there is no such preset
   * @throws IllegalStateException if the shipped file is unreadable or invalid (a broken build)
   */
  public static Reproduce.Config builtIn(String name) {
    if (!name.equals("quick") && !name.equals("full")) {
      throw new IllegalArgumentException("name: no built-in configuration '" + name + "'; expected quick or full");
    }
    String resource = "presets/" + name + ".json";
    String label = "built-in " + name + " (org/rlhfbounds/report/" + resource + ")";
    try (InputStream in = ReproduceConfig.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(label + " is missing from the class path");
      }
      JsonNode root = MAPPER.readTree(in);
      if (root == null || !root.isObject()) {
        throw new IllegalStateException(label + " does not hold a JSON object");
      }
      return parse((ObjectNode) root, label, Path.of(""));
    } catch (IOException e) {
      throw new IllegalStateException(label + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a configuration from JSON text (for tests and for configurations held in memory).
   *
   * @param text the JSON text
   * @param source the name given in error messages and recorded in the report
   * @return the configuration
   * @throws FormatException if the text is not a valid configuration
   */
  public static Reproduce.Config parse(String text, String source) throws FormatException {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new FormatException(source, "", "invalid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new FormatException(source, "", "expected a JSON object at the top level");
    }
    return parse((ObjectNode) root, source, Path.of(""));
  }

  private static Reproduce.Config parse(ObjectNode root, String file, Path base)
      throws FormatException {
    allowOnly(root, "", TOP, file);
    JsonNode format = require(root, "", "format", file);
    if (!format.isTextual() || !format.asText().equals(FORMAT)) {
      throw new FormatException(file, "format", "expected \"" + FORMAT + "\", got " + format);
    }
    JsonNode nameNode = require(root, "", "name", file);
    if (!nameNode.isTextual() || nameNode.asText().isBlank()) {
      throw new FormatException(file, "name", "expected a non-empty string, got " + nameNode);
    }
    String name = nameNode.asText();
    OptionalLong seed = OptionalLong.empty();
    JsonNode seedNode = root.get("seed");
    if (seedNode != null) {
      if (!seedNode.isIntegralNumber() || !seedNode.canConvertToLong()) {
        throw new FormatException(file, "seed", "expected an integer (64-bit), got " + seedNode);
      }
      seed = OptionalLong.of(seedNode.asLong());
    }
    int resamples =
        integer(require(root, "", "resamples", file), "resamples", MIN_RESAMPLES, 100_000, file);
    Sections sections = new Sections(root, file);
    GapExperiment.@Nullable Config gap = null;
    OptimisationExperiment.@Nullable Config opt = null;
    CoverageExperiment.@Nullable Config cov = null;
    TightnessExperiment.@Nullable Config tight = null;
    PreferenceExperiment.@Nullable Config pref = null;
    JsonNode g = root.get("gap");
    if (g != null) {
      ObjectNode o =
          section(g, "gap", concat(POPULATION, "n", "replicates", "seed"), file);
      GapExperiment.Config c =
          new GapExperiment.Config(
              population(o, "gap.", GapExperiment.FAMILY, GapExperiment.CANDIDATES, true, base,
                  file),
              sizes(o, "gap.", "n", 2, MAX_N, 2, file),
              integer(o, "gap.", "replicates", 2, MAX_REPLICATES, file),
              seed(o, "gap.", file));
      gap = sections.runs("gap") ? c : null;
    }
    JsonNode op = root.get("optimisation");
    if (op != null) {
      ObjectNode o =
          section(op, "optimisation",
              concat(POPULATION, "n", "algorithms", "gaSteps", "sgaSteps", "replicates",
                  "gaStepRule", "seed", "delta"),
              file);
      List<Algorithm> algs = algorithms(o, "optimisation.", file);
      boolean ga = algs.contains(Algorithm.GA);
      boolean sga = algs.contains(Algorithm.SGA);
      OptimisationExperiment.Config c =
          new OptimisationExperiment.Config(
              population(o, "optimisation.", OptimisationExperiment.FAMILY,
                  OptimisationExperiment.CANDIDATES, true, base, file),
              integer(o, "optimisation.", "n", 2, MAX_N, file),
              algs,
              ga ? sizes(o, "optimisation.", "gaSteps", 1, MAX_STEPS, 2, file)
                  : unused(o, "optimisation.", "gaSteps", "GA does not run", file),
              sga ? sizes(o, "optimisation.", "sgaSteps", 1, MAX_STEPS, 2, file)
                  : unused(o, "optimisation.", "sgaSteps", "SGA does not run", file),
              integer(o, "optimisation.", "replicates", 2, MAX_REPLICATES, file),
              ga ? stepRule(o, "optimisation.", "gaStepRule", file)
                  : unusedRule(o, "optimisation.", file),
              seed(o, "optimisation.", file),
              delta(o, "optimisation.", file));
      opt = sections.runs("optimisation") ? c : null;
    }
    JsonNode cv = root.get("coverage");
    if (cv != null) {
      ObjectNode o =
          section(cv, "coverage", concat(COVERAGE_POPULATION, "dims", "n", "replicates", "seed"),
              file);
      Population pop =
          population(o, "coverage.", CoverageExperiment.FAMILY, CoverageExperiment.CANDIDATES,
              false, base, file);
      Sizes dims =
          pop.isGenerated()
              ? sizes(o, "coverage.", "dims", 1, MAX_DIM, 1, file)
              : unused(o, "coverage.", "dims", "the instance file fixes the dimension", file);
      int[] d = dims.values();
      CoverageExperiment.Config c =
          new CoverageExperiment.Config(
              pop.isGenerated() ? pop.withDim(d.length > 0 ? d[0] : 1) : pop,
              pop.isGenerated() ? dims : Sizes.of(pop.dim()),
              sizes(o, "coverage.", "n", 2, MAX_N, 2, file),
              integer(o, "coverage.", "replicates", 2, MAX_REPLICATES, file),
              seed(o, "coverage.", file));
      cov = sections.runs("coverage") ? c : null;
    }
    JsonNode t = root.get("tightness");
    if (t != null) {
      ObjectNode o =
          section(
              t, "tightness", List.of("gaSteps", "sgaSteps", "families", "steps", "seed", "delta"),
              file);
      TightnessExperiment.Config c =
          new TightnessExperiment.Config(
              integer(o, "tightness.", "gaSteps", 1, MAX_STEPS, file),
              integer(o, "tightness.", "sgaSteps", 1, MAX_STEPS, file),
              o.has("families")
                  ? families(o, "tightness.families", file)
                  : TightnessExperiment.Config.FAMILIES,
              o.has("steps")
                  ? sizes(o, "tightness.", "steps", 1, MAX_STEPS, 1, file)
                  : TightnessExperiment.Config.STEPS,
              seed(o, "tightness.", file),
              delta(o, "tightness.", file));
      tight = sections.runs("tightness") ? c : null;
    }
    JsonNode pr = root.get("preferences");
    if (pr != null) {
      ObjectNode o =
          section(pr, "preferences",
              concat(POPULATION, "lambda", "n", "replicates", "seed", "delta"), file);
      PreferenceExperiment.Config c =
          new PreferenceExperiment.Config(
              population(o, "preferences.", PreferenceExperiment.FAMILY, null, true, base, file),
              positive(require(o, "preferences.", "lambda", file), "preferences.lambda", file),
              sizes(o, "preferences.", "n", 2, MAX_N, 2, file),
              integer(o, "preferences.", "replicates", 2, MAX_REPLICATES, file),
              seed(o, "preferences.", file),
              delta(o, "preferences.", file));
      pref = sections.runs("preferences") ? c : null;
    }
    if (gap == null && opt == null && cov == null && tight == null && pref == null) {
      throw new FormatException(
          file, "",
          "no section to run; give at least one of gap, optimisation, coverage, tightness, preferences");
    }
    return new Reproduce.Config(name, resamples, seed, file, gap, opt, cov, tight, pref);
  }

  /**
   * The configuration as JSON in the file format, every field spelled out (recorded in the
   * report's run block): the defaults a file may leave out are written, except a section's {@code
   * seed}, which is written only when the section fixes its own (else the section runs on the
   * master seed, the report's {@code seed} setting).
   *
   * @param c the configuration
   * @return the JSON object
   */
  public static ObjectNode toJson(Reproduce.Config c) {
    ObjectNode o = Json.object();
    o.put("format", FORMAT);
    o.put("name", c.name());
    OptionalLong seed = c.seed();
    if (seed.isPresent()) {
      o.put("seed", seed.getAsLong());
    }
    o.put("resamples", c.resamples());
    ArrayNode names = o.putArray("sections");
    GapExperiment.@Nullable Config g = c.gap();
    if (g != null) {
      names.add("gap");
      ObjectNode s = o.putObject("gap");
      population(s, g.population());
      s.set("n", Json.array(g.ns().values()));
      s.put("replicates", g.replicates());
      seed(s, g.seed());
    }
    OptimisationExperiment.@Nullable Config op = c.optimisation();
    if (op != null) {
      names.add("optimisation");
      ObjectNode s = o.putObject("optimisation");
      population(s, op.population());
      s.put("n", op.n());
      ArrayNode a = s.putArray("algorithms");
      for (Algorithm alg : op.algorithms()) {
        a.add(alg.name());
      }
      if (op.algorithms().contains(Algorithm.GA)) {
        s.set("gaSteps", Json.array(op.gaSteps().values()));
      }
      if (op.algorithms().contains(Algorithm.SGA)) {
        s.set("sgaSteps", Json.array(op.sgaSteps().values()));
      }
      s.put("replicates", op.replicates());
      if (op.algorithms().contains(Algorithm.GA)) {
        OptionalDouble eta = op.gaEta();
        if (eta.isPresent()) {
          s.put("gaStepRule", eta.getAsDouble());
        } else {
          s.put("gaStepRule", AUTO);
        }
      }
      seed(s, op.seed());
      s.put("delta", op.delta());
    }
    CoverageExperiment.@Nullable Config cv = c.coverage();
    if (cv != null) {
      names.add("coverage");
      ObjectNode s = o.putObject("coverage");
      Population pop = cv.population();
      population(s, pop);
      if (pop.isGenerated()) {
        s.remove("dim");
        s.set("dims", Json.array(cv.dims().values()));
      }
      s.set("n", Json.array(cv.ns().values()));
      s.put("replicates", cv.replicates());
      seed(s, cv.seed());
    }
    TightnessExperiment.@Nullable Config t = c.tightness();
    if (t != null) {
      names.add("tightness");
      ObjectNode s = o.putObject("tightness");
      s.put("gaSteps", t.gaSteps());
      s.put("sgaSteps", t.sgaSteps());
      ArrayNode fam = s.putArray("families");
      for (Family f : t.families()) {
        fam.add(f.name());
      }
      s.set("steps", Json.array(t.steps().values()));
      seed(s, t.seed());
      s.put("delta", t.delta());
    }
    PreferenceExperiment.@Nullable Config p = c.preferences();
    if (p != null) {
      names.add("preferences");
      ObjectNode s = o.putObject("preferences");
      population(s, p.population());
      s.put("lambda", p.lambda());
      s.set("n", Json.array(p.ns().values()));
      s.put("replicates", p.replicates());
      seed(s, p.seed());
      s.put("delta", p.delta());
    }
    return o;
  }

  private static void population(ObjectNode s, Population p) {
    String f = p.file();
    if (f != null) {
      s.put("instance", f);
      return;
    }
    s.put("family", p.family().name());
    s.put("prompts", p.prompts());
    s.put("dim", p.dim());
    s.put("candidates", p.candidates());
    s.put("beta", p.beta());
    s.put("featureBound", p.featureBound());
  }

  private static void seed(ObjectNode s, OptionalLong seed) {
    if (seed.isPresent()) {
      s.put("seed", seed.getAsLong());
    }
  }

  /** The {@code sections} list: which of the blocks run (all present ones when absent). */
  private static final class Sections {
    private final @Nullable List<String> listed;

    Sections(ObjectNode root, String file) throws FormatException {
      JsonNode n = root.get("sections");
      if (n == null) {
        listed = null;
        return;
      }
      if (!n.isArray() || n.size() == 0) {
        throw new FormatException(
            file, "sections", "expected a non-empty array of section names, got " + describe(n));
      }
      List<String> l = new ArrayList<>();
      int i = 0;
      for (JsonNode e : n) {
        String field = "sections[" + i + "]";
        if (!e.isTextual() || !SECTIONS.contains(e.asText())) {
          throw new FormatException(
              file, field, "expected one of " + String.join(", ", SECTIONS) + ", got "
                  + describe(e));
        }
        String name = e.asText();
        if (l.contains(name)) {
          throw new FormatException(file, field, "\"" + name + "\" is listed twice");
        }
        if (root.get(name) == null) {
          throw new FormatException(
              file, field, "\"" + name + "\" has no block of its own in the file");
        }
        l.add(name);
        i++;
      }
      listed = l;
    }

    boolean runs(String name) {
      List<String> l = listed;
      return l == null || l.contains(name);
    }
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> l = new ArrayList<>(head);
    l.addAll(List.of(tail));
    return l;
  }

  /**
   * The population of a section: an instance file ({@code instance}, then none of the generator
   * fields) or a family with its sizes.
   */
  private static Population population(
      ObjectNode o,
      String prefix,
      Family defaultFamily,
      @Nullable Integer defaultCandidates,
      boolean dimRequired,
      Path base,
      String file)
      throws FormatException {
    JsonNode inst = o.get("instance");
    if (inst != null) {
      for (String k : List.of("family", "prompts", "dim", "dims", "candidates", "beta",
          "featureBound")) {
        if (o.get(k) != null) {
          throw new FormatException(
              file, prefix + k,
              "not with " + prefix + "instance (the instance file fixes it), got "
                  + describe(o.get(k)));
        }
      }
      if (!inst.isTextual() || inst.asText().isBlank()) {
        throw new FormatException(
            file, prefix + "instance", "expected the path of an instance file, got "
                + describe(inst));
      }
      String given = inst.asText();
      Path path = base.resolve(given);
      if (!Files.isRegularFile(path)) {
        throw new FormatException(file, prefix + "instance", "no such file: " + path);
      }
      try {
        return Population.of(given, InstanceFile.read(path));
      } catch (FormatException e) {
        throw e;
      } catch (IOException e) {
        throw new FormatException(
            file, prefix + "instance", "cannot read " + path + ": " + e.getMessage());
      }
    }
    Family family = defaultFamily;
    JsonNode f = o.get("family");
    if (f != null) {
      if (!f.isTextual()) {
        throw new FormatException(file, prefix + "family", "expected " + FAMILIES + ", got "
            + describe(f));
      }
      try {
        family = Family.valueOf(f.asText());
      } catch (IllegalArgumentException e) {
        throw new FormatException(file, prefix + "family", "expected " + FAMILIES + ", got "
            + describe(f));
      }
    }
    int prompts = integer(o, prefix, "prompts", 2, MAX_PROMPTS, file);
    int dim = dimRequired ? integer(o, prefix, "dim", 1, MAX_DIM, file) : 1;
    JsonNode k = o.get("candidates");
    int candidates;
    if (k == null && defaultCandidates != null) {
      candidates = defaultCandidates;
    } else {
      candidates = integer(o, prefix, "candidates", 2, MAX_CANDIDATES, file);
    }
    JsonNode b = o.get("beta");
    double beta = b == null ? 1.0 : positive(b, prefix + "beta", file);
    JsonNode fb = o.get("featureBound");
    double bound = fb == null ? 1.0 : positive(fb, prefix + "featureBound", file);
    return Population.generated(family, prompts, candidates, dim, beta, bound);
  }

  private static OptionalLong seed(ObjectNode o, String prefix, String file)
      throws FormatException {
    JsonNode n = o.get("seed");
    if (n == null) {
      return OptionalLong.empty();
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new FormatException(file, prefix + "seed", "expected an integer (64-bit), got "
          + describe(n));
    }
    return OptionalLong.of(n.asLong());
  }

  private static double delta(ObjectNode o, String prefix, String file) throws FormatException {
    JsonNode n = o.get("delta");
    if (n == null) {
      return StabilityBounds.DEFAULT_DELTA;
    }
    if (!n.isNumber()) {
      throw new FormatException(file, prefix + "delta", "expected a number, got " + describe(n));
    }
    double v = n.asDouble();
    if (!(v > 0 && v < 1)) {
      throw new FormatException(
          file, prefix + "delta", "must lie strictly between 0 and 1, got " + describe(n));
    }
    return v;
  }

  private static List<Algorithm> algorithms(ObjectNode o, String prefix, String file)
      throws FormatException {
    JsonNode n = o.get("algorithms");
    String field = prefix + "algorithms";
    if (n == null) {
      return OptimisationExperiment.ALGORITHMS;
    }
    if (!n.isArray() || n.size() == 0) {
      throw new FormatException(
          file, field, "expected a non-empty array of \"GA\" and \"SGA\", got " + describe(n));
    }
    List<Algorithm> got = new ArrayList<>();
    int i = 0;
    for (JsonNode e : n) {
      Algorithm a =
          e.isTextual() && e.asText().equals("GA") ? Algorithm.GA
              : e.isTextual() && e.asText().equals("SGA") ? Algorithm.SGA : null;
      if (a == null) {
        throw new FormatException(
            file, field + "[" + i + "]", "expected \"GA\" or \"SGA\", got " + describe(e));
      }
      if (got.contains(a)) {
        throw new FormatException(file, field + "[" + i + "]", a + " is listed twice");
      }
      got.add(a);
      i++;
    }
    List<Algorithm> ordered = new ArrayList<>();
    for (Algorithm a : OptimisationExperiment.ALGORITHMS) {
      if (got.contains(a)) {
        ordered.add(a);
      }
    }
    return ordered;
  }

  private static OptionalDouble stepRule(ObjectNode o, String prefix, String key, String file)
      throws FormatException {
    JsonNode n = o.get(key);
    if (n == null || (n.isTextual() && n.asText().equals(AUTO))) {
      return OptionalDouble.empty();
    }
    if (!n.isNumber()) {
      throw new FormatException(
          file, prefix + key, "expected \"auto\" or a number > 0, got " + describe(n));
    }
    return OptionalDouble.of(positive(n, prefix + key, file));
  }

  private static OptionalDouble unusedRule(ObjectNode o, String prefix, String file)
      throws FormatException {
    unused(o, prefix, "gaStepRule", "GA does not run", file);
    return OptionalDouble.empty();
  }

  /** An empty grid for a field the section does not use; refused when given. */
  private static Sizes unused(ObjectNode o, String prefix, String key, String why, String file)
      throws FormatException {
    JsonNode n = o.get(key);
    if (n != null) {
      throw new FormatException(file, prefix + key, "not used: " + why + ", got " + describe(n));
    }
    return Sizes.of();
  }

  private static ObjectNode section(JsonNode n, String field, List<String> keys, String file)
      throws FormatException {
    if (!n.isObject()) {
      throw new FormatException(file, field, "expected an object, got " + describe(n));
    }
    ObjectNode o = (ObjectNode) n;
    allowOnly(o, field + ".", keys, file);
    return o;
  }

  private static void allowOnly(ObjectNode node, String prefix, List<String> allowed, String file)
      throws FormatException {
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new FormatException(
            file, prefix + k, "unknown field; expected " + String.join(", ", allowed));
      }
    }
  }

  private static JsonNode require(ObjectNode node, String prefix, String key, String file)
      throws FormatException {
    JsonNode v = node.get(key);
    if (v == null) {
      throw new FormatException(file, prefix + key, "missing field");
    }
    return v;
  }

  private static int integer(ObjectNode o, String prefix, String key, int min, int max, String file)
      throws FormatException {
    return integer(require(o, prefix, key, file), prefix + key, min, max, file);
  }

  private static int integer(JsonNode n, String field, int min, int max, String file)
      throws FormatException {
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new FormatException(file, field, "expected an integer, got " + describe(n));
    }
    int v = n.asInt();
    if (v < min || v > max) {
      throw new FormatException(file, field, "must lie in [" + min + ", " + max + "], got " + v);
    }
    return v;
  }

  private static double positive(JsonNode n, String field, String file) throws FormatException {
    if (!n.isNumber()) {
      throw new FormatException(file, field, "expected a number, got " + describe(n));
    }
    double v = n.asDouble();
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new FormatException(file, field, "must be positive and finite, got " + describe(n));
    }
    return v;
  }

  private static Sizes sizes(
      ObjectNode o, String prefix, String key, int min, int max, int minLength, String file)
      throws FormatException {
    String field = prefix + key;
    JsonNode n = require(o, prefix, key, file);
    if (!n.isArray()) {
      throw new FormatException(file, field, "expected an array of integers, got " + describe(n));
    }
    ArrayNode a = (ArrayNode) n;
    if (a.size() < minLength) {
      throw new FormatException(
          file, field, "needs at least " + minLength + " values, got " + a.size());
    }
    List<Integer> v = new ArrayList<>();
    int previous = Integer.MIN_VALUE;
    int i = 0;
    for (JsonNode e : a) {
      int x = integer(e, field + "[" + i + "]", min, max, file);
      if (x <= previous) {
        throw new FormatException(
            file, field + "[" + i + "]",
            "must be larger than the value before it (" + previous + "), got " + x);
      }
      previous = x;
      v.add(x);
      i++;
    }
    return Sizes.of(v.stream().mapToInt(Integer::intValue).toArray());
  }

  /** A non-empty array of distinct family names ({@link Family}). */
  private static List<Family> families(ObjectNode o, String field, String file)
      throws FormatException {
    JsonNode n = o.get("families");
    if (n == null || !n.isArray() || n.size() == 0) {
      throw new FormatException(file, field, "expected a non-empty array of family names, got "
          + (n == null ? "nothing" : describe(n)));
    }
    List<Family> out = new ArrayList<>();
    int i = 0;
    for (JsonNode e : n) {
      String name = e.isTextual() ? e.asText() : "";
      @Nullable Family f = null;
      for (Family c : Family.values()) {
        if (c.name().equals(name)) {
          f = c;
        }
      }
      if (f == null || out.contains(f)) {
        throw new FormatException(file, field + "[" + i + "]",
            (f == null ? "expected one of " + java.util.Arrays.toString(Family.values())
                : "repeats a family") + ", got " + describe(e));
      }
      out.add(f);
      i++;
    }
    return out;
  }

  private static String describe(JsonNode n) {
    String t = n.toString();
    return t.length() > 40 ? t.substring(0, 40) + "..." : t;
  }
}
