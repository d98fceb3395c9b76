package org.rlhfbounds.report;

import static org.rlhfbounds.report.ConfigFields.AUTO;
import static org.rlhfbounds.report.ConfigFields.MAX_DIM;
import static org.rlhfbounds.report.ConfigFields.algorithms;
import static org.rlhfbounds.report.ConfigFields.allowOnly;
import static org.rlhfbounds.report.ConfigFields.delta;
import static org.rlhfbounds.report.ConfigFields.describe;
import static org.rlhfbounds.report.ConfigFields.families;
import static org.rlhfbounds.report.ConfigFields.integer;
import static org.rlhfbounds.report.ConfigFields.population;
import static org.rlhfbounds.report.ConfigFields.positive;
import static org.rlhfbounds.report.ConfigFields.require;
import static org.rlhfbounds.report.ConfigFields.section;
import static org.rlhfbounds.report.ConfigFields.seed;
import static org.rlhfbounds.report.ConfigFields.sizes;
import static org.rlhfbounds.report.ConfigFields.stepRule;
import static org.rlhfbounds.report.ConfigFields.unused;
import static org.rlhfbounds.report.ConfigFields.unusedRule;


import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.model.Family;
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
  /** The fewest bootstrap resamples a fit accepts ({@link org.rlhfbounds.rates.FitOptions}). */
  private static final int MIN_RESAMPLES = 100;
  private static final int MAX_N = 1_000_000;
  private static final int MAX_STEPS = 10_000_000;
  private static final int MAX_REPLICATES = 100_000;

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
    return parse(text, source, Path.of(""));
  }

  /**
   * Reads a configuration from JSON text whose {@code instance} files are relative to {@code
   * base} (as a file's are to its folder): the text a run recorded, read again elsewhere.
   *
   * @param text the JSON text
   * @param source the name given in error messages and recorded in the report
   * @param base the folder {@code instance} files are resolved against
   * @return the configuration
   * @throws FormatException if the text is not a valid configuration
   */
  public static Reproduce.Config parse(String text, String source, Path base)
      throws FormatException {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new FormatException(source, "", "invalid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new FormatException(source, "", "expected a JSON object at the top level");
    }
    return parse((ObjectNode) root, source, base);
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
      writePopulation(s, g.population());
      s.set("n", Json.array(g.ns().values()));
      s.put("replicates", g.replicates());
      writeSeed(s, g.seed());
    }
    OptimisationExperiment.@Nullable Config op = c.optimisation();
    if (op != null) {
      names.add("optimisation");
      ObjectNode s = o.putObject("optimisation");
      writePopulation(s, op.population());
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
      writeSeed(s, op.seed());
      s.put("delta", op.delta());
    }
    CoverageExperiment.@Nullable Config cv = c.coverage();
    if (cv != null) {
      names.add("coverage");
      ObjectNode s = o.putObject("coverage");
      Population pop = cv.population();
      writePopulation(s, pop);
      if (pop.isGenerated()) {
        s.remove("dim");
        s.set("dims", Json.array(cv.dims().values()));
      }
      s.set("n", Json.array(cv.ns().values()));
      s.put("replicates", cv.replicates());
      writeSeed(s, cv.seed());
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
      writeSeed(s, t.seed());
      s.put("delta", t.delta());
    }
    PreferenceExperiment.@Nullable Config p = c.preferences();
    if (p != null) {
      names.add("preferences");
      ObjectNode s = o.putObject("preferences");
      writePopulation(s, p.population());
      s.put("lambda", p.lambda());
      s.set("n", Json.array(p.ns().values()));
      s.put("replicates", p.replicates());
      writeSeed(s, p.seed());
      s.put("delta", p.delta());
    }
    return o;
  }

  private static void writePopulation(ObjectNode s, Population p) {
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

  private static void writeSeed(ObjectNode s, OptionalLong seed) {
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

}
