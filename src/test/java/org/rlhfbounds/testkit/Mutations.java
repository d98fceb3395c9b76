package org.rlhfbounds.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded mutations of valid inputs for the fuzz tests: byte-level damage (bit flips, random bytes,
 * truncation, deleted, repeated or inserted runs) and JSON-aware damage (numbers at the edges of
 * double, NaN and Infinity spelled in JSON, wrong JSON types, duplicate or missing keys, deep
 * nesting). Every mutation is a pure function of the generator's state, so a failing case is
 * reproduced by its seed.
 *
 * <p>Not thread-safe (the generator is shared by the caller).
 */
public final class Mutations {
  private Mutations() {}

  /** Numbers at the edges of double and int, and spellings JSON does not have. */
  public static final String[] EDGE_NUMBERS = {
    "1e308", "-1e308", "1.7976931348623157E308", "-1.7976931348623157E308", "4.9e-324",
    "-4.9e-324", "2.2250738585072014E-308", "-0.0", "0", "0.0", "1e400", "-1e400", "NaN",
    "Infinity", "-Infinity", "+1", "1e-400", "2147483647", "2147483648", "-2147483648",
    "-2147483649", "9223372036854775808", "99999999999999999999999999", "-1", "1", "2", "0.5",
    "3", "1.0E10", "1e-300", "1e300", "1e154", "-1e154", "1e200", "1e-200"
  };

  /** Values of the wrong JSON type (or broken JSON). */
  public static final String[] WRONG_VALUES = {
    "null", "true", "false", "\"x\"", "\"\"", "[]", "{}", "[1]", "[[]]", "[null]", "{\"a\": 1}",
    "\"features.npy\"", "\"..\"", "\"/\"", "\"missing.npy\"", "[0, 1, 2]", "[1e308, -1e308]",
    "[NaN]", "[-0.0, 0.0]", "\"\\u0000\"", "[", "{", "\"unterminated", "01", "1.", ".5", "0x10"
  };

  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  private static final Pattern KEY = Pattern.compile("\"([A-Za-z]+)\"\\s*:");
  private static final Pattern VALUE_START = Pattern.compile(":\\s*");

  /**
   * One to four random mutations of a byte string, JSON-aware ones for text inputs.
   *
   * @param seed the valid input
   * @param json whether JSON-aware mutations apply
   * @param rnd the generator
   * @return the mutated copy
   */
  public static byte[] mutate(byte[] seed, boolean json, SplittableRandom rnd) {
    return mutate(seed, json, rnd, 4);
  }

  /**
   * One to {@code maxRounds} random mutations of a byte string.
   *
   * @param seed the valid input
   * @param json whether JSON-aware mutations apply
   * @param rnd the generator
   * @param maxRounds the most mutations applied
   * @return the mutated copy
   */
  public static byte[] mutate(byte[] seed, boolean json, SplittableRandom rnd, int maxRounds) {
    byte[] b = seed.clone();
    int rounds = 1 + rnd.nextInt(maxRounds);
    for (int r = 0; r < rounds; r++) {
      if (json && rnd.nextInt(3) > 0) {
        b = mutateJson(new String(b, StandardCharsets.UTF_8), rnd).getBytes(StandardCharsets.UTF_8);
      } else {
        b = mutateBytes(b, rnd);
      }
    }
    return b;
  }

  /**
   * One byte-level mutation.
   *
   * @param b the input
   * @param rnd the generator
   * @return the mutated copy
   */
  public static byte[] mutateBytes(byte[] b, SplittableRandom rnd) {
    if (b.length == 0) {
      return new byte[] {(byte) rnd.nextInt(256)};
    }
    int i = rnd.nextInt(b.length);
    switch (rnd.nextInt(8)) {
      case 0: { // bit flip
        byte[] c = b.clone();
        c[i] ^= (byte) (1 << rnd.nextInt(8));
        return c;
      }
      case 1: { // random byte
        byte[] c = b.clone();
        c[i] = (byte) rnd.nextInt(256);
        return c;
      }
      case 2: // truncation
        return java.util.Arrays.copyOf(b, i);
      case 3: { // delete a run
        int n = Math.min(b.length - i, 1 + rnd.nextInt(16));
        byte[] c = new byte[b.length - n];
        System.arraycopy(b, 0, c, 0, i);
        System.arraycopy(b, i + n, c, i, b.length - i - n);
        return c;
      }
      case 4: { // repeat a run
        int n = Math.min(b.length - i, 1 + rnd.nextInt(16));
        byte[] c = new byte[b.length + n];
        System.arraycopy(b, 0, c, 0, i + n);
        System.arraycopy(b, i, c, i + n, b.length - i);
        return c;
      }
      case 5: { // interesting bytes
        byte[] c = b.clone();
        byte[] v = {0, (byte) 0xff, (byte) 0x7f, (byte) 0x80, '\n', '"', '\\', '{', '['};
        c[i] = v[rnd.nextInt(v.length)];
        return c;
      }
      case 6: { // 4 bytes of an extreme int, little-endian
        byte[] c = b.clone();
        int[] v = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffff, 0x10000, 1 << 20};
        int x = v[rnd.nextInt(v.length)];
        for (int k = 0; k < 4 && i + k < c.length; k++) {
          c[i + k] = (byte) (x >>> (8 * k));
        }
        return c;
      }
      default: { // trailing garbage
        byte[] c = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(9));
        for (int k = b.length; k < c.length; k++) {
          c[k] = (byte) rnd.nextInt(256);
        }
        return c;
      }
    }
  }

  /**
   * One JSON-aware mutation of a text.
   *
   * @param s the text
   * @param rnd the generator
   * @return the mutated text
   */
  public static String mutateJson(String s, SplittableRandom rnd) {
    switch (rnd.nextInt(9)) {
      case 7:
      case 8: { // an edge number as the first number after a random key (each field alike)
        List<int[]> keys = spans(KEY, s);
        if (keys.isEmpty()) {
          return s;
        }
        int[] k = keys.get(rnd.nextInt(keys.size()));
        Matcher m = NUMBER.matcher(s);
        if (!m.find(k[1])) {
          return s;
        }
        return s.substring(0, m.start()) + pick(EDGE_NUMBERS, rnd) + s.substring(m.end());
      }
      case 0:
      case 1: { // a number at an edge
        List<int[]> spans = spans(NUMBER, s);
        if (spans.isEmpty()) {
          return s;
        }
        int[] sp = spans.get(rnd.nextInt(spans.size()));
        return s.substring(0, sp[0]) + pick(EDGE_NUMBERS, rnd) + s.substring(sp[1]);
      }
      case 2: { // a value of the wrong type in place of a number
        List<int[]> spans = spans(NUMBER, s);
        if (spans.isEmpty()) {
          return s;
        }
        int[] sp = spans.get(rnd.nextInt(spans.size()));
        return s.substring(0, sp[0]) + pick(WRONG_VALUES, rnd) + s.substring(sp[1]);
      }
      case 3: { // duplicate a key: "k": ... -> "k": <v>, "k": ...
        List<int[]> keys = spans(KEY, s);
        if (keys.isEmpty()) {
          return s;
        }
        int[] k = keys.get(rnd.nextInt(keys.size()));
        String key = s.substring(k[0], k[1]);
        String v = rnd.nextBoolean() ? pick(EDGE_NUMBERS, rnd) : pick(WRONG_VALUES, rnd);
        return s.substring(0, k[0]) + key + " " + v + ", " + s.substring(k[0]);
      }
      case 4: { // rename a key (missing key, unknown key)
        List<int[]> keys = spans(KEY, s);
        if (keys.isEmpty()) {
          return s;
        }
        int[] k = keys.get(rnd.nextInt(keys.size()));
        String[] names = {"\"thetta\":", "\"x\":", "\"\":", "\"weights\":", "\"prompts\":",
            "\"features\":", "\"promptOffsets\":", "\"format\":", "\"w\":", "\"indices\":"};
        return s.substring(0, k[0]) + pick(names, rnd) + s.substring(k[1]);
      }
      case 5: { // deep nesting in place of a value
        List<int[]> vs = spans(VALUE_START, s);
        if (vs.isEmpty()) {
          return s;
        }
        int[] v = vs.get(rnd.nextInt(vs.size()));
        int depth = rnd.nextBoolean() ? 1 + rnd.nextInt(40) : 900 + rnd.nextInt(9000);
        boolean arr = rnd.nextBoolean();
        StringBuilder sb = new StringBuilder(s.substring(0, v[1]));
        for (int d = 0; d < depth; d++) {
          sb.append(arr ? "[" : "{\"a\": ");
        }
        sb.append("1");
        for (int d = 0; d < depth; d++) {
          sb.append(arr ? "]" : "}");
        }
        sb.append(", \"zz\": ").append(s.substring(v[1]));
        return sb.toString();
      }
      default: { // repeat an array element (longer arrays, dimension mismatches)
        int open = s.indexOf('[', rnd.nextInt(Math.max(1, s.length())));
        if (open < 0) {
          return s;
        }
        Matcher m = NUMBER.matcher(s);
        if (!m.find(open)) {
          return s;
        }
        String num = m.group();
        return s.substring(0, open + 1) + (num + ", ").repeat(1 + rnd.nextInt(5))
            + s.substring(open + 1);
      }
    }
  }

  private static List<int[]> spans(Pattern p, String s) {
    List<int[]> out = new ArrayList<>();
    Matcher m = p.matcher(s);
    while (m.find()) {
      out.add(new int[] {m.start(), m.end()});
    }
    return out;
  }

  private static String pick(String[] a, SplittableRandom rnd) {
    return a[rnd.nextInt(a.length)];
  }
}
