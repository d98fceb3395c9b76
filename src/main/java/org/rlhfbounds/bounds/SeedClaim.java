package org.rlhfbounds.bounds;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One claim of the seed paper, as data: Li, Yi, Wang, Cui, Liu, "Towards a Theoretical
 * Understanding to the Generalization of RLHF", arXiv:2601.16403 (2026),
 * doi:10.48550/arXiv.2601.16403. Reports and the rate checker cite claims by {@link #id()}.
 *
 * <p>A claimed rate is {@code O(n^exponentN + T^exponentT)}; an exponent of 0 means the quantity
 * does not depend on that variable in the claim. Thread-safe: immutable.
 */
public final class SeedClaim {
  private final String id;
  private final String statement;
  private final String quantity;
  private final double exponentN;
  private final double exponentT;
  private final @Nullable String stepSize;
  private final @Nullable String selection;
  private final List<String> assumptions;
  private final String provedBy;

  SeedClaim(
      String id,
      String statement,
      String quantity,
      double exponentN,
      double exponentT,
      @Nullable String stepSize,
      @Nullable String selection,
      List<String> assumptions,
      String provedBy) {
    this.id = id;
    this.statement = statement;
    this.quantity = quantity;
    this.exponentN = exponentN;
    this.exponentT = exponentT;
    this.stepSize = stepSize;
    this.selection = selection;
    this.assumptions = List.copyOf(assumptions);
    this.provedBy = provedBy;
  }

  /**
   * Returns the claim id, e.g. {@code SEED-GA}.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Returns the claim in one line.
   *
   * @return the statement
   */
  public String statement() {
    return statement;
  }

  /**
   * Returns the quantity the claim bounds.
   *
   * @return the quantity
   */
  public String quantity() {
    return quantity;
  }

  /**
   * Returns the claimed exponent of n (e.g. -0.5), 0 if none.
   *
   * @return the exponent in n
   */
  public double exponentN() {
    return exponentN;
  }

  /**
   * Returns the claimed exponent of T (e.g. -0.25), 0 if none.
   *
   * @return the exponent in T
   */
  public double exponentT() {
    return exponentT;
  }

  /**
   * Returns the step size of the claim, or null.
   *
   * @return the step size
   */
  public @Nullable String stepSize() {
    return stepSize;
  }

  /**
   * Returns the iterate selection rule of the claim, or null.
   *
   * @return the selection rule
   */
  public @Nullable String selection() {
    return selection;
  }

  /**
   * Returns the claim's assumptions.
   *
   * @return the assumptions
   */
  public List<String> assumptions() {
    return assumptions;
  }

  /**
   * Returns the ids of the project's theorems that prove (or sharpen) the claim.
   *
   * @return theorem ids, comma separated
   */
  public String provedBy() {
    return provedBy;
  }
}
