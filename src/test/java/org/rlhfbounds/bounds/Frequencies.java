package org.rlhfbounds.bounds;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Violation counting for probabilistic statements, and tightness tables.
 *
 * <p><b>Binomial margin.</b> A statement that holds with probability at least {@code 1 - delta}
 * on each of R independent examples has a violation count V stochastically below {@code
 * Bin(R, delta)}. The test rejects when {@code V > q}, {@code q = min{k : P(Bin(R, delta) > k) <=
 * 10^-3}}: a false alarm has probability at most 0.1% (confidence 99.9%). The tail is summed
 * exactly in log space.
 */
final class Frequencies {
  private Frequencies() {}

  /** The 99.9% one-sided binomial quantile q defined above. */
  static int allowedViolations(int trials, double delta) {
    double[] logPmf = new double[trials + 1];
    double lq = Math.log1p(-delta);
    double lp = Math.log(delta);
    double logChoose = 0;
    for (int k = 0; k <= trials; k++) {
      if (k > 0) {
        logChoose += Math.log(trials - k + 1) - Math.log(k);
      }
      logPmf[k] = logChoose + k * lp + (trials - k) * lq;
    }
    double tail = 0; // P(V > k), accumulated from the top
    for (int k = trials; k >= 0; k--) {
      // tail currently = P(V > k)
      if (tail > 1e-3) {
        return k + 1;
      }
      tail += Math.exp(logPmf[k]);
    }
    return 0;
  }

  /**
   * Prints the violation count at each delta, then asserts each is at most {@link
   * #allowedViolations}.
   *
   * @param label what was counted
   * @param deltas the levels
   * @param violations the counts, one per level
   * @param trials the number of trials
   */
  static void assertBelowQuantile(String label, double[] deltas, int[] violations, int trials) {
    int[] q = new int[deltas.length];
    for (int j = 0; j < deltas.length; j++) {
      q[j] = allowedViolations(trials, deltas[j]);
      System.out.printf(java.util.Locale.ROOT, "%s violations at delta = %.3g: %d of %d (allowed %d)%n",
          label, deltas[j], violations[j], trials, q[j]);
    }
    for (int j = 0; j < deltas.length; j++) {
      org.junit.jupiter.api.Assertions.assertTrue(violations[j] <= q[j],
          label + ", delta " + deltas[j] + ": " + violations[j] + " > " + q[j]);
    }
  }

  /** Collects ratios bound / measured per key and prints min and median. */
  static final class Tightness {
    private final String title;
    private final Map<String, List<Double>> ratios = new TreeMap<>();

    Tightness(String title) {
      this.title = title;
    }

    /** Records bound / measured when the measured value is above the floor. */
    synchronized void add(String key, double bound, double measured, double floor) {
      if (measured > floor && Double.isFinite(bound)) {
        ratios.computeIfAbsent(key, k -> new ArrayList<>()).add(bound / measured);
      }
    }

    synchronized double min(String key) {
      List<Double> l = ratios.get(key);
      return l == null ? Double.NaN : Collections.min(l);
    }

    synchronized String table() {
      StringBuilder sb = new StringBuilder();
      sb.append("\n== tightness (bound / measured): ").append(title).append(" ==\n");
      sb.append(String.format(Locale.ROOT, "%-28s %8s %12s %12s %12s%n", "theorem", "count",
          "min", "median", "max"));
      for (Map.Entry<String, List<Double>> e : ratios.entrySet()) {
        List<Double> l = new ArrayList<>(e.getValue());
        Collections.sort(l);
        sb.append(String.format(Locale.ROOT, "%-28s %8d %12.4g %12.4g %12.4g%n", e.getKey(),
            l.size(), l.get(0), l.get(l.size() / 2), l.get(l.size() - 1)));
      }
      return sb.toString();
    }
  }
}
