package org.rlhfbounds.bounds;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The registry of the seed paper's claims (Li, Yi, Wang, Cui, Liu, arXiv:2601.16403, 2026,
 * doi:10.48550/arXiv.2601.16403), as registered in proofs/MODEL.md#seed-claims. Reports, the {@code
 * bound} command and the rate checker cite these ids; the README lists them next to what the
 * library proves.
 *
 * <p>Thread-safe: immutable.
 */
public final class SeedClaims {
  private SeedClaims() {}

  private static final List<String> COVERAGE =
      List.of(
          "linear realizable reward r* = <theta*, phi>, ||phi|| <= B",
          "Boltzmann reference policy pi_ref = pi_{w_ref}",
          "feature coverage: full covariance coverage, or residual eps_n = O(1/n)",
          "per prompt, action features linearly independent and |A| <= d",
          "condition number Gamma may grow with n/d");

  /** The empirical optimum (stationary point) generalises at {@code O(n^-1/2)}. */
  public static final SeedClaim EMPIRICAL_OPTIMUM =
      new SeedClaim(
          "SEED-OPT",
          "the empirical optimum (stationary point) of F_S generalises at O(n^{-1/2})",
          "|F(w_S) - F_S(w_S)|",
          -0.5,
          0,
          null,
          "stationary point",
          COVERAGE,
          "T-OPT");

  /** GA with eta = 1/L, smallest-gradient iterate: {@code O(T^-1/4 + n^-1/2)}. */
  public static final SeedClaim GRADIENT_ASCENT =
      new SeedClaim(
          "SEED-GA",
          "Gradient Ascent with eta = 1/L, smallest-gradient iterate: O(T^{-1/4} + n^{-1/2})",
          "|F(w_sel) - F_S(w_sel)| and optimisation error",
          -0.5,
          -0.25,
          "eta = 1/L",
          "iterate with the smallest ||grad F_S||",
          COVERAGE,
          "T-GA-SEED, T-GA-SHARP");

  /**
   * SGA with eta_t = 1/(2 L sqrt t), smallest-full-gradient iterate: {@code O(T^-1/8 + n^-1/2)}.
   */
  public static final SeedClaim STOCHASTIC_GRADIENT_ASCENT =
      new SeedClaim(
          "SEED-SGA",
          "Stochastic Gradient Ascent with eta_t = 1/(2 L sqrt t), smallest-full-gradient iterate:"
              + " O(T^{-1/8} + n^{-1/2})",
          "|F(w_sel) - F_S(w_sel)| and optimisation error",
          -0.5,
          -0.125,
          "eta_t = 1/(2 L sqrt t)",
          "iterate with the smallest full ||grad F_S|| (a full gradient per candidate)",
          COVERAGE,
          "T-SGA-SEED, T-SGA-SHARP");

  /** Without full coverage: a residual {@code eps_n = O(1/n)} keeps the rates. */
  public static final SeedClaim RESIDUAL =
      new SeedClaim(
          "SEED-RES",
          "without full coverage, the uncovered residual eps_n <= O(1/n) keeps the n^{-1/2} rate",
          "eps_n(S) and the excess it causes",
          -1,
          0,
          null,
          null,
          COVERAGE,
          "T-RES");

  /** All claims, in a fixed order. */
  public static final List<SeedClaim> ALL =
      List.of(EMPIRICAL_OPTIMUM, GRADIENT_ASCENT, STOCHASTIC_GRADIENT_ASCENT, RESIDUAL);

  /**
   * Looks a claim up by id.
   *
   * @param id the id
   * @return the claim, or null
   */
  public static @Nullable SeedClaim byId(String id) {
    for (SeedClaim c : ALL) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    return null;
  }
}
