package org.rlhfbounds.model;

import org.checkerframework.checker.index.qual.NonNegative;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.PositiveReal;

/**
 * An RLHF instance under a linear reward model (proofs/MODEL.md#model): KL weight
 * {@code beta > 0}, ground-truth reward parameter {@code theta*} ({@code r*(x,a) = <theta*,
 * phi(x,a)>}), reference policy parameter {@code w_ref} ({@code pi_ref = pi_{w_ref}}), declared
 * feature bound {@code B} ({@code ||phi(x,a)|| <= B}) and a prompt distribution {@code D}.
 *
 * <p>The KL-regularised optimum is {@code w* = w_ref + theta* / beta} (proofs/F1.md).
 *
 * <p>Construction rejects a non-positive or non-finite beta or B, NaN or infinite entries of
 * theta* or w_ref, dimension mismatches, and (for a finite distribution, or a generative one with a
 * larger bound) features above B, with a message naming the field, the index and the value.
 *
 * <p>Thread-safe: immutable (vectors are copied in and out).
 */
public final class Instance {
  private final @PositiveReal double beta;
  private final double[] theta;
  private final double[] wRef;
  private final @PositiveReal double bound;
  private final PromptDistribution distribution;

  private Instance(
      @PositiveReal double beta,
      double[] theta,
      double[] wRef,
      @PositiveReal double bound,
      PromptDistribution distribution) {
    this.beta = beta;
    this.theta = theta;
    this.wRef = wRef;
    this.bound = bound;
    this.distribution = distribution;
  }

  /**
   * Creates an instance.
   *
   * @param beta the KL weight
   * @param theta the reward parameter theta* (copied)
   * @param wRef the reference policy parameter (copied)
   * @param featureBound the declared feature bound B
   * @param distribution the prompt distribution
   * @return the instance
   * @throws IllegalArgumentException naming the field, index and value of a bad input (a
   *     {@code beta} or {@code featureBound} that is NaN, infinite or not positive included)
   */
  public static Instance of(
      @PositiveReal double beta,
      double[] theta,
      double[] wRef,
      @PositiveReal double featureBound,
      PromptDistribution distribution) {
    Reals.positive(beta, "beta");
    Reals.positive(featureBound, "featureBound");
    int d = distribution.dim();
    checkVector(theta, d, "theta");
    checkVector(wRef, d, "wRef");
    if (distribution instanceof FiniteDistribution) {
      ((FiniteDistribution) distribution).prompts().requireNormAtMost(featureBound, "features");
    } else if (distribution instanceof GenerativeDistribution) {
      double b = ((GenerativeDistribution) distribution).bound();
      if (b > featureBound) {
        throw new IllegalArgumentException(
            "featureBound: " + featureBound + " is below the family's bound " + b);
      }
    }
    return new Instance(beta, theta.clone(), wRef.clone(), featureBound, distribution);
  }

  /**
   * Checks a parameter vector's length and finiteness.
   *
   * @param v the vector
   * @param d the expected length
   * @param field its name
   */
  static void checkVector(double[] v, int d, String field) {
    if (v.length != d) {
      throw new IllegalArgumentException(
          field + ": expected length d = " + d + ", got " + v.length);
    }
    Reals.requireFinite(v, field);
  }

  /**
   * Returns beta.
   *
   * @return the KL weight
   */
  public @PositiveReal double beta() {
    return beta;
  }

  /**
   * Returns the declared feature bound B.
   *
   * @return B
   */
  public @PositiveReal double featureBound() {
    return bound;
  }

  /**
   * Returns a copy of theta*.
   *
   * @return theta*
   */
  public @Finite double[] theta() {
    return Reals.finiteArray(theta, "theta");
  }

  /**
   * Returns a copy of w_ref.
   *
   * @return w_ref
   */
  public @Finite double[] wRef() {
    return Reals.finiteArray(wRef, "wRef");
  }

  /**
   * Returns {@code w* = w_ref + theta* / beta}, the maximiser of F and of every F_S (proofs/F1.md).
   *
   * @return a new array holding w*
   */
  public @Finite double[] wStar() {
    double[] t = theta;
    double[] r = wRef;
    if (r.length != t.length) {
      throw new IllegalStateException("theta and wRef differ in length"); // of() rules it out
    }
    double[] w = new double[t.length];
    for (int j = 0; j < t.length; j++) {
      w[j] = r[j] + t[j] / beta;
    }
    return Reals.finiteArray(w, "wStar");
  }

  /**
   * Returns the dimension d.
   *
   * @return d
   */
  public @NonNegative int dim() {
    return theta.length;
  }

  /**
   * Returns the prompt distribution.
   *
   * @return D
   */
  public PromptDistribution distribution() {
    return distribution;
  }

  /**
   * Returns the distribution as a finite one, or null if it is generative.
   *
   * @return the finite distribution or null
   */
  public @Nullable FiniteDistribution finiteDistribution() {
    return distribution instanceof FiniteDistribution ? (FiniteDistribution) distribution : null;
  }

  /**
   * Returns this instance with another prompt distribution.
   *
   * @param d the distribution
   * @return the new instance
   */
  public Instance withDistribution(PromptDistribution d) {
    return of(beta(), theta, wRef, featureBound(), d);
  }
}
