package org.rlhfbounds.bounds;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.learners.PreferenceLearner;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Preferences;
import org.rlhfbounds.model.Preferences.PairPolicy;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;
import org.rlhfbounds.objective.PreferenceLoss;
import org.rlhfbounds.objective.PreferencePopulation;

/**
 * Evaluates the preference theorems ({@link PreferenceMleTheorem}, {@link
 * PreferenceStabilityTheorem}) on one fit of preference data over a finite instance, with the
 * measured quantities filled in: {@code ||theta - theta*||_{Sigma_D + lambda I}}, the excess {@code
 * F(w*) - F(w)} of the policy, the comparison-loss gap {@code |R(theta) - R_S(theta)|} (R exact, by
 * {@link PreferencePopulation}) and the policy gap {@code |F(w) - F_S(w)|} over the comparisons'
 * prompts.
 *
 * <p>Thread-safe: stateless.
 */
public final class PreferenceBounds {
  private PreferenceBounds() {}

  /**
   * The certificate of a fit: the certified distances of its output to the exact optimum.
   *
   * @param gradientNorm {@code ||grad L(theta)||} rounded up
   * @param thetaRadius {@code ||theta - theta_hat|| <=} this ({@code (gradientNorm + E) / lambda},
   *     E the floating-point allowance of the computed gradient)
   * @param wRadius {@code ||w - w_DPO|| <=} this ({@code thetaRadius / beta}, rounded up)
   * @param iterations the learner's iterations or steps
   */
  public record Certificate(
      double gradientNorm, double thetaRadius, double wRadius, int iterations) {}

  /**
   * The certificate of a fit (proofs/L-DPO-MLE.md items 2 and 3).
   *
   * @param loss the loss
   * @param fit the fit
   * @param beta the KL weight
   * @return the certificate
   * @throws IllegalArgumentException if beta is not a finite positive number
   */
  public static Certificate certificate(
      PreferenceLoss loss, PreferenceLearner.Fit fit, double beta) {
    Reals.positive(beta, "beta");
    double[] g = loss.gradient(fit.theta());
    double r = PreferenceCertificate.radius(loss, fit.theta());
    return new Certificate(PreferenceCertificate.normUp(g), r, Up.div(r, beta), fit.iterations());
  }

  /**
   * Every preference theorem on a fit, in report order.
   *
   * @param instance the instance (finite prompt distribution)
   * @param data the comparisons
   * @param policy the pair policy the comparisons were drawn from
   * @param loss their loss
   * @param fit the learner's output
   * @param delta the failure probability
   * @return the results
   * @throws IllegalArgumentException if the instance is generative
   */
  public static List<BoundResult> evaluate(
      Instance instance,
      Preferences data,
      PairPolicy policy,
      PreferenceLoss loss,
      PreferenceLearner.Fit fit,
      double delta) {
    FiniteDistribution dist = instance.finiteDistribution();
    if (dist == null) {
      throw new IllegalArgumentException("instance: preference bounds need a finite prompt list");
    }
    double[] theta = fit.theta();
    double[] w = fit.w();
    double[] star = instance.theta();
    int n = data.size();
    double lambda = loss.lambda();
    double diam = Constants.featureDiameter(dist.prompts());
    Certificate cert = certificate(loss, fit, instance.beta());
    List<BoundResult> out = new ArrayList<>();

    double sigmaD = PreferenceCertificate.sigmaDLowerBound(loss);
    out.add(
        PreferenceMleTheorem.estimation(loss.dim(), n, lambda, delta, sigmaD)
            .withMeasured(designNorm(loss, theta, star)));
    Objective obj = Objective.of(instance);
    double excess = obj.excess(dist, w);
    out.add(PreferenceMleTheorem.suboptimality(loss.dim(), n, lambda, delta).withMeasured(excess));

    out.add(PreferenceStabilityTheorem.argument(diam, lambda, n));
    double lossGap =
        Math.abs(PreferencePopulation.risk(instance, policy, theta) - loss.empiricalRisk(theta));
    out.add(
        PreferenceStabilityTheorem.lossGap(diam, lambda, n, delta, cert.thetaRadius())
            .withMeasured(lossGap));
    Sample s = Sample.ofIndices(dist, data.prompts());
    double policyGap = Math.abs(obj.value(dist, w) - obj.value(s, w));
    out.add(
        PreferenceStabilityTheorem.policyGap(diam, diam, lambda, n, PreferenceCertificate.normUp(star))
            .withMeasured(policyGap));
    return out;
  }

  /**
   * {@code ||theta - theta*||_{Sigma_D + lambda I}}.
   *
   * @param loss the loss (its Sigma_D and lambda)
   * @param theta the estimate
   * @param star the true parameter
   * @return the norm
   */
  public static double designNorm(PreferenceLoss loss, double[] theta, double[] star) {
    DMatrixRMaj s = loss.sigmaD();
    int d = loss.dim();
    double[] e = new double[d];
    for (int j = 0; j < d && j < e.length && j < theta.length && j < star.length; j++) {
      e[j] = theta[j] - star[j];
    }
    double q = 0;
    for (int j = 0; j < d && j < e.length; j++) {
      double row = loss.lambda() * e[j];
      for (int k = 0; k < d && k < e.length; k++) {
        row += s.get(j, k) * e[k];
      }
      q += e[j] * row;
    }
    return Math.sqrt(Math.max(q, 0));
  }
}
