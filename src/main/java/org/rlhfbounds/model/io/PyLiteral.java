package org.rlhfbounds.model.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A parser for the subset of Python literals that {@code .npy} headers use: dicts, tuples,
 * lists, strings (single or double quotes, backslash escapes), integers (an old trailing {@code
 * L} allowed), {@code True}, {@code False}, {@code None}. Values parse to {@link java.util.Map}
 * (insertion order), {@link Tuple}, {@link List}, {@link String}, {@link BigInteger}, {@link
 * Boolean} and {@link #NONE}. Errors (a syntax error, a duplicate key, a float where an integer is
 * expected) are {@link IllegalArgumentException}s naming the offset; there are no NaN or floats.
 *
 * <p>Not thread-safe: an instance is a cursor over one string; the static methods are stateless.
 */
final class PyLiteral {
  /** A parsed tuple (a list parses to a {@link List}). */
  static final class Tuple {
    final List<Object> items;

    Tuple(List<Object> items) {
      this.items = items;
    }
  }

  /** The parsed value of Python's None. */
  static final Object NONE = new Object();

  /** The deepest nesting accepted (NumPy headers nest two levels; recursion must not overflow). */
  private static final int MAX_DEPTH = 64;

  private final String s;
  private int pos;
  private int depth;

  PyLiteral(String s) {
    this.s = s;
  }

  Object parseTop() {
    Object v = value();
    ws();
    if (pos < s.length()) {
      throw error("unexpected text after the literal");
    }
    return v;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(
        "invalid header literal at offset " + pos + ": " + what);
  }

  private void ws() {
    while (pos < s.length()) {
      char c = at(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        pos++;
      } else {
        break;
      }
    }
  }

  private char peek() {
    return at(pos);
  }

  /** The character at {@code p}; past the end (or before the start) is an error. */
  private char at(int p) {
    if (p < 0 || p >= s.length()) {
      throw error("unexpected end of header");
    }
    return s.charAt(p);
  }

  /** The text in {@code [from, to)}, both within the string. */
  private String slice(int from, int to) {
    if (to > s.length() || from < 0 || from > to) {
      throw error("unexpected end of header");
    }
    return s.substring(from, to);
  }

  private Object value() {
    ws();
    char c = peek();
    if (c == '{' || c == '(' || c == '[') {
      if (++depth > MAX_DEPTH) {
        throw error("nested deeper than " + MAX_DEPTH + " levels");
      }
      Object v = c == '{' ? dict() : c == '(' ? new Tuple(sequence('(', ')')) : sequence('[', ']');
      depth--;
      return v;
    }
    if (c == '\'' || c == '"') {
      return string();
    }
    if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
      return integer();
    }
    if (Character.isLetter(c) || c == '_') {
      int start = pos;
      while (pos < s.length()
          && (Character.isLetterOrDigit(at(pos)) || at(pos) == '_')) {
        pos++;
      }
      String word = slice(start, pos);
      switch (word) {
        case "True":
          return Boolean.TRUE;
        case "False":
          return Boolean.FALSE;
        case "None":
          return NONE;
        default:
          pos = start;
          throw error("unexpected name '" + word + "'");
      }
    }
    throw error("unexpected character '" + printable(String.valueOf(c)) + "'");
  }

  private Map<Object, Object> dict() {
    Map<Object, Object> m = new LinkedHashMap<>();
    pos++; // '{'
    while (true) {
      ws();
      if (peek() == '}') {
        pos++;
        return m;
      }
      int keyPos = pos;
      Object k = value();
      ws();
      if (peek() != ':') {
        throw error("expected ':'");
      }
      pos++;
      Object v = value();
      if (m.containsKey(k)) {
        pos = keyPos;
        throw error("duplicate key " + repr(k));
      }
      m.put(k, v);
      ws();
      char c = peek();
      if (c == ',') {
        pos++;
      } else if (c != '}') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> sequence(char open, char close) {
    List<Object> items = new ArrayList<>();
    pos++; // open
    boolean comma = true;
    while (true) {
      ws();
      if (peek() == close) {
        pos++;
        if (open == '(' && items.size() == 1 && !comma) {
          // (x) is a parenthesised value in Python, not a tuple: keep it a one-tuple only with
          // the trailing comma, as NumPy writes it.
          throw error("a one-element tuple needs a trailing comma, e.g. (5,)");
        }
        return items;
      }
      if (!comma) {
        throw error("expected ',' or '" + close + "'");
      }
      items.add(value());
      ws();
      if (peek() == ',') {
        pos++;
        comma = true;
      } else {
        comma = false;
      }
    }
  }

  private String string() {
    char q = at(pos++);
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = peek();
      pos++;
      if (c == q) {
        return sb.toString();
      }
      if (c == '\n') {
        throw error("unterminated string");
      }
      if (c == '\\') {
        char e = peek();
        pos++;
        switch (e) {
          case 'n':
            sb.append('\n');
            break;
          case 't':
            sb.append('\t');
            break;
          case '\\':
          case '\'':
          case '"':
            sb.append(e);
            break;
          default:
            throw error("unsupported escape '\\" + e + "'");
        }
      } else {
        sb.append(c);
      }
    }
  }

  private BigInteger integer() {
    int start = pos;
    if (at(pos) == '-' || at(pos) == '+') {
      pos++;
    }
    int digits = pos;
    while (pos < s.length() && at(pos) >= '0' && at(pos) <= '9') {
      pos++;
    }
    if (pos == digits) {
      throw error("expected digits");
    }
    BigInteger v = new BigInteger(slice(start, pos));
    if (pos < s.length() && (at(pos) == 'L' || at(pos) == 'l')) {
      pos++; // Python 2 long suffix, found in old files
    }
    if (pos < s.length() && (at(pos) == '.' || at(pos) == 'e' || at(pos) == 'E')) {
      throw error("expected an integer, found a float");
    }
    return v;
  }

  /** Shows control characters as {@code \xNN}, so that messages stay on one printable line. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
        sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Python-like text of a parsed value, for messages.
   *
   * @param v the value
   * @return its text
   */
  static String repr(@Nullable Object v) {
    if (v instanceof String) {
      return "'" + printable((String) v) + "'";
    }
    if (v instanceof Boolean) {
      return ((Boolean) v) ? "True" : "False";
    }
    if (v instanceof Tuple) {
      List<Object> items = ((Tuple) v).items;
      StringBuilder sb = new StringBuilder("(");
      for (int i = 0; i < items.size(); i++) {
        sb.append(i > 0 ? ", " : "").append(repr(items.get(i)));
      }
      return sb.append(items.size() == 1 ? ",)" : ")").toString();
    }
    if (v instanceof List) {
      StringBuilder sb = new StringBuilder("[");
      List<?> items = (List<?>) v;
      for (int i = 0; i < items.size(); i++) {
        sb.append(i > 0 ? ", " : "").append(repr(items.get(i)));
      }
      return sb.append("]").toString();
    }
    if (v instanceof Map) {
      StringBuilder sb = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        sb.append(first ? "" : ", ").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
        first = false;
      }
      return sb.append("}").toString();
    }
    if (v == NONE || v == null) {
      return "None";
    }
    return String.valueOf(v).toLowerCase(Locale.ROOT);
  }
}
