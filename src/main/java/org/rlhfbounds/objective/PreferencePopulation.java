package org.rlhfbounds.objective;

import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Preferences;
import org.rlhfbounds.model.Preferences.PairPolicy;

/**
 * The population of comparisons of a finite instance and its expected comparison loss, computed
 * exactly: the prompt from the instance's weights, the ordered pair {@code (a, b)}, {@code a != b},
 * from the pair policy ({@code 1 / (K (K - 1))} for {@link PairPolicy#UNIFORM}; {@code pi_ref(a)
 * pi_ref(b) / (1 - pi_ref(a))} for {@link PairPolicy#REFERENCE}) and the label from the
 * Bradley-Terry model, so
 *
 * <pre>
 *   R(theta) = E_x E_{(a,b)} [softplus(u) - p u],   u = &lt;theta, phi(x,a) - phi(x,b)&gt;,
 *   p = sigmoid(r*(x,a) - r*(x,b)),
 * </pre>
 *
 * the expectation of the unregularised comparison loss {@code softplus(u) - y u} (the labels enter
 * linearly). Cost {@code O(M K^2 d)}.
 *
 * <p>NaN or infinite parameters give NaN or infinity. Thread-safe: stateless.
 */
public final class PreferencePopulation {
  private PreferencePopulation() {}

  /**
   * The expected comparison loss {@code R(theta)} (class comment).
   *
   * @param instance an instance with a finite prompt distribution
   * @param policy the pair policy
   * @param theta the reward parameter
   * @return {@code R(theta)}
   * @throws IllegalArgumentException if the distribution is not finite
   */
  public static double risk(Instance instance, PairPolicy policy, double[] theta) {
    FiniteDistribution dist = instance.finiteDistribution();
    if (dist == null) {
      throw new IllegalArgumentException("instance: the population risk needs a finite prompt list");
    }
    Features f = dist.prompts();
    double[] star = instance.theta();
    double[] wRef = instance.wRef();
    double total = 0;
    for (int x = 0; x < f.size(); x++) {
      double px = dist.weight(x);
      if (px == 0) {
        continue;
      }
      int k = f.candidates(x);
      double[] u = new double[k];
      double[] r = new double[k];
      double[] ref = new double[k];
      double max = Double.NEGATIVE_INFINITY;
      for (int a = 0; a < k; a++) {
        double[] row = Preferences.row(f, x, a);
        u[a] = PreferenceLoss.dot(row, theta);
        r[a] = PreferenceLoss.dot(row, star);
        ref[a] = PreferenceLoss.dot(row, wRef);
        max = Math.max(max, ref[a]);
      }
      double z = 0;
      for (int a = 0; a < k; a++) {
        ref[a] = Math.exp(ref[a] - max);
        z += ref[a];
      }
      double inner = 0;
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          if (a == b) {
            continue;
          }
          double q;
          if (policy == PairPolicy.UNIFORM) {
            q = 1.0 / ((double) k * (k - 1));
          } else {
            double pa = ref[a] / z;
            q = pa < 1 ? pa * (ref[b] / z) / (1 - pa) : 0;
          }
          double v = u[a] - u[b];
          double p = Preferences.sigmoid(r[a] - r[b]);
          inner += q * (PreferenceLoss.softplus(v) - p * v);
        }
      }
      total += px * inner;
    }
    return total;
  }
}
