package org.rlhfbounds.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import org.checkerframework.checker.index.qual.NonNegative;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Typed access to the fields of a JSON object, with errors that name the file, the field (with
 * its index path, e.g. {@code prompts[3].features[1][0]}) and the offending value.
 *
 * <p>Thread-safe: immutable.
 */
final class JsonInput {
  private final String file;

  JsonInput(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  FormatException error(String field, String problem) {
    return new FormatException(file, field, problem);
  }

  /** Rejects keys outside {@code allowed}, suggesting the closest allowed key for typos. */
  void allowOnly(ObjectNode node, String prefix, List<String> allowed) throws FormatException {
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!allowed.contains(k)) {
        String near = closest(k, allowed);
        throw error(
            prefix + k,
            "unknown field"
                + (near == null ? "" : " (did you mean \"" + near + "\"?)")
                + "; expected "
                + String.join(", ", allowed));
      }
    }
  }

  /** The value of a required key. */
  JsonNode require(ObjectNode node, String prefix, String key) throws FormatException {
    JsonNode v = node.get(key);
    if (v == null) {
      throw error(prefix + key, "missing field");
    }
    return v;
  }

  /** A finite number. */
  double finite(JsonNode n, String field) throws FormatException {
    if (!n.isNumber()) {
      throw error(field, "expected a number, got " + describe(n));
    }
    double v = n.doubleValue();
    if (!Double.isFinite(v)) {
      throw error(field, "must be a finite number, got " + describeNumber(n));
    }
    return v;
  }

  /** A finite number {@code > 0}. */
  double positive(JsonNode n, String field) throws FormatException {
    double v = finite(n, field);
    if (!(v > 0)) {
      throw error(field, "must be > 0, got " + describeNumber(n));
    }
    return v;
  }

  /** A finite number {@code >= 0}. */
  double nonNegative(JsonNode n, String field) throws FormatException {
    double v = finite(n, field);
    if (!(v >= 0)) {
      throw error(field, "must be >= 0, got " + describeNumber(n));
    }
    return v;
  }

  /** A string. */
  String string(JsonNode n, String field) throws FormatException {
    if (!n.isTextual()) {
      throw error(field, "expected a string, got " + describe(n));
    }
    return n.textValue();
  }

  /** A JSON array. */
  JsonNode array(JsonNode n, String field) throws FormatException {
    if (!n.isArray()) {
      throw error(field, "expected an array, got " + describe(n));
    }
    return n;
  }

  /** A JSON object. */
  ObjectNode object(JsonNode n, String field) throws FormatException {
    if (!n.isObject()) {
      throw error(field, "expected an object, got " + describe(n));
    }
    return (ObjectNode) n;
  }

  /**
   * The number of elements of a JSON array (or entries of an object).
   *
   * @param n the node
   * @return its size
   */
  static @NonNegative int size(JsonNode n) {
    int size = n.size();
    if (size < 0) {
      throw new IllegalStateException("JsonNode.size() counts elements: never negative");
    }
    return size;
  }

  /** A reader of one number, naming it {@code field} in its error. */
  @FunctionalInterface
  private interface NumberReader {
    double read(JsonNode n, String field) throws FormatException;
  }

  /** An array of finite numbers. */
  double[] finiteArray(JsonNode n, String field) throws FormatException {
    return numbers(n, field, this::finite);
  }

  /** An array of finite numbers {@code >= 0}. */
  double[] nonNegativeArray(JsonNode n, String field) throws FormatException {
    return numbers(n, field, this::nonNegative);
  }

  /** An array of numbers, element {@code i} read by {@code element} as {@code field[i]}. */
  private double[] numbers(JsonNode n, String field, NumberReader element) throws FormatException {
    array(n, field);
    double[] out = new double[size(n)];
    for (int i = 0; i < out.length; i++) {
      out[i] = element.read(n.get(i), field + "[" + i + "]");
    }
    return out;
  }

  /** An integer that fits in an {@code int}. */
  int integer(JsonNode n, String field) throws FormatException {
    if (!n.isIntegralNumber()) {
      throw error(field, "expected an integer, got " + describe(n));
    }
    if (!n.canConvertToInt()) {
      throw error(field, "integer " + n.asText() + " is out of range");
    }
    return n.intValue();
  }

  /** An array of integers. */
  int[] intArray(JsonNode n, String field) throws FormatException {
    array(n, field);
    int[] out = new int[size(n)];
    for (int i = 0; i < out.length; i++) {
      out[i] = integer(n.get(i), field + "[" + i + "]");
    }
    return out;
  }

  /**
   * A short description of a node for messages: its JSON text for scalars (truncated), its kind
   * for containers.
   */
  static String describe(JsonNode n) {
    if (n.isTextual()) {
      String t = n.toString();
      return "string " + (t.length() > 60 ? t.substring(0, 57) + "...\"" : t);
    }
    if (n.isArray()) {
      return "an array of " + n.size() + " elements";
    }
    if (n.isObject()) {
      return "an object";
    }
    if (n.isNull()) {
      return "null";
    }
    if (n.isNumber()) {
      return describeNumber(n);
    }
    return n.toString();
  }

  private static String describeNumber(JsonNode n) {
    if (n.isFloatingPointNumber() || n.isBigInteger()) {
      double v = n.doubleValue();
      if (Double.isInfinite(v) && !"Infinity".equals(n.asText()) && !"-Infinity".equals(n.asText())) {
        return n.asText() + " (beyond the double range)";
      }
      return Double.toString(v);
    }
    return n.asText();
  }

  /** The allowed key within edit distance 2 of {@code k}, or null. */
  static @Nullable String closest(String k, List<String> allowed) {
    String best = null;
    int bestD = 3;
    for (String a : allowed) {
      int d = distance(k.toLowerCase(java.util.Locale.ROOT), a.toLowerCase(java.util.Locale.ROOT));
      if (d < bestD) {
        bestD = d;
        best = a;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    // prev[j] = distance(a[0, i - 1), b[0, j)), cur[j] = distance(a[0, i), b[0, j)), j <= b.length()
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[prev.length];
    for (int j = 0; j < prev.length; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 0; j < cur.length; j++) {
        if (j == 0) {
          cur[j] = i;
        } else if (j <= b.length()) { // always: cur has b.length() + 1 entries
          int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
          cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
        }
      }
      System.arraycopy(cur, 0, prev, 0, cur.length);
    }
    return prev.length > 0 ? prev[prev.length - 1] : 0; // b.length() + 1 >= 1 entries
  }
}
