package org.rlhfbounds.bounds;

import java.util.List;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Theorem;

/**
 * T-RES (proofs/T-RES.md), no coverage: the GA limit {@code w_inf = w* + P_N(w0 - w*)} satisfies,
 * with probability {@code >= 1 - delta} over S,
 *
 * <pre>
 *   -H - beta p^2 eps_n / 8  <=  gen_S(w_inf)  <=  H,      p = ||P_N(w0 - w*)||,
 * </pre>
 *
 * so {@code |gen_S(w_inf)| <= H + beta p^2 eps_n / 8}, and deterministically given S the excess
 * risk {@code F(w*) - F(w_inf)} is at most {@code beta p^2 eps_n / 8}.
 *
 * <p>Values are rounded up; without eps_n (a generative population) and a non-zero kernel part the
 * theorem is not applicable. Thread-safe: stateless.
 */
public final class ResidualTheorem extends AbstractTheorem {
  /** The registered instance. */
  public static final ResidualTheorem INSTANCE = new ResidualTheorem();

  private static final String ID = "T-RES";
  private static final String TITLE = "Without coverage: the residual of the GA limit";
  private static final String AT = " at w_inf = w* + P_N(w0 - w*)";

  private ResidualTheorem() {
    super(ID, Kind.A_PRIORI);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The gap and the excess risk at the GA limit, for GA and SGA runs alike (the limit depends on
   * the sample and the start only).
   */
  @Override
  public List<BoundResult> evaluate(BoundContext run) {
    return List.of(
        gap(run.inputs()).withMeasured(run.limitGap()),
        excess(run.inputs()).withMeasured(run.limitExcess()));
  }

  /** Records the scale, p and the kernel dimension. */
  private static void constants(BoundResult.Builder b, BoundInputs in) {
    LemmaK.scale(b, in);
    b.constant("p", in.pKernel()).constant("kernelDim", (double) in.kernelDim());
    b.constant("mu", in.leakage())
        .constant("rRes", in.residualRange())
        .constant("qRes", in.residualKernel());
  }

  /**
   * The bound on {@code |gen_S(w_inf)|}: {@code H + beta p^2 eps_n / 8}.
   *
   * @param in the constants
   * @return the bound
   */
  @Theorem("T-RES")
  public static BoundResult gap(BoundInputs in) {
    BoundResult.Builder b =
        BoundResult.builder(ID, BoundResult.MAIN, TITLE, BoundResult.GAP + AT, BoundResult.PROB_S);
    constants(b, in);
    double h = LemmaK.hoeffding(b, in);
    double q = in.residualKernel();
    double eps = LemmaK.residual(b, in, q);
    double core = LemmaK.gapCore(b, in, in.residualRange(), q, eps);
    return b.finish(Up.add(h, core));
  }

  /**
   * The bound on the excess risk of the GA limit: {@code F(w*) - F(w_inf) <= beta p^2 eps_n / 8}.
   *
   * @param in the constants
   * @return the bound
   */
  @Theorem("T-RES")
  public static BoundResult excess(BoundInputs in) {
    BoundResult.Builder b =
        BoundResult.builder(ID, "excess", TITLE, BoundResult.EXCESS + AT, BoundResult.DETERMINISTIC);
    constants(b, in);
    double q = in.residualKernel();
    double eps = LemmaK.residual(b, in, q);
    return b.finish(LemmaK.lowerCore(in.beta(), in.diameter(), in.residualRange(), q, eps));
  }
}
