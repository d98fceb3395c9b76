package org.rlhfbounds.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;

/**
 * Reads and writes an {@link Instance} with a finite prompt distribution as {@code instance.json}
 * (format {@value #FORMAT}).
 *
 * <pre>
 * {
 *   "format": "rlhf-bounds.instance/1",
 *   "beta": 0.5,                    // KL weight, finite and &gt; 0
 *   "theta": [..],                  // theta*, d finite numbers
 *   "wRef": [..],                   // w_ref, d finite numbers
 *   "featureBound": 1.0,            // B, finite and &gt; 0; every ||phi(x,a)|| must be &lt;= B
 *   "features": "features.npy",     // path relative to this file's directory
 *   "featuresSha256": "9f86..",     // optional: SHA-256 of the features file, 64 hex digits
 *   "promptOffsets": [0, 3, 7, ..], // only when features.npy has shape (total, d): M + 1 entries
 *   "weights": [..]                 // M finite numbers &gt;= 0, not all 0 (normalised on reading)
 * }
 * </pre>
 *
 * {@code features.npy} holds float64 or float32 values in C order, of shape {@code (M, K, d)}
 * (every prompt has K candidates) or {@code (total, d)} with {@code "promptOffsets"}: prompt
 * {@code i} owns rows {@code promptOffsets[i] .. promptOffsets[i+1])}, so {@code
 * promptOffsets[0] = 0}, consecutive offsets differ by at least 2 ({@code K(i) >= 2}) and the last
 * equals {@code total}. Small instances may instead inline their prompts, in place of {@code
 * "features"}, {@code "promptOffsets"} and {@code "weights"}: {@code "prompts": [{"weight": 1.0,
 * "features": [[..], [..]]}, ..]}.
 *
 * <p>Validation: every problem (wrong format string, missing or unknown field, wrong JSON type,
 * NaN or infinite number, {@code K < 2}, dimension mismatch, {@code beta <= 0}, a feature vector
 * longer than {@code featureBound}, wrong number of weights, bad offsets, a bad {@code .npy} file)
 * raises a {@link FormatException} naming the file, the field, the index and the value. Unknown
 * fields are rejected, so a misspelt key cannot pass silently.
 *
 * <p>Writing: the {@code .npy} file is written first, then the JSON file, each atomically
 * ({@link AtomicFiles}); the instance file never refers to a half-written feature file. The JSON
 * file records the SHA-256 digest of the feature file's bytes ({@code "featuresSha256"}), and the
 * reader rejects a feature file with another digest, naming both files: a process stopped between
 * the two renames leaves a new feature file next to the old JSON file, a pair that is then refused
 * rather than read as an instance neither write produced. (The field is optional on reading, for
 * files written by other tools.) Features
 * are stored as {@code '<f8'} (a float32 copy could round a vector above {@code featureBound}).
 * Uniform weights are written as {@code 1.0} each, so that reading them back gives exactly the same
 * normalised weights; other weights are written normalised, and come back within a relative
 * {@code M * 2^-52} (the renormalising division).
 *
 * <p>Thread-safe: stateless.
 */
public final class InstanceFile {
  private InstanceFile() {}

  /** The format string of instance files. */
  public static final String FORMAT = "rlhf-bounds.instance/1";

  private static final List<String> KEYS =
      List.of(
          "format", "beta", "theta", "wRef", "featureBound", "features", "featuresSha256",
          "promptOffsets", "weights", "prompts");
  private static final List<String> PROMPT_KEYS = List.of("weight", "features");

  /**
   * Reads an instance file (and the {@code .npy} file it names).
   *
   * @param json the instance file
   * @return the instance, with a {@link FiniteDistribution}
   * @throws FormatException naming file, field, index and value of the first problem
   * @throws IOException if a file cannot be read
   */
  public static Instance read(Path json) throws IOException {
    JsonInput in = new JsonInput(json.toString());
    ObjectNode root = Json.readObject(json);
    String format = in.string(in.require(root, "", "format"), "format");
    if (!FORMAT.equals(format)) {
      throw in.error(
          "format", "expected \"" + FORMAT + "\", got " + JsonInput.describe(root.get("format")));
    }
    in.allowOnly(root, "", KEYS);
    double beta = in.positive(in.require(root, "", "beta"), "beta");
    double bound = in.positive(in.require(root, "", "featureBound"), "featureBound");
    double[] theta = in.finiteArray(in.require(root, "", "theta"), "theta");
    double[] wRef = in.finiteArray(in.require(root, "", "wRef"), "wRef");
    if (theta.length == 0) {
      throw in.error("theta", "must have d >= 1 entries, got an empty array");
    }
    if (wRef.length == theta.length) {
      Ranges.Problem p = Ranges.instance(beta, theta, wRef, bound);
      if (p != null) {
        throw in.error(p.field(), p.message());
      }
    }
    boolean hasFeatures = root.has("features");
    boolean hasPrompts = root.has("prompts");
    Features features;
    double[] weights;
    if (hasFeatures && hasPrompts) {
      throw in.error(
          "prompts",
          "cannot be combined with \"features\"; give either \"features\" (a .npy file) with"
              + " \"weights\", or inline \"prompts\"");
    } else if (hasPrompts) {
      for (String k : new String[] {"weights", "promptOffsets", "featuresSha256"}) {
        if (root.has(k)) {
          throw in.error(
              k, "only allowed with \"features\"; inline \"prompts\" carry their own \"weight\"");
        }
      }
      JsonNode prompts = in.array(root.get("prompts"), "prompts");
      int d = theta.length;
      checkLength(in, wRef, d, "wRef", "theta has d = " + d);
      int m = JsonInput.size(prompts);
      if (m == 0) {
        throw in.error("prompts", "must hold at least one prompt, got an empty array");
      }
      weights = new double[m];
      int[] offsets = new int[m + 1];
      double[][] rows = new double[m][];
      // first pass: shapes
      int total = 0;
      for (int i = 0; i < m; i++) {
        String pf = "prompts[" + i + "]";
        ObjectNode p = in.object(prompts.get(i), pf);
        in.allowOnly(p, pf + ".", PROMPT_KEYS);
        weights[i] = in.nonNegative(in.require(p, pf + ".", "weight"), pf + ".weight");
        JsonNode f = in.array(in.require(p, pf + ".", "features"), pf + ".features");
        int k = f.size();
        if (k < 2) {
          throw in.error(
              pf + ".features", "has K = " + k + " candidates; every prompt needs K >= 2");
        }
        double[] block = new double[k * d];
        for (int a = 0; a < k; a++) {
          String rf = pf + ".features[" + a + "]";
          double[] row = in.finiteArray(f.get(a), rf);
          if (row.length != d) {
            throw in.error(rf, "expected d = " + d + " numbers (the length of theta), got " + row.length);
          }
          copy(row, block, a * d);
        }
        rows[i] = block;
        total += k;
        if (total > Npy.MAX_ELEMENTS / d) {
          throw in.error("prompts", "too many feature values for one array");
        }
        offsets[i + 1] = total;
      }
      double[] data = new double[total * d];
      for (int i = 0; i < m; i++) {
        double[] block = rows[i];
        if (block != null) {
          copy(block, data, offsets[i] * d);
        }
      }
      features = build(in, data, null, offsets, d, "prompts");
      checkWeights(in, weights, true);
      checkNorms(in, features, bound, true, false);
    } else if (hasFeatures) {
      String rel = in.string(root.get("features"), "features");
      if (rel.isEmpty()) {
        throw in.error("features", "expected a file name, got an empty string");
      }
      Path npyPath = json.resolveSibling(rel);
      @Nullable String expected = null;
      @Nullable CompletableFuture<String> digest = null;
      if (root.has("featuresSha256")) {
        expected = in.string(root.get("featuresSha256"), "featuresSha256");
        if (!expected.matches("[0-9a-f]{64}")) {
          throw in.error(
              "featuresSha256", "expected 64 lowercase hex digits, got \"" + expected + "\"");
        }
        // hashed on another thread while this one parses the array (the same bytes, read twice
        // from the page cache)
        digest = CompletableFuture.supplyAsync(() -> sha256Unchecked(npyPath));
      }
      String npyName = npyPath.toString();
      // the array is read and checked while the digest is computed; the digest is compared before
      // anything is returned or reported, so a mismatch comes first, whatever else is wrong
      try {
        NpyArray npy = Npy.read(npyPath);
        JsonInput nin = new JsonInput(npyName);
        int[] shape = npy.shape();
        int d;
        int[] offsets;
        if (shape.length == 3) {
          if (root.has("promptOffsets")) {
            throw in.error(
                "promptOffsets",
                "only allowed when " + npyName + " has shape (total, d); it has shape (M, K, d) = "
                    + npy.shapeString());
          }
          int m = shape[0];
          int k = shape[1];
          d = shape[2];
          if (d < 1) {
            // checked first: with d = 0 the element count says nothing about M and K
            throw nin.error("shape", npy.shapeString() + " has d = 0; expected d >= 1");
          }
          if (m < 1) {
            throw nin.error("shape", npy.shapeString() + " has M = 0 prompts; at least one is needed");
          }
          if (k < 2) {
            throw nin.error(
                "shape", npy.shapeString() + " has K = " + k + " candidates per prompt; K >= 2 is needed");
          }
          offsets = new int[m + 1];
          for (int i = 0; i <= m; i++) {
            offsets[i] = i * k;
          }
        } else if (shape.length == 2) {
          d = shape[1];
          if (!root.has("promptOffsets")) {
            throw in.error(
                "promptOffsets",
                "missing field; it is required because " + npyName + " has shape (total, d) = "
                    + npy.shapeString());
          }
          offsets = in.intArray(root.get("promptOffsets"), "promptOffsets");
          checkOffsets(in, offsets, shape[0], npyName);
        } else {
          throw nin.error(
              "shape",
              npy.shapeString() + " has " + shape.length + " dimensions; expected (M, K, d), or"
                  + " (total, d) with \"promptOffsets\"");
        }
        if (d < 1) {
          throw nin.error("shape", npy.shapeString() + " has d = 0; expected d >= 1");
        }
        String dFrom = npyName + " has shape " + npy.shapeString() + ", so d = " + d;
        checkLength(in, theta, d, "theta", dFrom);
        checkLength(in, wRef, d, "wRef", dFrom);
        int m = offsets.length - 1;
        weights = in.nonNegativeArray(in.require(root, "", "weights"), "weights");
        if (weights.length != m) {
          throw in.error(
              "weights",
              "expected M = " + m + " entries (one per prompt of " + npyName + "), got "
                  + weights.length);
        }
        checkWeights(in, weights, false);
        // a float32 file stays float32 (Features keeps it: half the memory of a widened copy)
        float[] single = npy.floats();
        features = build(nin, single != null ? new double[0] : npy.data(), single, offsets, d, "");
        checkNorms(nin, features, bound, false, npy.dtype().itemSize() == 4);
      } catch (IOException | RuntimeException e) {
        checkDigest(in, digest, expected, npyName);
        throw e;
      }
      checkDigest(in, digest, expected, npyName);
    } else {
      throw in.error(
          "features",
          "missing field; give \"features\" (a .npy file) with \"weights\", or inline \"prompts\"");
    }
    try {
      return Instance.of(
          Reals.positive(beta, "beta"),
          theta,
          wRef,
          Reals.positive(bound, "featureBound"),
          FiniteDistribution.of(features, weights));
    } catch (IllegalArgumentException e) {
      throw in.error("", String.valueOf(e.getMessage()));
    }
  }

  /**
   * Waits for the feature file's digest, when one is expected, and reports a mismatch.
   *
   * @param in the instance file's input, for the error
   * @param digest the digest being computed, or null when none is expected
   * @param expected the expected digest, or null
   * @param npyName the feature file's name
   * @throws FormatException naming {@code featuresSha256} when the digests differ
   */
  private static void checkDigest(
      JsonInput in,
      @Nullable CompletableFuture<String> digest,
      @Nullable String expected,
      String npyName)
      throws IOException {
    if (digest != null && expected != null) {
      String actual = join(digest);
      if (!actual.equals(expected)) {
        throw in.error(
            "featuresSha256",
            "does not match " + npyName + " (SHA-256 " + actual + ", expected " + expected
                + "): the two files are not a pair (a write stopped between them?); write"
                + " both again");
      }
    }
  }

  /**
   * Copies {@code src} into {@code dst} from position {@code at}.
   *
   * @param src the values
   * @param dst the destination
   * @param at the first position written
   */
  private static void copy(double[] src, double[] dst, int at) {
    if (at < 0 || at + src.length > dst.length) {
      throw new IllegalStateException("copy: " + src.length + " values at " + at + " outside " + dst.length);
    }
    System.arraycopy(src, 0, dst, at, src.length);
  }

  private static void checkLength(JsonInput in, double[] v, int d, String field, String why)
      throws FormatException {
    if (v.length != d) {
      throw in.error(field, "has length " + v.length + ", but " + why);
    }
  }

  private static void checkOffsets(JsonInput in, int[] off, int total, String npyName)
      throws FormatException {
    if (off.length < 2) {
      throw in.error(
          "promptOffsets", "expected M + 1 >= 2 entries, got " + off.length);
    }
    if (off[0] != 0) {
      throw in.error("promptOffsets[0]", "must be 0, got " + off[0]);
    }
    for (int i = 0; i + 1 < off.length; i++) {
      long k = (long) off[i + 1] - off[i];
      if (k < 2) {
        throw in.error(
            "promptOffsets[" + (i + 1) + "]",
            "is " + off[i + 1] + " after promptOffsets[" + i + "] = " + off[i] + ": prompt " + i
                + " would have K = " + k + " candidates; K >= 2 is needed");
      }
    }
    int last = off[off.length - 1];
    if (last != total) {
      throw in.error(
          "promptOffsets[" + (off.length - 1) + "]",
          "must equal the number of rows of " + npyName + " (" + total + "), got " + last);
    }
  }

  private static void checkWeights(JsonInput in, double[] w, boolean inline)
      throws FormatException {
    double sum = 0;
    for (double v : w) {
      sum += v;
    }
    if (!(sum > 0) || !Double.isFinite(sum)) {
      throw in.error(
          inline ? "prompts" : "weights",
          "the weights sum to " + sum + "; they must have a finite positive sum");
    }
  }

  /**
   * The block of the values just read ({@code single} when they are float32, else {@code data}):
   * taken over, not copied, since nothing else holds them.
   */
  private static Features build(
      JsonInput in, double[] data, float @Nullable [] single, int[] offsets, int d, String field)
      throws FormatException {
    try {
      return single != null
          ? Features.ofOwnedFloats(single, offsets, d, "")
          : Features.ofOwned(data, offsets, d, "");
    } catch (IllegalArgumentException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.startsWith(": ")) {
        msg = msg.substring(2);
      }
      throw in.error(field, msg);
    }
  }

  private static void checkNorms(
      JsonInput in, Features f, double bound, boolean inline, boolean float32)
      throws FormatException {
    int d = f.dim();
    // a float32 block is read a prompt at a time, widened (exact), never as a whole
    boolean single = f.isFloat32();
    int scratch = single ? Math.multiplyExact(f.maxCandidates(), d) : 0;
    if (scratch < 0) {
      throw new IllegalStateException("K_max d = " + scratch + " is negative");
    }
    double[] x = single ? new double[scratch] : f.data();
    for (int i = 0; i < f.size(); i++) {
      int base = f.rowOffset(i);
      if (single) {
        f.widenRows(i, x);
        base = 0;
      }
      for (int a = 0; a < f.candidates(i); a++) {
        double norm = Ranges.norm(x, (base + a) * d, d); // scaled: overflows only if the norm does
        if (norm > bound) {
          String where =
              inline ? "prompts[" + i + "].features[" + a + "]" : "prompt " + i + ", candidate " + a;
          throw in.error(
              inline ? where : "",
              (inline ? "" : where + ": ") + "feature norm " + norm
                  + " exceeds the declared featureBound " + bound
                  + (float32 && norm <= bound * (1 + 1e-6)
                      ? " (float32 rounding can lift a vector of norm B just above B: store"
                          + " float64 or declare a slightly larger featureBound)"
                      : ""));
        }
      }
    }
  }

  /**
   * Writes an instance as a JSON file plus a float64 {@code .npy} feature file next to it.
   *
   * @param json the instance file to create or replace
   * @param instance the instance; its distribution must be a {@link FiniteDistribution}
   * @param featuresName the feature file's name, relative to the JSON file's directory (e.g.
   *     {@code "features.npy"})
   * @throws IllegalArgumentException if the distribution is not finite
   * @throws IOException if writing fails
   */
  public static void write(Path json, Instance instance, String featuresName) throws IOException {
    FiniteDistribution dist = finite(instance);
    Features f = dist.prompts();
    int k = uniformK(f);
    Path npy = json.resolveSibling(featuresName);
    if (k > 0) {
      Npy.write(npy, f.data(), Npy.DType.F8_LE, f.size(), k, f.dim());
    } else {
      Npy.write(npy, f.data(), Npy.DType.F8_LE, f.rows(), f.dim());
    }
    ObjectNode root = header(instance);
    root.put("features", featuresName);
    root.put("featuresSha256", sha256(npy));
    if (k == 0) {
      root.set("promptOffsets", Json.array(f.offsets()));
    }
    root.set("weights", Json.array(storedWeights(dist)));
    Json.write(json, root);
  }

  /**
   * Writes an instance as one JSON file with inline prompts (for small instances).
   *
   * @param json the instance file to create or replace
   * @param instance the instance; its distribution must be a {@link FiniteDistribution}
   * @throws IllegalArgumentException if the distribution is not finite
   * @throws IOException if writing fails
   */
  public static void writeInline(Path json, Instance instance) throws IOException {
    FiniteDistribution dist = finite(instance);
    Features f = dist.prompts();
    double[] w = storedWeights(dist);
    if (w.length != f.size()) {
      throw new IllegalStateException("one weight per prompt: " + w.length + " != " + f.size());
    }
    int d = f.dim();
    double[] x = f.data();
    ObjectNode root = header(instance);
    ArrayNode prompts = root.putArray("prompts");
    for (int i = 0; i < w.length; i++) {
      ObjectNode p = prompts.addObject();
      p.put("weight", w[i]);
      ArrayNode rows = p.putArray("features");
      for (int a = 0; a < f.candidates(i); a++) {
        ArrayNode row = rows.addArray();
        int base = (f.rowOffset(i) + a) * d;
        for (int q = base; q < base + d && q < x.length; q++) {
          row.add(x[q]);
        }
      }
    }
    Json.write(json, root);
  }

  /** {@link #sha256}, its I/O failure wrapped (for an asynchronous task). */
  private static String sha256Unchecked(Path file) {
    try {
      return sha256(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The digest of a task of {@link #sha256Unchecked}, its I/O failure unwrapped. */
  private static String join(CompletableFuture<String> digest) throws IOException {
    try {
      return digest.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException) {
        throw ((UncheckedIOException) cause).getCause();
      }
      throw e;
    }
  }

  /** The SHA-256 digest of a file's bytes, as 64 lowercase hex digits. */
  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static FiniteDistribution finite(Instance instance) {
    @Nullable FiniteDistribution dist = instance.finiteDistribution();
    if (dist == null) {
      throw new IllegalArgumentException(
          "instance: only instances with a finite prompt distribution can be written");
    }
    return dist;
  }

  private static ObjectNode header(Instance instance) {
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    root.put("beta", instance.beta());
    root.set("theta", Json.array(instance.theta()));
    root.set("wRef", Json.array(instance.wRef()));
    root.put("featureBound", instance.featureBound());
    return root;
  }

  /** The common K of every prompt, or 0 when K varies. */
  private static int uniformK(Features f) {
    int k = f.candidates(0);
    for (int i = 1; i < f.size(); i++) {
      if (f.candidates(i) != k) {
        return 0;
      }
    }
    return k;
  }

  /** 1.0 each when the weights are all equal (an exact round trip), else the normalised weights. */
  private static double[] storedWeights(FiniteDistribution dist) {
    double[] w = dist.weights();
    if (w.length == 0) {
      return w;
    }
    for (double v : w) {
      if (v != w[0]) {
        return w;
      }
    }
    java.util.Arrays.fill(w, 1.0);
    return w;
  }
}
