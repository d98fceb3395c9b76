package org.rlhfbounds.bounds;

import java.util.List;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Theorem;

/**
 * T-RES-EXP (proofs/T-RES-EXP.md): the residual is {@code O(1/n)} in expectation,
 *
 * <pre>
 *   E_S eps_n(S) <= diam^2 r / (n + 1)  <=  4 B^2 d / (n + 1),
 * </pre>
 *
 * r = dimension of the span of all candidate differences of the population ({@code <= d}), {@code
 * diam <= 2B}: the seed's residual {@code O(1/n)} (F9 of proofs/MODEL.md#facts states {@code 4 B^2 d / (n +
 * 1)}).
 *
 * <p>The value is rounded up. Thread-safe: stateless.
 */
public final class ResidualExpectationTheorem extends AbstractTheorem {
  /** The registered instance. */
  public static final ResidualExpectationTheorem INSTANCE = new ResidualExpectationTheorem();

  private ResidualExpectationTheorem() {
    super("T-RES-EXP", Kind.A_PRIORI);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The bound next to the sample's own eps_n (one draw of the expectation).
   */
  @Override
  public List<BoundResult> evaluate(BoundContext run) {
    return List.of(expectation(run.inputs()).withMeasured(run.inputs().epsN()));
  }

  /**
   * The bound on {@code E_S eps_n(S)}.
   *
   * @param in the constants
   * @return the bound on the expected residual
   */
  @Theorem("T-RES-EXP")
  public static BoundResult expectation(BoundInputs in) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-RES-EXP",
            BoundResult.MAIN,
            "The residual is O(1/n) in expectation",
            "E_S eps_n(S)",
            "in expectation over S");
    b.constant("diam", in.diameter()).constant("rank", (double) in.rank())
        .constant("n", (double) in.n());
    b.assume(
        Assumption.of(
            "iid", "S is an iid sample of n prompts from the population", true, null,
            "by construction of the sample"));
    double v = Up.div(Up.mul(Up.mul(in.diameter(), in.diameter()), in.rank()), in.n() + 1.0);
    b.note("F9 form (proofs/MODEL.md#facts): 4 B^2 d / (n + 1) >= this value");
    return b.finish(v);
  }
}
