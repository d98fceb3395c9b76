package org.rlhfbounds.model.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** What a JSON value may be, in the words of the error messages. */
  private static final String A_VALUE =
      "a value (a string in double quotes, a number such as -1.5e3, an array, an object, true,"
          + " false or null)";

  /**
   * Turns a syntax error of the JSON parser into a {@link FormatException} in the user's terms:
   * the file, the field path where the parser was ({@code theta[3]}, {@code prompts[0].weight}),
   * the line and column, what was found and what was expected. The parser's own wording (its
   * class names, its feature switches) never reaches the message.
   *
   * @param file the file, as the user named it
   * @param e the parser's failure
   * @return the error to throw
   */
  static FormatException syntaxError(String file, JacksonException e) {
    String field = "";
    Object proc = e.getProcessor();
    if (proc instanceof JsonParser) {
      field = path(((JsonParser) proc).getParsingContext());
    }
    String raw = String.valueOf(e.getOriginalMessage());
    JsonLocation loc = e.getLocation();
    String where =
        loc == null || loc.getLineNr() < 1
            ? ""
            : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    String what = plain(raw);
    if (raw.contains("start field name") && !field.isEmpty()) {
      // the parser's path still names the previous field: the fault is in the name after it
      what += " (after the value of " + field + ")";
      int dot = field.lastIndexOf('.');
      field = dot < 0 ? "" : field.substring(0, dot);
    }
    return new FormatException(file, field, "invalid JSON" + where + ": " + what);
  }

  /** The field path of a parser context: {@code a.b[2].c}; empty at the top level. */
  private static String path(@Nullable JsonStreamContext ctx) {
    StringBuilder p = new StringBuilder();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        p.insert(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else {
        String name = c.getCurrentName();
        if (name != null) {
          p.insert(0, "." + name);
        }
      }
    }
    return p.length() > 0 && p.charAt(0) == '.' ? p.substring(1) : p.toString();
  }

  private static final Pattern CHARACTER =
      Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\)");

  private static final Pattern TOKEN = Pattern.compile("Unrecognized token '(.*?)'");

  /** The parser's message in plain words: what was found, what was expected. */
  private static String plain(String raw) {
    Matcher ch = CHARACTER.matcher(raw);
    String found = ch.find() ? "unexpected character '" + ch.group(1) + "'" : "unexpected input";
    String lower = raw.toLowerCase(Locale.ROOT);
    Matcher tok = TOKEN.matcher(raw);
    if (lower.contains("plus sign") || raw.startsWith("Unexpected character ('+'")) {
      return "a number cannot start with '+'; expected a number such as 1.5 or -1.5";
    } else if (lower.contains("leading zero")) {
      return "a number cannot have leading zeros; expected a number such as 0.5 or 12";
    } else if (lower.contains("decimal point not followed by a digit")) {
      return "a decimal point must be followed by a digit; expected a number such as 1.0";
    } else if (raw.startsWith("Unexpected character ('.'") || lower.contains("leading_decimal")) {
      return "a number must have a digit before its decimal point; expected a number such as 0.5";
    } else if (lower.contains("comment")) {
      return "comments are not allowed in JSON";
    } else if (lower.contains("single quote") || raw.startsWith("Unexpected character ('''")) {
      return found + "; strings and field names take double quotes";
    } else if (raw.startsWith("Duplicate field")) {
      return "duplicate field; each key may appear once in an object";
    } else if (lower.contains("trailing token")) {
      return "unexpected content after the top-level object; expected the end of the file";
    } else if (lower.contains("end-of-input")) {
      return "the file ends before the JSON text is complete"
          + (lower.contains("marker for object")
              ? "; expected '}' to close an object"
              : lower.contains("marker for array") ? "; expected ']' to close an array" : "");
    } else if (lower.contains("illegal unquoted character") || lower.contains("ctrl-char")) {
      return "a control character (such as a line break) inside a string must be escaped";
    } else if (lower.contains("invalid utf-8") || lower.contains("invalid utf8")) {
      return "the file is not valid UTF-8 text";
    } else if (tok.find()) {
      return "unrecognized word '" + tok.group(1) + "'; expected " + A_VALUE;
    } else if (lower.contains("start field name")) {
      return found + "; expected a field name in double quotes";
    } else if (lower.contains("separate object entries")) {
      return found + "; expected ',' or '}'";
    } else if (lower.contains("separate array entries")) {
      return found + "; expected ',' or ']'";
    } else if (lower.contains("colon to separate")) {
      return found + "; expected ':' between a field name and its value";
    } else if (lower.contains("valid value") || lower.contains("expected a value")) {
      return found + "; expected " + A_VALUE;
    }
    // a message not known here: the parser's first clause, without the library's names
    String first = raw.split(":", 2)[0].replaceAll("\\s*\\(code \\d+\\)", "");
    return first.replaceAll("`", "").replaceAll("\\w*Feature\\w*(\\.\\w+)?", "").trim();
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
