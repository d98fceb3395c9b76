package org.rlhfbounds.bounds;

import java.util.List;
import org.rlhfbounds.contracts.Theorem;

/**
 * T-PREF-MLE (proofs/T-PREF-MLE.md): the consistency of the reward MLE in the {@code Sigma_D}
 * semi-norm, as stated by B. Zhu, M. I. Jordan, J. Jiao, "Principled Reinforcement Learning with
 * Human Feedback from Pairwise or K-wise Comparisons", ICML 2023, arXiv:2301.11270,
 * doi:10.48550/arXiv.2301.11270 (Lemma 3.1, pairwise case), and its transfer to the policy's
 * suboptimality (Theorem 3.2). The statement carries an unspecified absolute constant {@code C}, so
 * the library reports it with the quantities it can compute (d, N, lambda, delta, the certified
 * {@code lambda_min(Sigma_D)}) and the measured error {@code ||theta - theta*||_{Sigma_D + lambda
 * I}}, and never as a number: the result is not applicable, its failed assumption names the
 * constant. The constants of the statement other than C could not be checked against the stored
 * sources either (proofs/T-PREF-MLE.md, Sources).
 *
 * <p>Thread-safe: stateless.
 */
public final class PreferenceMleTheorem extends PreferenceTheorem {
  /** The registered instance. */
  public static final PreferenceMleTheorem INSTANCE = new PreferenceMleTheorem();

  /** The theorem id. */
  public static final String ID = "T-PREF-MLE";

  private static final String TITLE =
      "MLE consistency in the Sigma_D norm (Zhu, Jordan, Jiao 2023, Lemma 3.1 / Theorem 3.2)";

  private PreferenceMleTheorem() {
    super(ID);
  }

  /**
   * The estimation error of the MLE in the {@code Sigma_D + lambda I} norm: reported, not
   * evaluated (class comment).
   *
   * @param d the dimension
   * @param n the number of comparisons
   * @param lambda the ridge weight
   * @param delta the failure probability
   * @param sigmaDLower the certified lower bound on {@code lambda_min(Sigma_D)}
   * @return the result (part {@code gap}: the estimation error), never applicable
   */
  @Theorem("T-PREF-MLE")
  public static BoundResult estimation(int d, int n, double lambda, double delta, double sigmaDLower) {
    BoundResult.Builder b =
        BoundResult.builder(ID, BoundResult.MAIN, TITLE,
            "||theta - theta*||_{Sigma_D + lambda I}", BoundResult.PROB_S);
    b.constant("d", (double) d).constant("N", (double) n).constant("lambda", lambda)
        .constant("delta", delta).constant("lambda_min(Sigma_D) certified", sigmaDLower);
    common(b);
    return b.finish(null);
  }

  /**
   * The policy's suboptimality (Theorem 3.2 of the source, for the pessimistic MLE): reported, not
   * evaluated.
   *
   * @param d the dimension
   * @param n the number of comparisons
   * @param lambda the ridge weight
   * @param delta the failure probability
   * @return the result (part {@code suboptimality}), never applicable
   */
  @Theorem("T-PREF-MLE")
  public static BoundResult suboptimality(int d, int n, double lambda, double delta) {
    BoundResult.Builder b =
        BoundResult.builder(ID, "suboptimality", TITLE,
            "J(pi*) - J(pi_hat) of the greedy policy of the pessimistic MLE", BoundResult.PROB_S);
    b.constant("d", (double) d).constant("N", (double) n).constant("lambda", lambda)
        .constant("delta", delta);
    common(b);
    b.assume(Assumption.of("policy",
        "the policy is the greedy policy of the pessimistic MLE (Theorem 3.2)", false, null,
        "the library's policy is the KL-regularised (Boltzmann) policy w_ref + theta / beta, not the"
            + " pessimistic greedy one"));
    return b.finish(null);
  }

  private static void common(BoundResult.Builder b) {
    b.assume(Assumption.of("constant",
        "the absolute constant C of the statement is known", false, null,
        "the source states the bound with an unspecified absolute constant C; it is not evaluated"));
    b.assume(Assumption.of("estimator",
        "theta is the MLE constrained to ||theta|| <= B (the source's estimator)", false, null,
        "the learner here is the ridge-regularised MLE over R^d"));
    b.note("cited, not evaluated: proofs/T-PREF-MLE.md gives the statement and why its constants"
        + " are not used");
  }
}
