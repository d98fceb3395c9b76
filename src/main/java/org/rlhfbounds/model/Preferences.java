package org.rlhfbounds.model;

import java.util.Locale;
import java.util.SplittableRandom;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Indices;

/**
 * Pairwise preference data over the prompts of a finite instance: {@code N >= 1} comparisons
 * {@code (x_i, a_i, b_i, y_i)}, with {@code x_i} a prompt index, {@code a_i != b_i} two of its
 * candidates ({@code first}, {@code second}) and {@code y_i = 1} when {@code a_i} is preferred.
 *
 * <p>{@link #generate} draws them from the Bradley-Terry model of the instance's reward (R. A.
 * Bradley and M. E. Terry, "Rank analysis of incomplete block designs: I. The method of paired
 * comparisons", Biometrika 39 (1952) 324-345, doi:10.2307/2334029): the prompt from the instance's
 * prompt weights, the pair from a stated {@link PairPolicy}, and
 *
 * <pre>
 *   y ~ Bernoulli(sigmoid(r*(x, a) - r*(x, b))),   r*(x, a) = &lt;theta*, phi(x, a)&gt;.
 * </pre>
 *
 * The same instance, size, policy and seed give the same data, whatever the thread count (one
 * sequential {@link SplittableRandom} stream: the prompts first, then pair and label of each
 * comparison in order).
 *
 * <p>Construction rejects empty data, arrays of different lengths, a prompt outside the instance's
 * list, a candidate outside its prompt's {@code [0, K)}, {@code first == second} and a label other
 * than 0 or 1, with a message naming the field, its index and the value.
 *
 * <p>Thread-safe: immutable (arrays are copied in and out).
 */
public final class Preferences {
  /** How the compared pair of a prompt is drawn. */
  public enum PairPolicy {
    /** Uniform over the ordered pairs of distinct candidates. */
    UNIFORM("uniform"),
    /**
     * From {@code pi_ref x pi_ref} conditioned on distinct candidates: {@code a ~ pi_ref}, then
     * {@code b ~ pi_ref(. | b != a)}.
     */
    REFERENCE("reference");

    private final String label;

    PairPolicy(String label) {
      this.label = label;
    }

    /**
     * Returns the name used on the command line and in files.
     *
     * @return {@code uniform} or {@code reference}
     */
    public String label() {
      return label;
    }

    /**
     * Parses a policy name.
     *
     * @param s {@code uniform} or {@code reference}
     * @return the policy
     * @throws IllegalArgumentException naming the value when it is neither
     */
    public static PairPolicy parse(String s) {
      for (PairPolicy p : values()) {
        if (p.label.equals(s.toLowerCase(Locale.ROOT))) {
          return p;
        }
      }
      throw new IllegalArgumentException(
          "pair policy: expected uniform or reference, got \"" + s + "\"");
    }
  }

  private final int[] prompt;
  private final int[] first;
  private final int[] second;
  private final int[] label;

  private Preferences(int[] prompt, int[] first, int[] second, int[] label) {
    this.prompt = prompt;
    this.first = first;
    this.second = second;
    this.label = label;
  }

  /**
   * Creates preference data over a block of prompts.
   *
   * @param prompt the prompt index of each comparison (copied)
   * @param first the first candidate of each comparison (copied)
   * @param second the second candidate (copied)
   * @param label 1 when the first candidate is preferred, else 0 (copied)
   * @param prompts the prompts the indices refer to
   * @return the data
   * @throws IllegalArgumentException naming the field, index and value of the first bad entry
   */
  public static Preferences of(
      int[] prompt, int[] first, int[] second, int[] label, Features prompts) {
    int n = prompt.length;
    if (n == 0) {
      throw new IllegalArgumentException("prompt: preference data must hold at least one comparison");
    }
    requireLength(first, n, "first");
    requireLength(second, n, "second");
    requireLength(label, n, "label");
    Problem problem = firstProblem(prompt, first, second, label, prompts);
    if (problem != null) {
      throw new IllegalArgumentException(problem.toString());
    }
    return new Preferences(prompt.clone(), first.clone(), second.clone(), label.clone());
  }

  private static void requireLength(int[] a, int n, String field) {
    if (a.length != n) {
      throw new IllegalArgumentException(
          field + ": expected " + n + " entries (the length of prompt), got " + a.length);
    }
  }

  /**
   * One invalid entry: the field with its index, and what is wrong with its value.
   *
   * @param field e.g. {@code first[3]}
   * @param message the problem, naming the value
   */
  public record Problem(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  /**
   * Returns the first invalid entry of equal-length arrays, or null when every entry is valid.
   *
   * @param prompt prompt indices
   * @param first first candidates
   * @param second second candidates
   * @param label labels
   * @param prompts the prompts the indices refer to
   * @return the problem, or null
   */
  public static @Nullable Problem firstProblem(
      int[] prompt, int[] first, int[] second, int[] label, Features prompts) {
    int m = prompts.size();
    for (int i = 0; i < prompt.length && i < first.length && i < second.length && i < label.length;
        i++) {
      int p = prompt[i];
      if (p < 0 || p >= m) {
        return new Problem("prompt[" + i + "]", p + " is outside the instance's prompt list [0, " + m + ")");
      }
      int k = prompts.candidates(p);
      if (first[i] < 0 || first[i] >= k) {
        return new Problem("first[" + i + "]", first[i] + " is outside the candidates [0, " + k
            + ") of prompt " + p);
      }
      if (second[i] < 0 || second[i] >= k) {
        return new Problem("second[" + i + "]", second[i] + " is outside the candidates [0, " + k
            + ") of prompt " + p);
      }
      if (first[i] == second[i]) {
        return new Problem("second[" + i + "]", second[i] + " equals first[" + i
            + "]: a comparison needs two distinct candidates");
      }
      if (label[i] != 0 && label[i] != 1) {
        return new Problem("label[" + i + "]", "must be 0 or 1, got " + label[i]);
      }
    }
    return null;
  }

  /**
   * Draws {@code n} comparisons from the Bradley-Terry model of an instance with a finite prompt
   * distribution (class comment).
   *
   * @param instance the instance (its prompt distribution must be finite)
   * @param n the number of comparisons, {@code >= 1}
   * @param policy how pairs are drawn
   * @param seed the seed
   * @return the data
   * @throws IllegalArgumentException if {@code n < 1} or the distribution is not finite
   */
  public static Preferences generate(Instance instance, int n, PairPolicy policy, long seed) {
    FiniteDistribution dist = instance.finiteDistribution();
    if (dist == null) {
      throw new IllegalArgumentException(
          "instance: preference data needs a finite prompt list, the instance is generative");
    }
    if (n < 1) {
      throw new IllegalArgumentException("n: number of comparisons must be >= 1, got " + n);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    Features f = dist.prompts();
    double[] theta = instance.theta();
    double[] wRef = instance.wRef();
    int[] prompt = dist.sampleIndices(n, rng);
    int[] first = new int[n];
    int[] second = new int[n];
    int[] label = new int[n];
    for (int i = 0; i < n && i < prompt.length; i++) {
      int p = prompt[i];
      int k = f.candidates(p);
      int a;
      int b;
      if (policy == PairPolicy.UNIFORM) {
        a = rng.nextInt(k);
        b = rng.nextInt(k - 1);
        if (b >= a) {
          b++;
        }
      } else {
        double[] ref = scores(f, p, wRef);
        softmaxInPlace(ref);
        a = draw(ref, -1, rng);
        b = draw(ref, a, rng);
      }
      double margin = dot(row(f, p, a), theta) - dot(row(f, p, b), theta);
      first[i] = a;
      second[i] = b;
      label[i] = rng.nextDouble() < sigmoid(margin) ? 1 : 0;
    }
    return new Preferences(prompt, first, second, label);
  }

  /**
   * Draws an index from probabilities {@code q}, excluding {@code skip} (renormalised); when the
   * remaining mass underflows to 0, uniformly over the indices other than {@code skip}.
   */
  private static int draw(double[] q, int skip, SplittableRandom rng) {
    double total = 0;
    for (int j = 0; j < q.length; j++) {
      if (j != skip) {
        total += q[j];
      }
    }
    double u = rng.nextDouble();
    if (!(total > 0)) {
      int j = rng.nextInt(q.length - 1);
      return skip >= 0 && j >= skip ? j + 1 : j;
    }
    double target = u * total;
    double c = 0;
    int last = -1;
    for (int j = 0; j < q.length; j++) {
      if (j == skip) {
        continue;
      }
      c += q[j];
      last = j;
      if (target < c) {
        return j;
      }
    }
    return last;
  }

  /** The scores {@code <w, phi(x_p, a)>} of the candidates of prompt {@code p}. */
  private static double[] scores(Features f, int p, double[] w) {
    int k = f.candidates(p);
    double[] s = new double[k];
    for (int a = 0; a < s.length; a++) {
      s[a] = dot(row(f, p, a), w);
    }
    return s;
  }

  /** Replaces scores by their softmax (largest score shifted to 0). */
  private static void softmaxInPlace(double[] s) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : s) {
      max = Math.max(max, v);
    }
    double z = 0;
    for (int j = 0; j < s.length; j++) {
      s[j] = Math.exp(s[j] - max);
      z += s[j];
    }
    for (int j = 0; j < s.length; j++) {
      s[j] /= z;
    }
  }

  /**
   * The logistic function {@code 1 / (1 + e^-t)}, evaluated without overflow.
   *
   * @param t the argument
   * @return {@code sigmoid(t)} in {@code [0, 1]}; NaN for NaN
   */
  public static double sigmoid(double t) {
    if (t >= 0) {
      return 1 / (1 + Math.exp(-t));
    }
    double e = Math.exp(t);
    return e / (1 + e);
  }

  /**
   * Returns a copy of the feature vector {@code phi(x_p, a)}.
   *
   * @param f the prompts
   * @param p the prompt
   * @param a the candidate, in {@code [0, K(p))}
   * @return the row
   * @throws IllegalArgumentException if {@code p} or {@code a} is out of range
   */
  public static double[] row(Features f, int p, int a) {
    int k = f.candidates(p);
    if (a < 0 || a >= k) {
      throw new IllegalArgumentException("candidate " + a + " is outside [0, " + k + ")");
    }
    int d = f.dim();
    double[] data = f.data();
    int start = (f.rowOffset(p) + a) * d;
    Indices.requireRange(data, start, d);
    double[] out = new double[d];
    for (int j = 0; j < d && j < out.length; j++) {
      out[j] = data[start + j];
    }
    return out;
  }

  private static double dot(double[] u, double[] v) {
    double s = 0;
    for (int j = 0; j < u.length && j < v.length; j++) {
      s += u[j] * v[j];
    }
    return s;
  }

  /**
   * Returns the feature differences {@code phi(x_i, a_i) - phi(x_i, b_i)}, one row per comparison.
   *
   * @param prompts the prompts the data refers to
   * @return an {@code N x d} array (new)
   * @throws IllegalArgumentException if the data does not fit the prompts
   */
  public double[][] differences(Features prompts) {
    Problem problem = firstProblem(prompt, first, second, label, prompts);
    if (problem != null) {
      throw new IllegalArgumentException(problem.toString());
    }
    double[][] out = new double[prompt.length][];
    for (int i = 0; i < out.length && i < prompt.length && i < first.length && i < second.length;
        i++) {
      double[] u = row(prompts, prompt[i], first[i]);
      double[] v = row(prompts, prompt[i], second[i]);
      for (int j = 0; j < u.length && j < v.length; j++) {
        u[j] -= v[j];
      }
      out[i] = u;
    }
    return out;
  }

  /**
   * Returns the number of comparisons N.
   *
   * @return N
   */
  public int size() {
    return prompt.length;
  }

  /**
   * Returns a copy of the prompt indices.
   *
   * @return the prompt of each comparison
   */
  public int[] prompts() {
    return prompt.clone();
  }

  /**
   * Returns a copy of the first candidates.
   *
   * @return the first candidate of each comparison
   */
  public int[] first() {
    return first.clone();
  }

  /**
   * Returns a copy of the second candidates.
   *
   * @return the second candidate of each comparison
   */
  public int[] second() {
    return second.clone();
  }

  /**
   * Returns a copy of the labels.
   *
   * @return 1 where the first candidate is preferred, else 0
   */
  public int[] labels() {
    return label.clone();
  }

  /**
   * Returns the labels as doubles (0.0 or 1.0).
   *
   * @return the labels
   */
  public double[] labelValues() {
    double[] y = new double[label.length];
    for (int i = 0; i < y.length && i < label.length; i++) {
      y[i] = label[i];
    }
    return y;
  }

  /**
   * Returns the first {@code n} comparisons.
   *
   * @param n the number kept, in {@code [1, N]}
   * @return the prefix
   * @throws IllegalArgumentException if {@code n} is out of range
   */
  public Preferences prefix(int n) {
    if (n < 1 || n > prompt.length) {
      throw new IllegalArgumentException("n: expected 1 <= n <= " + prompt.length + ", got " + n);
    }
    return new Preferences(
        java.util.Arrays.copyOf(prompt, n),
        java.util.Arrays.copyOf(first, n),
        java.util.Arrays.copyOf(second, n),
        java.util.Arrays.copyOf(label, n));
  }
}
