package org.rlhfbounds.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.io.FormatException;
import org.rlhfbounds.model.io.Json;

/**
 * The experiments of {@code rlhf-bounds reproduce} described by a JSON file (format {@code
 * rlhf-bounds.reproduce-config/1}, JSON Schema {@code schemas/reproduce-config.schema.json}):
 * which sections run, and the sizes of each. The presets {@code quick} and {@code full} are two
 * such files shipped in the jar ({@code org/rlhfbounds/report/presets/*.json}).
 *
 * <pre>{@code
 * {"format": "rlhf-bounds.reproduce-config/1", "name": "mine", "seed": 7, "resamples": 200,
 *  "gap": {"prompts": 400, "dim": 4, "n": [16, 32, 64], "replicates": 8},
 *  "optimisation": {"prompts": 200, "dim": 4, "n": 32, "gaSteps": [1, 2, 4],
 *                   "sgaSteps": [4, 8, 16], "replicates": 3},
 *  "coverage": {"prompts": 300, "dims": [4, 8], "n": [4, 8, 16], "replicates": 6},
 *  "tightness": {"gaSteps": 20, "sgaSteps": 50, "families": ["SPHERE", "SPARSE"],
 *                "steps": [50, 200]},
 *  "preferences": {"prompts": 200, "dim": 4, "candidates": 5, "lambda": 0.05,
 *                  "n": [16, 32, 64], "replicates": 4}}
 * }</pre>
 *
 * <p>{@code format}, {@code name} and {@code resamples} are required, {@code seed} (the master
 * seed) is optional, and each of the five sections is optional, at least one given; a section
 * runs with exactly the fields shown, all required. Reading is strict: an unknown field, a missing
 * field, a wrong JSON type, a non-integer where an integer is expected, a value out of range or a
 * grid that is not strictly increasing is a {@link FormatException} naming the file, the field
 * (with its index) and the value.
 *
 * <p>Thread-safe: stateless.
 */
public final class ReproduceConfig {
  private ReproduceConfig() {}

  /** The value of the {@code format} field. */
  public static final String FORMAT = "rlhf-bounds.reproduce-config/1";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> TOP =
      List.of("format", "name", "seed", "resamples", "gap", "optimisation", "coverage", "tightness",
          "preferences");
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
    return parse(Json.readObject(file), file.toString());
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
      return parse((ObjectNode) root, label);
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
    return parse((ObjectNode) root, source);
  }

  private static Reproduce.Config parse(ObjectNode root, String file) throws FormatException {
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
    int resamples = integer(require(root, "", "resamples", file), "resamples", 10, 100_000, file);
    GapExperiment.@Nullable Config gap = null;
    OptimisationExperiment.@Nullable Config opt = null;
    CoverageExperiment.@Nullable Config cov = null;
    TightnessExperiment.@Nullable Config tight = null;
    JsonNode g = root.get("gap");
    if (g != null) {
      ObjectNode o = section(g, "gap", List.of("prompts", "dim", "n", "replicates"), file);
      gap =
          new GapExperiment.Config(
              integer(o, "gap.", "prompts", 2, MAX_PROMPTS, file),
              integer(o, "gap.", "dim", 1, MAX_DIM, file),
              sizes(o, "gap.", "n", 2, MAX_N, 2, file),
              integer(o, "gap.", "replicates", 2, MAX_REPLICATES, file));
    }
    JsonNode op = root.get("optimisation");
    if (op != null) {
      ObjectNode o =
          section(op, "optimisation",
              List.of("prompts", "dim", "n", "gaSteps", "sgaSteps", "replicates"), file);
      opt =
          new OptimisationExperiment.Config(
              integer(o, "optimisation.", "prompts", 2, MAX_PROMPTS, file),
              integer(o, "optimisation.", "dim", 1, MAX_DIM, file),
              integer(o, "optimisation.", "n", 2, MAX_N, file),
              sizes(o, "optimisation.", "gaSteps", 1, MAX_STEPS, 2, file),
              sizes(o, "optimisation.", "sgaSteps", 1, MAX_STEPS, 2, file),
              integer(o, "optimisation.", "replicates", 2, MAX_REPLICATES, file));
    }
    JsonNode c = root.get("coverage");
    if (c != null) {
      ObjectNode o = section(c, "coverage", List.of("prompts", "dims", "n", "replicates"), file);
      cov =
          new CoverageExperiment.Config(
              integer(o, "coverage.", "prompts", 2, MAX_PROMPTS, file),
              sizes(o, "coverage.", "dims", 1, MAX_DIM, 1, file),
              sizes(o, "coverage.", "n", 2, MAX_N, 2, file),
              integer(o, "coverage.", "replicates", 2, MAX_REPLICATES, file));
    }
    JsonNode t = root.get("tightness");
    if (t != null) {
      ObjectNode o =
          section(t, "tightness", List.of("gaSteps", "sgaSteps", "families", "steps"), file);
      tight =
          new TightnessExperiment.Config(
              integer(o, "tightness.", "gaSteps", 1, MAX_STEPS, file),
              integer(o, "tightness.", "sgaSteps", 1, MAX_STEPS, file),
              o.has("families")
                  ? families(o, "tightness.families", file)
                  : TightnessExperiment.Config.FAMILIES,
              o.has("steps")
                  ? sizes(o, "tightness.", "steps", 1, MAX_STEPS, 1, file)
                  : TightnessExperiment.Config.STEPS);
    }
    PreferenceExperiment.@Nullable Config pref = null;
    JsonNode pr = root.get("preferences");
    if (pr != null) {
      ObjectNode o =
          section(pr, "preferences",
              List.of("prompts", "dim", "candidates", "lambda", "n", "replicates"), file);
      pref =
          new PreferenceExperiment.Config(
              integer(o, "preferences.", "prompts", 2, MAX_PROMPTS, file),
              integer(o, "preferences.", "dim", 1, MAX_DIM, file),
              integer(o, "preferences.", "candidates", 2, MAX_CANDIDATES, file),
              positive(require(o, "preferences.", "lambda", file), "preferences.lambda", file),
              sizes(o, "preferences.", "n", 2, MAX_N, 2, file),
              integer(o, "preferences.", "replicates", 2, MAX_REPLICATES, file));
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
   * report's run block).
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
    GapExperiment.@Nullable Config g = c.gap();
    if (g != null) {
      ObjectNode s = o.putObject("gap");
      s.put("prompts", g.prompts());
      s.put("dim", g.dim());
      s.set("n", Json.array(g.ns().values()));
      s.put("replicates", g.replicates());
    }
    OptimisationExperiment.@Nullable Config op = c.optimisation();
    if (op != null) {
      ObjectNode s = o.putObject("optimisation");
      s.put("prompts", op.prompts());
      s.put("dim", op.dim());
      s.put("n", op.n());
      s.set("gaSteps", Json.array(op.gaSteps().values()));
      s.set("sgaSteps", Json.array(op.sgaSteps().values()));
      s.put("replicates", op.replicates());
    }
    CoverageExperiment.@Nullable Config cv = c.coverage();
    if (cv != null) {
      ObjectNode s = o.putObject("coverage");
      s.put("prompts", cv.prompts());
      s.set("dims", Json.array(cv.dims().values()));
      s.set("n", Json.array(cv.ns().values()));
      s.put("replicates", cv.replicates());
    }
    TightnessExperiment.@Nullable Config t = c.tightness();
    if (t != null) {
      ObjectNode s = o.putObject("tightness");
      s.put("gaSteps", t.gaSteps());
      s.put("sgaSteps", t.sgaSteps());
      // the optional keys are written when they differ from their defaults
      if (!t.families().equals(TightnessExperiment.Config.FAMILIES)) {
        ArrayNode fam = s.putArray("families");
        for (Family f : t.families()) {
          fam.add(f.name());
        }
      }
      if (!java.util.Arrays.equals(
          t.steps().values(), TightnessExperiment.Config.STEPS.values())) {
        s.set("steps", Json.array(t.steps().values()));
      }
    }
    PreferenceExperiment.@Nullable Config p = c.preferences();
    if (p != null) {
      ObjectNode s = o.putObject("preferences");
      s.put("prompts", p.prompts());
      s.put("dim", p.dim());
      s.put("candidates", p.candidates());
      s.put("lambda", p.lambda());
      s.set("n", Json.array(p.ns().values()));
      s.put("replicates", p.replicates());
    }
    return o;
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
