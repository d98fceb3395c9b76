package org.rlhfbounds.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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
import org.rlhfbounds.model.io.FormatException;
import org.rlhfbounds.model.io.InstanceFile;
import org.rlhfbounds.stability.StabilityBounds;

/**
 * The strict field readers of {@link ReproduceConfig}: each reads one field of a JSON object (a
 * section, an integer in a range, a strictly increasing grid, a family list, a seed, a {@code
 * delta}, a population) and refuses anything else with a {@link FormatException} of the form
 * {@code file: json.path: problem, got value}, the value cut to 40 characters.
 *
 * <p>A {@code prefix} argument is the JSON path of the enclosing object with its trailing dot
 * ({@code "gap."}, or {@code ""} at the top level); {@code file} is the name the errors give.
 *
 * <p>Thread-safe: stateless.
 */
final class ConfigFields {
  private ConfigFields() {}

  private static final String FAMILIES =
      "one of SPHERE, GAUSSIAN, DEFICIENT, NEAR_DEGENERATE, SPARSE";
  /** The {@code gaStepRule} value that asks for GA's default step. */
  static final String AUTO = "auto";
  private static final int MAX_PROMPTS = 1_000_000;
  /** The largest dimension a generated population may have. */
  static final int MAX_DIM = 1024;
  private static final int MAX_CANDIDATES = 1024;

  /**
   * The population of a section: an instance file ({@code instance}, then none of the generator
   * fields) or a family with its sizes.
   */
  static Population population(
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

  static OptionalLong seed(ObjectNode o, String prefix, String file)
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

  static double delta(ObjectNode o, String prefix, String file) throws FormatException {
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

  static List<Algorithm> algorithms(ObjectNode o, String prefix, String file)
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

  static OptionalDouble stepRule(ObjectNode o, String prefix, String key, String file)
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

  static OptionalDouble unusedRule(ObjectNode o, String prefix, String file)
      throws FormatException {
    unused(o, prefix, "gaStepRule", "GA does not run", file);
    return OptionalDouble.empty();
  }

  /** An empty grid for a field the section does not use; refused when given. */
  static Sizes unused(ObjectNode o, String prefix, String key, String why, String file)
      throws FormatException {
    JsonNode n = o.get(key);
    if (n != null) {
      throw new FormatException(file, prefix + key, "not used: " + why + ", got " + describe(n));
    }
    return Sizes.of();
  }

  static ObjectNode section(JsonNode n, String field, List<String> keys, String file)
      throws FormatException {
    if (!n.isObject()) {
      throw new FormatException(file, field, "expected an object, got " + describe(n));
    }
    ObjectNode o = (ObjectNode) n;
    allowOnly(o, field + ".", keys, file);
    return o;
  }

  static void allowOnly(ObjectNode node, String prefix, List<String> allowed, String file)
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

  static JsonNode require(ObjectNode node, String prefix, String key, String file)
      throws FormatException {
    JsonNode v = node.get(key);
    if (v == null) {
      throw new FormatException(file, prefix + key, "missing field");
    }
    return v;
  }

  static int integer(ObjectNode o, String prefix, String key, int min, int max, String file)
      throws FormatException {
    return integer(require(o, prefix, key, file), prefix + key, min, max, file);
  }

  static int integer(JsonNode n, String field, int min, int max, String file)
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

  static double positive(JsonNode n, String field, String file) throws FormatException {
    if (!n.isNumber()) {
      throw new FormatException(file, field, "expected a number, got " + describe(n));
    }
    double v = n.asDouble();
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new FormatException(file, field, "must be positive and finite, got " + describe(n));
    }
    return v;
  }

  static Sizes sizes(
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
  static List<Family> families(ObjectNode o, String field, String file)
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

  static String describe(JsonNode n) {
    String t = n.toString();
    return t.length() > 40 ? t.substring(0, 40) + "..." : t;
  }
}
